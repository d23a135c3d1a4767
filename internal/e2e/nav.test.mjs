// Navigation through a knowledge base of guidance: the header's links
// and its "More" control at every width, with and without JavaScript;
// breadcrumbs through nested sections; previous and next and the "in
// this section" list. Each page's accessibility, focus and reflow are
// audited with every other page in a11y.test.mjs.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { base, launch, launchArgs, pages, visit } from './lib.mjs';

let browser;
// plain is a browser without a persistent profile, for contexts with
// JavaScript turned off.
let plain;
before(async () => {
  browser = await launch();
  plain = await chromium.launch({ executablePath: process.env.SIGNPOST_CHROMIUM || '/usr/bin/chromium', headless: true, args: launchArgs });
});
after(async () => {
  await browser?.close();
  await plain?.close();
});

const nested = pages.find((p) => p.name === 'page-nested');
const guide = pages.find((p) => p.name === 'page');

// header reads what the header navigation shows: the links on the bar,
// those under More, whether More is there, and how tall the bar is.
const header = (page) =>
  page.evaluate(() => {
    const shown = (el) => el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
    const nav = document.querySelector('.nhsuk-header__navigation');
    const bar = [...nav.querySelectorAll('.nhsuk-header__navigation-list > .nhsuk-header__navigation-item')];
    const menu = [...nav.querySelectorAll('.nhsuk-header__menu-list > li')];
    const more = nav.querySelector('.nhsuk-header__menu');
    return {
      bar: bar.filter(shown).map((li) => li.textContent.trim()),
      menu: menu.map((li) => ({ text: li.textContent.trim(), shown: shown(li) })),
      more: more ? shown(more) : false,
      open: !!nav.querySelector('details[open]'),
      height: nav.getBoundingClientRect().height,
      rowTop: [...new Set([...bar, more].filter((li) => li && shown(li)).map((li) => Math.round(li.getBoundingClientRect().top)))],
    };
  });

for (const javaScriptEnabled of [true, false]) {
  describe(`header navigation, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    for (const width of [320, 700, 1280]) {
      test(`at ${width} px: one row, every link reachable once`, async () => {
        const context = await plain.newContext({ javaScriptEnabled, viewport: { width, height: 800 } });
        // Nothing may leave the local server.
        await context.route((url) => url.host !== base.host, (route) => route.abort('blockedbyclient'));
        const tab = await context.newPage();
        const resp = await tab.goto(new URL(guide.path.replace(/^\//, ''), base.origin + '/').href);
        assert.equal(resp.status(), 200);
        let h = await header(tab);
        assert.equal(h.rowTop.length, 1, `the bar's links sit on one row: ${JSON.stringify(h)}`);
        const all = await tab.evaluate(() => [...document.querySelectorAll('.nhsuk-header__navigation-list > .nhsuk-header__navigation-item')].map((li) => li.textContent.trim()));
        const under = h.menu.filter((m) => m.shown).map((m) => m.text);
        if (h.more) {
          // Closed, nothing under More is shown; open it from the
          // keyboard and the rest of the links are there, each once.
          assert.deepEqual(under, [], 'links under a closed More are hidden');
          await tab.focus('.nhsuk-header__menu-toggle');
          await tab.keyboard.press('Enter');
          h = await header(tab);
          assert.ok(h.open, 'Enter opens More');
          const opened = h.menu.filter((m) => m.shown).map((m) => m.text);
          assert.deepEqual([...h.bar, ...opened], all, `the bar and More show every link once, in order`);
          // The first link under More is the next Tab stop.
          await tab.keyboard.press('Tab');
          const focused = await tab.evaluate(() => document.activeElement.closest('.nhsuk-header__menu-list') !== null);
          assert.ok(focused, 'Tab moves into the open menu');
          await tab.focus('.nhsuk-header__menu-toggle');
          await tab.keyboard.press('Enter');
          assert.ok(!(await header(tab)).open, 'Enter closes More');
        } else {
          assert.deepEqual(h.bar, all, 'without More, the bar shows every link');
        }
        if (width === 320) assert.ok(h.more, 'at 320 px some links are under More');
        if (width === 1280) assert.ok(!h.more, 'at 1280 px every link fits');
        await context.close();
      });
    }
  });
}

test('the header marks the section of the page', async () => {
  const { page, watcher } = await visit(browser.context, nested);
  const current = await page.evaluate(() =>
    [...document.querySelectorAll('.nhsuk-header__navigation-list > .nhsuk-header__navigation-item a[aria-current]')].map((a) => [a.textContent.trim(), a.getAttribute('aria-current')]),
  );
  assert.deepEqual(current, [['Guides', 'true']]);
  await watcher.check();
  await page.close();
});

test('breadcrumbs lead through every section above a nested page', async () => {
  const { page, watcher } = await visit(browser.context, nested);
  const crumbs = await page.evaluate(() => [...document.querySelectorAll('.nhsuk-breadcrumb__list a')].map((a) => [a.textContent.trim(), new URL(a.href).pathname]));
  const root = new URL(base).pathname;
  assert.deepEqual(crumbs, [
    ['Home', root],
    ['Guides', root + 'guides/'],
    ['Keeping systems secure', root + 'guides/keeping-systems-secure/'],
  ]);
  await watcher.check();
  await page.close();
});

test('previous and next, and the section list, lead through the section by keyboard', async () => {
  const { page, watcher } = await visit(browser.context, nested);
  const list = await page.evaluate(() => {
    const nav = document.querySelector('.sp-section-nav');
    return {
      label: nav?.getAttribute('aria-labelledby') && document.getElementById(nav.getAttribute('aria-labelledby')).textContent.trim(),
      items: [...nav.querySelectorAll('li')].map((li) => [li.textContent.trim(), li.getAttribute('aria-current')]),
    };
  });
  assert.equal(list.label, 'In this section: Keeping systems secure');
  assert.deepEqual(list.items, [
    ['Phishing and security awareness', 'page'],
    ['Security foundations', null],
  ]);
  assert.equal(await page.locator('.nhsuk-pagination a[rel="prev"]').count(), 0, 'the first page has no previous page');
  const next = page.locator('.nhsuk-pagination a[rel="next"]');
  assert.equal((await next.textContent()).replace(/\s+/g, ' ').trim(), 'Next page: Security foundations');
  await next.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/security-foundations/);
  const prev = page.locator('.nhsuk-pagination a[rel="prev"]');
  assert.equal((await prev.textContent()).replace(/\s+/g, ' ').trim(), 'Previous page: Phishing and security awareness');
  await watcher.check();
  await page.close();
});
