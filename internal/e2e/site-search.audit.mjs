// The search of any built site finds its pages: for each sampled page,
// its h1 typed into the search page must bring the page into the first
// ten results. Run by TestSiteAudit in site_test.go, not by the suite.
// Pages that are not indexed are not searched for: the home page, topic
// pages, and a section page with no text of its own (the list of its
// pages that signpost makes for a folder without an _index.md); nor is a
// heading with no word in it ("2024-05-01"). At least 90 % of the pages
// searched for must be found, and every miss is listed.

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

test('the search finds the sampled pages by their headings', async (t) => {
  const searched = [];
  const missed = [];
  for (const p of pages.filter((x) => x.kind === 'page')) {
    const { page, watcher } = await visit(browser.context, p);
    const h1 = (await page.locator('h1').first().textContent()).replace(/\s+/g, ' ').trim();
    const ownText = (await page.locator('main .app-body').count()) > 0;
    await watcher.check();
    await page.close();
    if (!ownText || !/\p{L}{2}/u.test(h1)) continue;
    searched.push(h1);
    const q = { name: 'search', kind: 'search', path: `${base.pathname}search/?q=${encodeURIComponent(h1)}`, status: 200 };
    const s = await visit(browser.context, q);
    await searchSettled(s.page);
    const hrefs = await s.page.locator('[data-search-result] a').evaluateAll((as) => as.slice(0, 10).map((a) => a.getAttribute('href').split('#')[0]));
    await s.watcher.check();
    await s.page.close();
    if (!hrefs.includes(p.path)) missed.push(`${p.path} "${h1}": first results ${hrefs.slice(0, 3).join(', ') || 'none'}`);
  }
  t.diagnostic(`search found ${searched.length - missed.length} of ${searched.length} pages by their headings`);
  for (const m of missed) t.diagnostic(`not in the first ten: ${m}`);
  assert.ok(searched.length > 0, 'no page had a heading to search for');
  assert.ok((searched.length - missed.length) / searched.length >= 0.9, `search found too few pages:\n  ${missed.join('\n  ')}`);
});
