// Raw HTML a page leaves open, or that closes what it did not open, stays
// inside the page's body as Chromium parses it: the theme's header, main
// content and footer are where they are on every page, in no link, table
// or cell of the page's making, and a <details> whose content is Markdown
// still holds it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, pagesOfKind, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// layout reads where the theme's landmarks ended up.
function layout() {
  const footer = document.querySelector('footer');
  const main = document.querySelector('main#maincontent');
  return {
    footerParent: footer?.parentElement?.tagName,
    footerInside: ['a', 'table', 'td', 'th', 'tr', 'main', 'details', 'b', 'i', 'li'].filter((t) => footer?.parentElement?.closest(t)),
    mainParent: main?.parentElement?.tagName,
    mainCount: document.querySelectorAll('main').length,
    footerLinks: [...(footer?.querySelectorAll('a') ?? [])].map((a) => a.closest('a[href*="evil.example"]') ? 'evil' : 'ok'),
    evilLinks: [...document.querySelectorAll('a[href*="evil.example"]')].map((a) => ({
      inMain: !!a.closest('main'),
      text: a.textContent.trim(),
    })),
    tablesOutsideMain: [...document.querySelectorAll('table')].filter((t) => !t.closest('main')).length,
  };
}

for (const p of pagesOfKind('raw')) {
  test(`${p.name}: raw HTML stays inside the page's content`, async () => {
    const { page, watcher } = await visit(browser.context, p);
    const got = await page.evaluate(layout);
    assert.equal(got.mainCount, 1, 'one main element');
    assert.deepEqual(got.footerInside, [], 'the footer is inside an element of the page');
    // As base.html places them: the footer in the body, the main content
    // in the width container.
    assert.equal(got.footerParent, 'BODY', 'the footer is not where the theme puts it');
    assert.equal(got.mainParent, 'DIV', 'the main content is not where the theme puts it');
    assert.ok(got.footerLinks.every((l) => l === 'ok'), 'a footer link is inside the page\'s link');
    assert.equal(got.tablesOutsideMain, 0, 'a table of the page is outside the main content');
    for (const a of got.evilLinks) {
      assert.ok(a.inMain, 'the page\'s link is outside the main content');
      assert.ok(!/Updates feed|Contents|Page last reviewed/.test(a.text), `the page's link takes in the theme's text: ${a.text}`);
    }
    if (p.name === 'raw-unclosed-link') {
      // The link ends with its paragraph.
      assert.deepEqual(got.evilLinks.map((a) => a.text), ['the new guidance']);
    }
    if (p.name === 'raw-details') {
      const details = await page.evaluate(() => {
        const d = document.querySelector('main details');
        return d && { summary: d.querySelector('summary')?.textContent, strong: d.querySelector('strong')?.textContent };
      });
      assert.deepEqual(details, { summary: 'Show more', strong: 'Markdown' }, 'the details holds its Markdown');
    }
    await watcher.check();
    await page.close();
  });
}

test('a wide raw HTML table scrolls inside itself, named by its caption, and its links are 24 px targets', async () => {
  const p = pagesOfKind('raw').find((x) => x.name === 'raw-wide-table');
  const { page, watcher } = await visit(browser.context, p);
  await page.setViewportSize({ width: 320, height: 800 });
  const region = page.locator('main .nhsuk-scroll__content:has(table)');
  await page.waitForFunction(() => document.querySelector('main .nhsuk-scroll__content')?.getAttribute('role') === 'region');
  assert.equal(await region.getAttribute('aria-label'), 'Contributors', 'the region is named by the caption');
  assert.equal(await region.getAttribute('tabindex'), '0', 'the overflowing table is a Tab stop');
  const o = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth }));
  assert.ok(o.scroll <= o.client, `the page scrolls sideways: ${o.scroll} > ${o.client}`);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main td a')].map((a) => a.getBoundingClientRect()).filter((r) => r.width < 24 || r.height < 24).length);
  assert.equal(small, 0, 'links in the table smaller than 24 × 24 px');
  await watcher.check();
  await page.close();
});
