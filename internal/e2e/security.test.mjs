// The checks every visit makes (no request to another host, no CSP
// violation, no console error) are real: each catches what it should. The
// pages themselves are checked on every visit, in the other test files.

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

const home = pages.find((p) => p.kind === 'home');

test('the site is served with the CSP header', async () => {
  const { page, watcher } = await visit(browser.context, home);
  const resp = await page.request.get(base.href);
  assert.equal(resp.headers()['content-security-policy'], "default-src 'self'");
  await watcher.check();
  await page.close();
});

test('an inline script is blocked and reported as a CSP violation', async () => {
  const { page, watcher } = await visit(browser.context, home);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
  });
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'the inline script ran');
  await assert.rejects(watcher.check(), /CSP violation: script-src/);
  await page.close();
});

test('a request to another host is blocked and reported', async () => {
  const { page, watcher } = await visit(browser.context, home);
  // The CSP stops a fetch before it is made; a navigation is not governed
  // by default-src, so it shows the request watcher at work.
  await Promise.all([
    page.waitForEvent('requestfailed'),
    page.evaluate(() => {
      location.href = 'https://www.example.org/tracker';
    }),
  ]);
  await assert.rejects(watcher.check(), /request to another host: https:\/\/www\.example\.org\/tracker/);
  await page.close();
});

test('a console error is reported', async () => {
  const { page, watcher } = await visit(browser.context, home);
  await page.evaluate(() => console.error('boom'));
  await assert.rejects(watcher.check(), /console error: boom/);
  await page.close();
});
