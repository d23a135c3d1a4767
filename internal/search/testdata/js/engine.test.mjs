// Tests of the search runtime (themes/nhs/static/search-engine.js and
// search-text.js) against an index that the Go code built. Run by
// TestJSRuntime in internal/search, which sets:
//   SEARCH_JS      path of search-engine.js
//   SEARCH_INDEX   directory of the built indexes, large/ and small/ (each with
//                  manifest.bin, terms/, …)
//   SEARCH_EXPECT  JSON of what the Go side computed for the same inputs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { SEARCH_JS, SEARCH_INDEX, SEARCH_EXPECT } = process.env;
if (!SEARCH_JS || !SEARCH_INDEX || !SEARCH_EXPECT) {
  throw new Error('run these tests with go test -run TestJSRuntime ./internal/search');
}
const lib = createRequire(import.meta.url)(SEARCH_JS);
const expect = JSON.parse(readFileSync(SEARCH_EXPECT, 'utf8'));

// diskFetch serves the index from disk like a static web server, and
// records what was fetched.
function diskFetch(log, index = 'large') {
  return async (url, init) => {
    assert.ok(url.startsWith('/kb/search/'), `fetched outside the index: ${url}`);
    const name = url.slice('/kb/search/'.length).replace(/\?v=[0-9a-f]+$/, '');
    if (name === 'manifest.bin') assert.equal(init && init.cache, 'no-cache');
    else assert.match(url, /\?v=[0-9a-f]{16}$/, 'index files are fetched with the build version');
    let body;
    try {
      body = readFileSync(join(SEARCH_INDEX, index, name));
    } catch {
      return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    }
    log.push([name, body.length]);
    return { ok: true, status: 200, arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.length) };
  };
}

async function loadText() {
  const engine = new lib.Engine({ index: '/kb/search/', fetch: diskFetch([]) });
  await engine.manifest();
  return engine.text;
}

test('Snowball English stems agree with Go', () => {
  const diffs = [];
  for (const [word, stem] of expect.snowball) {
    const got = lib.snowball(word);
    if (got !== stem) diffs.push(`${word}: go ${stem}, js ${got}`);
  }
  assert.deepEqual(diffs.slice(0, 20), [], `${diffs.length} of ${expect.snowball.length} stems differ`);
  assert.ok(expect.snowball.length > 1000);
});

test('folding, spelling and stemming agree with Go', async () => {
  const text = await loadText();
  const diffs = [];
  for (const [raw, word, stem] of expect.words) {
    const w = text.normalize(raw), s = text.stem(w);
    if (w !== word || s !== stem) diffs.push(`${raw}: go ${word}/${stem}, js ${w}/${s}`);
  }
  assert.deepEqual(diffs.slice(0, 20), [], `${diffs.length} of ${expect.words.length} words differ`);
});

test('tokenisation agrees with Go', async () => {
  const text = await loadText();
  for (const [input, want] of expect.tokens) {
    const got = text.tokenize(input, true).map((t) => [t.word, t.stem, t.pos, input.slice(t.start, t.end), t.joined]);
    assert.deepEqual(got, want, JSON.stringify(input));
  }
});

test('queries give the results Go gives, fetching the same files', async (t) => {
  for (const seq of expect.queries) {
    const log = [];
    const engine = new lib.Engine({ index: '/kb/search/', fetch: diskFetch(log, seq.index) });
    for (const step of seq.steps) {
      await t.test(seq.index + ' ' + JSON.stringify(step.query), async () => {
        log.length = 0;
        const res = await engine.search(step.query);
        const facets = await res.facets;
        const got = {
          total: res.total, partial: res.partial, hits: res.hits, facets, ...(res.deferred ? { deferred: true } : {}),
          ...(res.correction ? { correction: res.correction } : {}), ...(res.suggestions ? { suggestions: res.suggestions } : {}),
          ...(res.dropped ? { dropped: res.dropped } : {}),
          read: log.map((x) => x[0]).sort(), bytes: log.reduce((n, x) => n + x[1], 0),
        };
        assert.deepEqual(got, step.want);
      });
    }
  }
});

test('a result links into the site under its base path', async () => {
  const engine = new lib.Engine({ index: '/kb/search/', fetch: diskFetch([]) });
  const res = await engine.search({ text: 'wannacry' });
  assert.ok(res.hits.length > 0);
  assert.match(res.hits[0].url, /^\/interviews\/mark-stanton-dudley-group\/#wannacry$/);
});
