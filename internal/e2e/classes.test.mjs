// Every class the theme writes is NHS.UK's or the theme's own: on every
// page of the built site, a class is either one that nhsuk-frontend 10
// itself uses (a rule of its stylesheet, or a class its templates and
// their rendered examples, fixtures.json, write: modifiers such as
// nhsuk-pagination__link--next have no rule of their own) or the theme's,
// named app- as NHS.UK services name theirs. An invented nhsuk- class, or
// one nhsuk-frontend has removed, fails here.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
const out = process.env.SIGNPOST_OUT;

// files returns the files under dir whose names match re.
function files(dir, re) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && re.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

// The classes nhsuk-frontend uses.
function nhsukClasses() {
  const known = new Set();
  for (const m of readFileSync(path.join(dist, 'nhsuk-frontend.css'), 'utf8').matchAll(/\.(nhsuk-[\w-]+)/g)) known.add(m[1]);
  for (const f of files(path.join(dist, 'components'), /^(template\.njk|fixtures\.json)$/)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bnhsuk-[a-z0-9_-]*[a-z0-9]/g)) known.add(m[0]);
  }
  return known;
}

test('every class on every page is nhsuk-frontend 10’s or the theme’s own (app-)', { skip: !out && 'SIGNPOST_OUT is not set' }, () => {
  const known = nhsukClasses();
  assert.ok(known.has('nhsuk-header') && known.has('nhsuk-card__heading'), `classes read from ${dist}`);
  const pages = files(out, /\.html$/);
  assert.ok(pages.length >= 40, `pages found under ${out}: ${pages.length}`);
  const wrong = new Map(); // class → the first page with it
  for (const f of pages) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\sclass="([^"]*)"/g)) {
      for (const c of m[1].split(/\s+/).filter(Boolean)) {
        const ok = c.startsWith('app-') || (c.startsWith('nhsuk-') && known.has(c));
        if (!ok && !wrong.has(c)) wrong.set(c, path.relative(out, f));
      }
    }
  }
  assert.deepEqual(
    [...wrong].map(([c, f]) => `${c} (${f})`),
    [],
    'classes that are neither nhsuk-frontend 10’s nor app-',
  );
});
