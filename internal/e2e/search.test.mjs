// The search page and its script, under the site's CSP. Its accessibility
// and focus are audited with every other page in a11y.test.mjs (as
// "search" and, with results, "search-query"); what the search does is
// tested here.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { base, launch, pages, searchSettled, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const search = pages.find((p) => p.name === 'search');
const home = pages.find((p) => p.kind === 'home');

test('results appear as you type, are announced, and link inside the site', async () => {
  const { page, watcher } = await visit(browser.context, search);
  assert.equal(await page.locator('[data-search-fallback]').isHidden(), true, 'the no-JavaScript text is hidden once the script runs');
  const field = page.locator('#search-q');
  assert.ok((await field.getAttribute('id')) && (await page.locator('label[for="search-q"]').count()) === 1, 'the field has a label');
  await field.fill('paperless');
  await searchSettled(page);
  const status = page.locator('[data-search-status]');
  assert.equal(await status.getAttribute('aria-live'), 'polite');
  assert.match(await status.textContent(), /\d+ results? for/);
  const links = await page.locator('[data-search-result] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length > 0, 'at least one result');
  for (const href of links) {
    assert.ok(href.startsWith(base.pathname), `result ${href} is under ${base.pathname}`);
  }
  // The first result opens its page.
  await Promise.all([page.waitForURL((u) => u.pathname === links[0].split('#')[0]), page.locator('[data-search-result] a').first().click()]);
  await watcher.check();
  await page.close();
});

test('a query in the address is answered when the page opens', async () => {
  const { page, watcher } = await visit(browser.context, pages.find((p) => p.name === 'search-query'));
  assert.match(await page.locator('[data-search-status]').textContent(), /\d+ results? for .*leadership/);
  assert.equal(await page.locator('#search-q').inputValue(), 'leadership');
  await watcher.check();
  await page.close();
});

test('front matter shown in results stays text', async () => {
  const { page, watcher } = await visit(browser.context, search);
  await page.locator('#search-q').fill('every markdown feature');
  await searchSettled(page);
  const results = page.locator('[data-search-results]');
  assert.match(await results.textContent(), /one page <img src=x onerror=alert\(1\)>/, 'the markup is shown as text');
  assert.equal(await results.locator('img, script').count(), 0, 'no element made from front matter');
  await watcher.check();
  await page.close();
});

test('the header search box on any page goes to the search page', async () => {
  const { page, watcher } = await visit(browser.context, home);
  await page.locator('#search-field').fill('paperless');
  await Promise.all([page.waitForURL(/\/search\/\?q=paperless/), page.locator('#search-field').press('Enter')]);
  assert.equal(new URL(page.url()).pathname, `${base.pathname}search/`);
  await searchSettled(page);
  await watcher.check();
  await page.close();
});
