// Page weight: every article page, with everything it loads (HTML, CSS,
// JavaScript, icons), stays under 40 KB uncompressed, as served to a
// first-time visitor with an empty cache.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, pagesOfKind, visit } from './lib.mjs';

// The budget, in bytes.
const budget = 40 * 1024;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const p of pagesOfKind('weight')) {
  test(`${p.path} weighs under ${budget / 1024} KB with its CSS and JS`, async (t) => {
    const { page: tab, watcher } = await visit(browser.context, p, { noCache: true });
    // Let late requests (icons) finish.
    await tab.waitForLoadState('networkidle');
    let total = 0;
    const parts = [];
    for (const resp of watcher.responses) {
      const body = await resp.body().catch(() => Buffer.alloc(0));
      total += body.length;
      parts.push(`${new URL(resp.url()).pathname} ${body.length} B`);
    }
    // The browser asks for the icon once per profile, not per page: count
    // it for every page all the same.
    const icon = await tab.evaluate(() => document.querySelector('link[rel~="icon"]')?.href);
    if (icon && !watcher.responses.some((r) => r.url() === icon)) {
      const body = await (await tab.request.get(icon)).body();
      total += body.length;
      parts.push(`${new URL(icon).pathname} ${body.length} B`);
    }
    t.diagnostic(`${p.path}: ${total} bytes (${(total / 1024).toFixed(1)} KB): ${parts.join(', ')}`);
    assert.ok(watcher.responses.some((r) => r.request().resourceType() === 'stylesheet'), 'the stylesheet was counted');
    assert.ok(total < budget, `${p.path} weighs ${total} bytes, over the ${budget}-byte budget: ${parts.join(', ')}`);
    await watcher.check();
    await tab.close();
  });
}
