// Tables and code blocks: as nhsuk-frontend 10's scroll and code scripts
// do, scroll.js makes one a tab stop, and a region named by its caption or
// label, only while it overflows; without JavaScript it still scrolls.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, pages, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const features = pages.find((p) => p.name === 'article-markdown-features');

// state returns, for each table and code block, whether it overflows and
// what scroll.js made of it.
const state = () =>
  [...document.querySelectorAll('.nhsuk-scroll__content, .nhsuk-code__content')].map((el) => {
    const label = el.getAttribute('aria-label') ?? document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? null;
    return {
      what: `${el.className} ${el.getAttribute('data-app-label') ?? ''}`.trim(),
      over: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
      tabindex: el.getAttribute('tabindex'),
      role: el.getAttribute('role'),
      label: label && label.trim(),
      scrolls: getComputedStyle(el).overflowX === 'auto',
    };
  });

const consistent = (s) => s.every((e) => (e.over ? e.tabindex === '0' && e.role === 'region' && !!e.label : e.tabindex === null && e.role === null));

test('a table or code block is a focusable, named region only while it overflows', async () => {
  const { page, watcher } = await visit(browser.context, features);
  const seen = { over: 0, fits: 0 };
  for (const width of [1280, 320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    // The ResizeObserver runs after layout: wait for it, asking from
    // here (waitForFunction would evaluate a string in the page, which
    // the Content-Security-Policy forbids), for at most 50 frames.
    let s = await page.evaluate(state);
    for (let i = 0; i < 50 && !consistent(s); i++) {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
      s = await page.evaluate(state);
    }
    assert.ok(s.length >= 3, `tables and code blocks on ${features.path}: ${s.length}`);
    for (const e of s) {
      seen[e.over ? 'over' : 'fits']++;
      if (e.over) {
        assert.deepEqual([e.tabindex, e.role, !!e.label], ['0', 'region', true], `${e.what} at ${width} px overflows: a named region and a tab stop`);
      } else {
        assert.deepEqual([e.tabindex, e.role], [null, null], `${e.what} at ${width} px fits: no region, no tab stop`);
      }
    }
  }
  assert.ok(seen.over > 0 && seen.fits > 0, `some overflow and some fit: ${JSON.stringify(seen)}`);
  await watcher.check();
  await page.close();
});

test('without JavaScript, tables and code blocks still scroll and are no regions', async () => {
  const context = browser.context;
  const page = await context.newPage();
  await page.route('**/*.js', (route) => route.abort('blockedbyclient'));
  await page.setViewportSize({ width: 320, height: 900 });
  await page.goto(new URL(features.path.replace(/^\//, ''), 'http://' + new URL(process.env.SIGNPOST_BASE).host + '/').href);
  const s = await page.evaluate(state);
  assert.ok(s.some((e) => e.over), 'something overflows at 320 px');
  for (const e of s) {
    assert.ok(e.scrolls, `${e.what} scrolls sideways without JavaScript`);
    assert.deepEqual([e.tabindex, e.role], [null, null], `${e.what}: no region, no tab stop, without JavaScript`);
  }
  await page.close();
});
