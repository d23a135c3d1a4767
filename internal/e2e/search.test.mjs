// The search page. Its accessibility, CSP and focus are audited with every
// other page in a11y.test.mjs (as "search" and "search-query"); tests of
// what the search does belong here.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { base, launch, pages, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const search = pages.find((p) => p.name === 'search');

test('the search form has a label and submits the query to the search page', async () => {
  const { page, watcher } = await visit(browser.context, search);
  const field = page.getByLabel('Search this site', { exact: true }).last();
  await field.fill('digital leadership');
  await Promise.all([page.waitForURL(/\/search\/\?q=/), field.press('Enter')]);
  const url = new URL(page.url());
  assert.equal(url.pathname, `${base.pathname}search/`);
  assert.equal(url.searchParams.get('q'), 'digital leadership');
  await watcher.check();
  await page.close();
});

test('the header search box on any page goes to the search page', async () => {
  const home = pages.find((p) => p.kind === 'home');
  const { page, watcher } = await visit(browser.context, home);
  await page.locator('#search-field').fill('paperless');
  await Promise.all([page.waitForURL(/\/search\/\?q=paperless/), page.locator('#search-field').press('Enter')]);
  assert.equal(new URL(page.url()).pathname, `${base.pathname}search/`);
  await watcher.check();
  await page.close();
});
