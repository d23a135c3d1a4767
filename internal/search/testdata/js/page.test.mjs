// Tests of the search page (themes/nhs/static/search.js) in a fake DOM,
// against the large index that TestJSRuntime built (see engine.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

import { Document, until } from './fakedom.mjs';

const { SEARCH_JS, SEARCH_INDEX } = process.env;
if (!SEARCH_JS || !SEARCH_INDEX) throw new Error('run these tests with go test -run TestJSRuntime ./internal/search');
const lib = createRequire(import.meta.url)(SEARCH_JS);
const pageJS = readFileSync(join(dirname(SEARCH_JS), 'search.js'), 'utf8');

function diskFetch(index) {
  return async (url) => {
    const name = url.slice('/kb/search/'.length).replace(/\?v=[0-9a-f]+$/, '');
    let body;
    try {
      body = readFileSync(join(SEARCH_INDEX, index, name));
    } catch {
      return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    }
    return { ok: true, status: 200, arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length) };
  };
}

// searchPage builds the search page as search.html does, at address
// /kb/search/<search>, and runs search.js in it.
function searchPage(search, index = 'large') {
  const doc = new Document();
  doc.readyState = 'complete';
  const input = doc.element('input', { id: 'search-q', name: 'q', type: 'search' });
  const form = doc.element('form', { action: '/kb/search/' }, input);
  const part = (name, tag = 'p') => doc.element(tag, { ['data-search-' + name]: '' });
  const status = part('status');
  const help = part('help', 'div');
  const results = part('results', 'ol');
  const facets = part('facets', 'div');
  const rootEl = doc.element('div', { 'data-search-index': '/kb/search/', 'data-base': '/kb/' },
    form, part('fallback'), part('spelling'), status, part('suggest'), help, facets, results, part('more', 'button'));
  doc.body.appendChild(rootEl);
  const location = { pathname: '/kb/search/', search, hash: '' };
  const history = { state: null, replaceState(_s, _t, url) { const u = new URL(url, 'http://x'); location.search = u.search; } };
  const ctx = vm.createContext({
    document: doc, location, history, fetch: diskFetch(index), DecompressionStream, URLSearchParams, Intl,
    console, signpostSearch: lib,
  });
  vm.runInContext('window = globalThis;', ctx);
  vm.runInContext(pageJS, ctx);
  return { doc, input, form, status, help, results, facets, location };
}

const count = (text) => Number((/^(\d+) results? for/.exec(text) || [])[1]);

test('a search from the address is complete: a misspelt last word counts all its pages, with filters', async () => {
  const engine = new lib.Engine({ index: '/kb/search/', fetch: diskFetch('large') });
  const typed = await engine.search({ text: 'pateint' });
  const whole = await engine.search({ text: 'pateint ' });
  assert.ok(whole.correction && whole.total > typed.total,
    `the test needs a word whose complete search finds more than its half-typed one: ${whole.total} and ${typed.total}`);

  const p = searchPage('?q=pateint');
  await until(() => p.status.textContent !== '', 'the results');
  assert.equal(count(p.status.textContent), whole.total, p.status.textContent);
  assert.equal(p.input.value, 'pateint');
  await until(() => p.facets.querySelector('fieldset'), 'the filters');

  // While the person types, the last word is half typed.
  p.input.type('pateint');
  await until(() => count(p.status.textContent) === typed.total, `the half-typed count ${typed.total}`);
  assert.equal(p.location.search, '?q=pateint');
  // Submitting the form makes it complete again.
  p.form.dispatch('submit');
  await until(() => count(p.status.textContent) === whole.total, `the complete count ${whole.total}`);
});

test('a search that finds nothing shows the help with its closest spellings', async () => {
  const p = searchPage('?q=xyzzy+plugh');
  await until(() => p.status.textContent !== '', 'the results');
  assert.match(p.status.textContent, /^No results for “xyzzy plugh”/);
  assert.equal(p.help.hidden, false);
  assert.equal(p.results.children.length, 0);
});
