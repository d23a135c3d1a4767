// Tests of the header's results as you type (themes/nhs/static/
// search-loader.js and search-popup.js) in a fake DOM, against the small
// index that TestJSRuntime built (see engine.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

import { Document, until } from './fakedom.mjs';

const { SEARCH_JS, SEARCH_INDEX } = process.env;
if (!SEARCH_JS || !SEARCH_INDEX) throw new Error('run these tests with go test -run TestJSRuntime ./internal/search');
const require = createRequire(import.meta.url);
const lib = require(SEARCH_JS);
const static_ = dirname(SEARCH_JS);
const popupJS = join(static_, 'search-popup.js');
const { start } = require(popupJS);

for (const name of ['search-loader.js', 'search-popup.js', 'search.js']) {
  test(`${name} builds no code or markup from strings`, () => {
    const src = readFileSync(join(static_, name), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    assert.doesNotMatch(src, /\beval\b|innerHTML|outerHTML|insertAdjacentHTML|document\.write|new Function/);
  });
}

test('search-loader.js is small', () => {
  assert.ok(readFileSync(join(static_, 'search-loader.js')).length < 1024);
});

// header builds the header's search box as header.html does.
function header(doc) {
  const input = doc.element('input', { id: 'search-field', name: 'q', type: 'search' });
  const form = doc.element('form', {
    action: '/kb/search/', 'data-search-popup': '/kb/search/', 'data-base': '/kb/',
    'data-search-scripts': '/kb/assets/search-text.1.js /kb/assets/search-engine.2.js /kb/assets/search-popup.3.js',
  }, input, doc.element('button', { type: 'submit' }));
  const box = doc.element('search', {}, form);
  doc.body.appendChild(box);
  const outside = doc.body.appendChild(doc.element('a', { href: '/kb/' }));
  return { input, form, box, outside };
}

function runLoader(doc, fetched = []) {
  const src = readFileSync(join(static_, 'search-loader.js'), 'utf8');
  const window = { fetch(url, init) { fetched.push([url, init.cache]); return Promise.resolve({ ok: true }); }, DecompressionStream: function () {} };
  vm.runInNewContext(src, { document: doc, window });
}

test('the loader adds the runtime, in order, when the box is first focused or typed in', () => {
  for (const event of ['focus', 'input']) {
    const doc = new Document();
    const { input, form } = header(doc);
    const fetched = [];
    runLoader(doc, fetched);
    assert.equal(doc.head.children.length, 0, 'nothing is loaded before the box is used');
    assert.equal(fetched.length, 0, 'nothing is fetched before the box is used');
    input.dispatch(event);
    input.dispatch('focus');
    input.dispatch('input');
    const scripts = doc.head.children;
    assert.deepEqual(scripts.map((s) => s.src), ['/kb/assets/search-text.1.js', '/kb/assets/search-engine.2.js', '/kb/assets/search-popup.3.js']);
    assert.ok(scripts.every((s) => s.tagName === 'SCRIPT' && s.async === false), 'scripts run in order');
    assert.deepEqual(fetched, [['/kb/search/manifest.bin', 'no-cache']], 'the manifest is fetched once, while the scripts load');
    assert.ok(form.signpostManifest, 'for the popup to take');
  }
});

test('the loader leaves the search page, which has its own runtime, alone', () => {
  const doc = new Document();
  const { input } = header(doc);
  doc.body.appendChild(doc.element('div', { 'data-search-index': '/kb/search/' }));
  runLoader(doc);
  input.dispatch('focus');
  assert.equal(doc.head.children.length, 0);
});

// diskFetch serves the small index and records what was fetched.
function diskFetch(log) {
  return async (url) => {
    assert.ok(url.startsWith('/kb/search/'), url);
    const name = url.slice('/kb/search/'.length).replace(/\?v=[0-9a-f]+$/, '');
    log.push(name);
    let body;
    try {
      body = readFileSync(join(SEARCH_INDEX, 'small', name));
    } catch {
      return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    }
    return { ok: true, status: 200, arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length) };
  };
}

function popupPage(fetch) {
  const doc = new Document();
  const h = header(doc);
  const win = { document: doc, fetch, console: { error() {} } };
  h.input.focus();
  const ui = start(win, h.form, lib);
  return { doc, ...h, ui };
}

// typeAndWait types text and waits for the answer.
async function typeAndWait(p, text) {
  const before = p.ui.status.textContent;
  p.input.type(text);
  await until(() => p.ui.status.textContent !== before && p.ui.status.textContent !== '', `an answer to ${text}`);
}

test('results appear below the box as you type, announced politely', async () => {
  const log = [];
  const p = popupPage(diskFetch(log));
  const { doc, ui, input } = p;
  assert.equal(input.getAttribute('aria-controls'), ui.popup.id);
  assert.equal(ui.status.getAttribute('aria-live'), 'polite');
  assert.equal(ui.status.getAttribute('role'), 'status');
  assert.ok(!ui.popup.contains(ui.status), 'the live region stays in the page when the list is hidden');
  assert.ok(ui.popup.hidden, 'hidden until there are results');

  await typeAndWait(p, 'wannacry');
  assert.ok(!ui.popup.hidden);
  const results = ui.popup.querySelectorAll('[data-search-result]');
  assert.ok(results.length >= 1 && results.length <= 5, `${results.length} results`);
  const first = results[0].querySelector('a');
  assert.equal(first.href, '/kb/interviews/mark-stanton-dudley-group/#wannacry');
  assert.match(first.textContent, /Stanton/);
  assert.ok(results[0].querySelectorAll('mark').some((m) => /wannacry/i.test(m.textContent)), 'the word is marked');
  const all = ui.popup.querySelector('[data-search-all]');
  assert.equal(all.href, '/kb/search/?q=wannacry');
  assert.match(ui.status.textContent, /^\d+ results? for “wannacry”/);
  assert.match(ui.status.textContent, /down arrow/);
  assert.ok(!log.includes('facets.bin'), 'the popup counts no facets');

  await typeAndWait(p, 'paperless target');
  assert.ok(!log.includes('facets.bin'), 'not even for several words');
  assert.equal(ui.popup.querySelector('[data-search-all]').href, '/kb/search/?q=paperless%20target');

  await typeAndWait(p, 'xyzzy');
  assert.ok(ui.popup.hidden, 'no results: nothing to show');
  assert.match(ui.status.textContent, /^No results for “xyzzy”/);

  input.type('');
  await until(() => ui.status.textContent === '', 'the status to clear');
  assert.ok(ui.popup.hidden);
  assert.equal(doc.activeElement, input);
});

test('the keyboard moves through the results; Escape and leaving close them', async () => {
  const p = popupPage(diskFetch([]));
  const { doc, ui, input, outside } = p;
  await typeAndWait(p, 'digital');
  const links = ui.popup.querySelectorAll('a');
  assert.ok(links.length >= 3, 'results and "See all"');

  assert.ok(input.key('ArrowDown').defaultPrevented);
  assert.equal(doc.activeElement, links[0]);
  assert.ok(links[0].key('ArrowDown').defaultPrevented);
  assert.equal(doc.activeElement, links[1]);
  for (let i = 2; i < links.length; i++) links[i - 1].key('ArrowDown');
  assert.equal(doc.activeElement, links[links.length - 1], 'down to "See all results"');
  links[links.length - 1].key('ArrowDown');
  assert.equal(doc.activeElement, links[links.length - 1], 'and no further');
  for (let i = links.length - 1; i > 0; i--) links[i].key('ArrowUp');
  assert.equal(doc.activeElement, links[0]);
  links[0].key('ArrowUp');
  assert.equal(doc.activeElement, input, 'up from the first result goes back to the box');

  links[0].focus();
  assert.ok(links[0].key('Escape').defaultPrevented);
  assert.ok(ui.popup.hidden, 'Escape closes the list');
  assert.equal(doc.activeElement, input, 'and returns to the box');

  outside.focus();
  input.focus();
  assert.ok(!ui.popup.hidden, 'coming back to the box shows its results again');
  assert.ok(input.key('Escape').defaultPrevented);
  assert.ok(ui.popup.hidden, 'Escape in the box closes the list');
  assert.ok(!input.key('Escape').defaultPrevented, 'a second Escape is the browser\'s (it clears the box)');
  assert.ok(!input.key('ArrowDown').defaultPrevented, 'nothing to move to when closed');

  input.focus();
  input.dispatch('focus');
  assert.ok(!ui.popup.hidden);
  outside.focus();
  assert.ok(ui.popup.hidden, 'leaving the box and the list closes it');

  input.focus();
  links[0].focus();
  assert.ok(!ui.popup.hidden, 'moving into the list keeps it open');
});

test('typing while a query runs makes one more query, of the latest text', async () => {
  const gate = [], log = [];
  const slow = diskFetch(log);
  const p = popupPage((url) => new Promise((resolve) => gate.push(() => resolve(slow(url)))));
  const asked = [];
  const search = p.ui.engine.search.bind(p.ui.engine);
  p.ui.engine.search = (q) => { asked.push(q.text); return search(q); };
  p.input.type('wannacry');
  p.input.type('triple');
  p.input.type('triple aim');
  await until(() => {
    while (gate.length) gate.pop()();
    return /“triple aim”/.test(p.ui.status.textContent);
  }, 'the newer answer');
  for (let i = 0; i < 50; i++) {
    while (gate.length) gate.pop()();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.match(p.ui.status.textContent, /“triple aim”/);
  assert.doesNotMatch(p.ui.popup.textContent, /WannaCry/);
  assert.deepEqual(asked, ['wannacry', 'triple aim']);
});

test('a broken index says so and leaves the form to work', async () => {
  const p = popupPage(async () => ({ ok: false, status: 500, arrayBuffer: async () => new ArrayBuffer(0) }));
  p.input.type('wannacry');
  await until(() => p.ui.status.textContent !== '', 'an error');
  assert.match(p.ui.status.textContent, /not working/);
  assert.ok(p.ui.popup.hidden);
});
