// Time to first results in headless Chromium, for README.md. Not a test:
// run by TestSearchTiming in e2e_test.go when SIGNPOST_E2E_TIMING names a
// site built with --base-url /kb/. Each run opens a fresh browser profile
// (an empty cache), so every query is a first query: the time runs from
// the input event of the whole query pasted into the box to the first
// result in the page, seen by a MutationObserver. The header box loads
// the runtime when it is first focused: "header" pastes at once, so its
// time includes loading the runtime and the manifest; "header, ready"
// pastes once they have loaded, as a person who starts typing after
// focusing the box gives them time to; the search page has loaded its
// runtime and the manifest before the paste. The "typed" rows type the
// query a key at a time (SIGNPOST_TIMING_DELAY ms apart, 80 by default),
// as a person does, in the box once its runtime has loaded or in the search
// page, and time the last key to the last change of the results (those of
// the whole query: nothing runs after them).

import { launch, base } from './lib.mjs';

const queries = (process.env.SIGNPOST_TIMING_QUERIES || 'cloud|pateint|dashbaord|interoperabilty|clould|cloud migraton strategy').split('|');
const runs = Number(process.env.SIGNPOST_TIMING_RUNS || 5);
const delay = Number(process.env.SIGNPOST_TIMING_DELAY || 80);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function once(where, q) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const bytes = { n: 0 };
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname.endsWith('.bin')) {
        const len = Number(r.headers()['content-length'] || 0);
        bytes.n += len;
      }
    });
    const header = !where.startsWith('search');
    const typed = where.endsWith('typed');
    const url = header ? base.href : base.href + 'search/';
    await page.goto(url, { waitUntil: 'load' });
    const field = header ? '#search-field' : '#search-q';
    const results = header ? '#search-popup [data-search-result]' : '[data-search-results] [data-search-result]';
    const manifestRead = () => page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /manifest\.bin$/.test(e.name) && e.responseEnd > 0));
    if (!header) await manifestRead(); // the runtime reads the manifest once loaded
    if (header && where !== 'header') {
      await page.locator(field).focus();
      await page.waitForSelector('[data-search-popup-started]', { state: 'attached' });
      await manifestRead();
      await page.waitForTimeout(50);
    }
    bytes.n = 0;
    if (typed) {
      await page.evaluate(([field, results]) => {
        window.__t = { changed: 0 };
        document.querySelector(field).addEventListener('input', () => { window.__t.input = performance.now(); }, { capture: true });
        const list = document.querySelector(results.replace(/ \[data-search-result\]$/, ''));
        new MutationObserver(() => { window.__t.changed = performance.now(); }).observe(list, { subtree: true, childList: true });
      }, [field, results]);
      await page.locator(field).focus();
      await page.locator(field).pressSequentially(q, { delay });
      // The results of the whole query are the last change: wait until
      // nothing has changed for a while.
      await page.waitForFunction(() => window.__t.changed > window.__t.input && performance.now() - window.__t.changed > 500, null, { timeout: 10000 });
      const t = await page.evaluate(() => window.__t.changed - window.__t.input);
      return { t, bytes: bytes.n };
    }
    await page.evaluate(([field, results]) => {
      window.__t = {};
      const box = document.querySelector(field);
      box.addEventListener('input', () => { window.__t.input = performance.now(); }, { once: true, capture: true });
      new MutationObserver(() => {
        if (!window.__t.done && document.querySelector(results)) window.__t.done = performance.now();
      }).observe(document.body, { subtree: true, childList: true });
    }, [field, results]);
    await page.locator(field).focus();
    await page.locator(field).fill(q);
    await page.waitForFunction(() => window.__t.done, null, { timeout: 10000 });
    const t = await page.evaluate(() => window.__t.done - window.__t.input);
    await page.waitForTimeout(200);
    return { t, bytes: bytes.n };
  } finally {
    await browser.close();
  }
}

for (const where of (process.env.SIGNPOST_TIMING_WHERE || 'header|header, ready|search|header, typed|search, typed').split('|')) {
  for (const q of queries) {
    const ts = [], bs = [];
    for (let i = 0; i < runs; i++) {
      const { t, bytes } = await once(where, q);
      ts.push(t);
      bs.push(bytes);
    }
    console.log(`${where.padEnd(13)} ${JSON.stringify(q).padEnd(28)} median ${median(ts).toFixed(0)} ms, ${Math.min(...ts).toFixed(0)}-${Math.max(...ts).toFixed(0)} ms; ${(median(bs) / 1024).toFixed(1)} KB of index fetched`);
  }
}
