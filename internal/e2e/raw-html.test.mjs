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
