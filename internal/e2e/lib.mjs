// Shared helpers of the browser tests. The Go test (e2e_test.go) builds
// the site, serves it and passes what the tests need in the environment:
//
//   SIGNPOST_BASE       the site's address, http://127.0.0.1:port/kb/
//   SIGNPOST_PAGES      a JSON list of {name, kind, path, status}: one page of each type
//   SIGNPOST_ARTIFACTS  the folder for screenshots
//   SIGNPOST_CHROMIUM   the browser, /usr/bin/chromium
//   SIGNPOST_OUT        the built site's folder, for vnu.test.mjs
//   SIGNPOST_ALLOW_MISSING  1: a 404 for a file of the site is not a problem
//
// Every page a test opens through visit() is watched: a request to any
// other host, a Content-Security-Policy violation, a console error or an
// uncaught exception fails the test.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

for (const name of ['SIGNPOST_BASE', 'SIGNPOST_PAGES', 'SIGNPOST_ARTIFACTS']) {
  if (!process.env[name]) {
    throw new Error(`${name} is not set: run these tests through go test ./internal/e2e`);
  }
}

export const base = new URL(process.env.SIGNPOST_BASE);
export const pages = JSON.parse(process.env.SIGNPOST_PAGES);
export const artifacts = process.env.SIGNPOST_ARTIFACTS;
const allowMissing = process.env.SIGNPOST_ALLOW_MISSING === '1';

// pagesOfKind returns the pages whose kind is one of kinds.
export function pagesOfKind(...kinds) {
  return pages.filter((p) => kinds.includes(p.kind));
}

// The audited pages: one of every type (the weight pages are for
// weight.test.mjs, and the raw HTML pages for raw-html.test.mjs).
export const auditedPages = pages.filter((p) => p.kind !== 'weight' && p.kind !== 'raw');

// The flags the issue asks for; Playwright adds a fresh user-data dir
// through launchPersistentContext.
export const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

// launch starts Chromium with a new, empty profile and returns its
// browser context; close() stops it and removes the profile.
export async function launch() {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'signpost-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.SIGNPOST_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: launchArgs,
    viewport: { width: 1280, height: 800 },
  });
  // Nothing may leave the local server: abort any other request (and
  // record it, in watch()).
  await context.route(
    (url) => url.host !== base.host,
    (route) => route.abort('blockedbyclient'),
  );
  // Record CSP violations as the page sees them.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || 'page'}:${e.lineNumber})`,
      );
    });
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// watch records what must never happen on a page: requests to other
// hosts, console errors and uncaught exceptions. expected404 names a URL
// whose 404 is the point of the test.
export function watch(page, { expected404 } = {}) {
  const problems = [];
  const responses = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.host !== base.host || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      problems.push(`request to another host: ${req.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (expected404 && msg.location().url === expected404 && /404/.test(msg.text())) return;
    // A site whose build warned of missing files (link-missing-file, as
    // imported sites whose repositories keep their images elsewhere) may
    // 404 on them: SIGNPOST_ALLOW_MISSING=1, set by TestSiteAudit.
    if (allowMissing && /404/.test(msg.text()) && new URL(msg.location().url).host === base.host) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('response', (resp) => responses.push(resp));
  return {
    responses,
    // check fails the test if anything went wrong on the page.
    async check() {
      let csp = [];
      try {
        csp = await page.evaluate(() => window.__cspViolations || []);
      } catch (e) {
        problems.push(`cannot read CSP violations: ${e.message}`);
      }
      const all = [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
      if (all.length > 0) assert.fail(`problems on ${page.url()}:\n  ${all.join('\n  ')}`);
    },
  };
}

// visit opens p (one of pages) in a new tab and checks its status. It
// returns the tab and its watcher. With noCache, the tab loads everything
// from the server, as on a first visit.
export async function visit(context, p, { noCache = false } = {}) {
  const page = await context.newPage();
  if (noCache) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  }
  const url = new URL(p.path.replace(/^\//, ''), base.origin + '/').href;
  const watcher = watch(page, { expected404: p.status === 404 ? url : undefined });
  const resp = await page.goto(url, { waitUntil: 'load' });
  assert.equal(resp.status(), p.status, `${url}: HTTP status`);
  if (p.kind === 'search' && new URL(url).searchParams.get('q')) {
    // Audit the results, not the page before the search has run.
    await searchSettled(page);
  }
  return { page, watcher, url };
}

// searchSettled waits until the search page has answered its query: its
// live region says how many results there are.
export async function searchSettled(page) {
  await page.waitForFunction(() => /results? for|No results/.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The WCAG 2.2 AA rule sets.
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// audit runs axe-core on the page and returns its violations, each with
// the elements at fault. axe is evaluated through the DevTools protocol,
// which the page's CSP does not govern, so the page itself stays strict.
export async function audit(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  }, wcagTags);
}

// formatViolations describes axe violations for an assertion message.
export function formatViolations(violations) {
  return violations
    .map((v) => `${v.rule} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`)
    .join('\n  ');
}

// screenshotPath names a screenshot file in the artifacts folder.
export function screenshotPath(name) {
  return path.join(artifacts, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
}
