// The search page and its script, under the site's CSP. Its accessibility
// and focus are audited with every other page in a11y.test.mjs (as
// "search" and, with results, "search-query"); what the search does is
// tested here.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { base, launch, pages, searchSettled, visit, watch } from './lib.mjs';

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

// settledOn waits until the live region reports on query q itself, not on
// a prefix typed on the way.
async function settledOn(page, q) {
  await page.waitForFunction(
    (q) => {
      const t = document.querySelector('[data-search-status]')?.textContent ?? '';
      return /results? for|No results/.test(t) && t.toLowerCase().includes(q.toLowerCase());
    },
    q,
  );
}

test('on a phone the filters are a closed "Filter results" details, so the results come first', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  const watcher = watch(page);
  await page.goto(new URL('search/?q=leadership', base).href, { waitUntil: 'load' });
  await searchSettled(page);
  const filters = page.locator('[data-search-facets] details.app-search__filter');
  await filters.waitFor({ state: 'attached' });
  assert.equal(await filters.evaluate((d) => d.open), false, 'the filters start closed');
  assert.equal(await page.locator('[data-search-facets] h2').count(), 0, 'no heading as well as the summary');
  const top = await page.locator('[data-search-result]').first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  assert.ok(top < 1000, `the first result is ${Math.round(top)} px down the page`);
  // Opened, a filter works, and the filters stay open as the results change.
  await filters.locator(':scope > summary').click();
  const before = await page.locator('[data-search-result]').count();
  await page.locator('[data-search-facets] input[type=checkbox][value="interview"]').check();
  await page.waitForFunction((n) => document.querySelectorAll('[data-search-result]').length < n, before);
  assert.equal(await page.locator('[data-search-facets] details.app-search__filter').evaluate((d) => d.open), true, 'still open');
  await watcher.check();
  await page.close();
});

test('a question finds the answer first; a facet narrows it; the result opens at its answer', async () => {
  const { page, watcher } = await visit(browser.context, search);
  const q = 'who said what about WannaCry';
  await page.locator('#search-q').pressSequentially(q, { delay: 15 });
  await settledOn(page, q);
  const first = page.locator('[data-search-result] a').first();
  const href = await first.getAttribute('href');
  assert.equal(href, `${base.pathname}interviews/mark-stanton-dudley-group/#security`, 'the interview answer comes first');
  const before = await page.locator('[data-search-result]').count();
  assert.ok(before >= 2, `want results of more than one kind before filtering, got ${before}`);

  // Apply the "Interview" content-type facet: the URL records it, and only
  // interviews remain.
  const facet = page.locator('[data-search-facets] input[type=checkbox][value="interview"]');
  await facet.check();
  await page.waitForFunction(() => new URL(location.href).searchParams.getAll('kind').includes('interview'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-search-result]').length < n, before);
  const kinds = await page.locator('[data-search-result] .app-search-result__kind').allTextContents();
  assert.ok(kinds.length > 0 && kinds.every((k) => /interview/i.test(k)), `only interviews after the facet: ${kinds}`);
  assert.equal(new URL(page.url()).searchParams.get('q'), q, 'the query stays in the URL so the search can be shared');

  // Follow the result: the page opens at the question's anchor.
  await Promise.all([page.waitForURL((u) => u.hash === '#security'), page.locator('[data-search-result] a').first().click()]);
  assert.equal(new URL(page.url()).pathname, `${base.pathname}interviews/mark-stanton-dudley-group/`);
  const target = page.locator('#security');
  assert.equal(await target.count(), 1, 'the anchor exists on the page');
  assert.match(await target.textContent(), /secure/i);
  assert.ok(await target.isVisible(), 'the answer is on screen');
  await watcher.check();
  await page.close();
});

test('the header box shows results as you type, loading the search only when used', async () => {
  const { page, watcher } = await visit(browser.context, home);
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  const scripts = await page.locator('script[src]').evaluateAll((ss) => ss.map((s) => s.getAttribute('src')));
  assert.ok(scripts.every((s) => /search-loader\./.test(s)), `only the loader at page load: ${scripts}`);
  assert.equal(loaded.filter((p) => p.includes('/search/')).length, 0, 'no index fetched at load');

  const field = page.locator('#search-field');
  await field.focus();
  await field.pressSequentially('wannacry', { delay: 15 });
  const popup = page.locator('#search-popup');
  await popup.waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelectorAll('#search-popup [data-search-result] a').length > 0);
  const links = await popup.locator('[data-search-result] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.length <= 5, `at most 5 results in the popup, got ${links.length}`);
  assert.equal(links[0], `${base.pathname}interviews/mark-stanton-dudley-group/#security`);
  assert.match(await popup.locator('a[data-search-all]').getAttribute('href'), /\/search\/\?q=wannacry$/);
  assert.match(await page.locator('[data-search-status]').first().textContent(), /results? for/);
  assert.ok(!loaded.some((p) => p.endsWith('facets.bin')), 'the facet table is never fetched by the header box');

  // Keyboard: down arrow into the list, Escape back to the box.
  await field.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), links[0]);
  await page.keyboard.press('Escape');
  await popup.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-field');
  await watcher.check();
  await page.close();
});

test('a misspelt word is corrected, and the words as typed are one link away', async () => {
  const { page, watcher } = await visit(browser.context, search);
  await page.locator('#search-q').fill('wanacry');
  await settledOn(page, 'wannacry');
  const spelling = page.locator('[data-search-spelling]');
  assert.equal(await spelling.isVisible(), true);
  assert.equal((await spelling.textContent()).replace(/\s+/g, ' '), 'Showing results for \u201cwannacry\u201d. Search instead for wanacry');
  const first = await page.locator('[data-search-result] a').first().getAttribute('href');
  assert.equal(first, `${base.pathname}interviews/mark-stanton-dudley-group/#security`);

  // The words as typed find nothing, and the page says what to try.
  await spelling.locator('a').click();
  await settledOn(page, 'wanacry');
  assert.equal(new URL(page.url()).searchParams.get('exact'), '1', 'the search as typed is in the address');
  assert.match(await page.locator('[data-search-status]').textContent(), /No results for \u201cwanacry\u201d/);
  assert.equal(await spelling.isHidden(), true);
  const suggest = page.locator('[data-search-suggest]');
  assert.equal((await suggest.textContent()).trim(), 'Did you mean wannacry?');
  const help = page.locator('[data-search-help]');
  assert.equal(await help.isVisible(), true, 'the help shows when nothing is found');
  const helpLinks = await help.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(helpLinks.includes(`${base.pathname}tags/`), `the help links to the topics A to Z: ${helpLinks}`);
  assert.ok(helpLinks.includes(`${base.pathname}articles/`), `the help links to the sections: ${helpLinks}`);

  // The suggestion searches again, corrected.
  await suggest.locator('a').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-search-result]').length > 0);
  assert.equal(await page.locator('#search-q').inputValue(), 'wannacry');
  assert.equal(new URL(page.url()).searchParams.get('exact'), null);
  assert.equal(await help.isHidden(), true);
  await watcher.check();
  await page.close();
});

test('an abbreviation finds the pages that spell it out', async () => {
  const { page, watcher } = await visit(browser.context, search);
  await page.locator('#search-q').fill('EPR');
  await settledOn(page, 'EPR');
  const links = await page.locator('[data-search-result] a').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('#')[0]));
  assert.ok(links.includes(`${base.pathname}interviews/mark-stanton-dudley-group/`), `EPR finds the electronic patient record: ${links}`);
  const marked = await page.locator('[data-search-result] mark').allTextContents();
  assert.ok(marked.some((m) => /electronic|patient|record/i.test(m)), `the phrase is marked: ${marked}`);
  await watcher.check();
  await page.close();
});

test('a query of several words that no page has offers the query without its rarest word', async () => {
  const { page, watcher } = await visit(browser.context, search);
  await page.locator('#search-q').fill('paperless qqzzxx');
  await settledOn(page, 'paperless qqzzxx');
  assert.match(await page.locator('[data-search-status]').textContent(), /No page has all of your words/);
  const suggest = page.locator('[data-search-suggest]');
  assert.equal((await suggest.textContent()).trim(), 'Search for paperless instead.');
  assert.equal(await page.locator('[data-search-help]').isHidden(), true, 'the help is for searches that find nothing');
  await watcher.check();
  await page.close();
});

test('the header box corrects a misspelt word too', async () => {
  const { page, watcher } = await visit(browser.context, home);
  const field = page.locator('#search-field');
  await field.focus();
  await field.fill('wanacry');
  await page.waitForFunction(() => document.querySelectorAll('#search-popup [data-search-result] a').length > 0);
  assert.match(await page.locator('#search-popup').textContent(), /Showing results for \u201cwannacry\u201d/);
  assert.match(await page.locator('[data-search-status]').first().textContent(), /Showing results for \u201cwannacry\u201d/);
  await field.fill('qqzzxxyy');
  await page.waitForFunction(() => /No results/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
  await watcher.check();
  await page.close();
});
