// The W3C Nu HTML Checker (npm vnu-jar, run with Java): every page of the
// built sample site, and of the raw HTML and organisation sites built
// beside it, has no error. Warnings (such as role="banner" on <header>,
// which nhsuk-frontend 10 writes) are not errors.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);

// htmlFiles returns the .html files under dir.
function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f))
    .sort();
}

// vnu runs the checker on files and returns its messages.
function vnu(files) {
  // vnu-jar's own runner may download a Java runtime: run the jar with
  // the system's java instead, so the test makes no outside request.
  const jar = String(require('vnu-jar'));
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', jar, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(err);
        return;
      }
      try {
        resolve(JSON.parse(stderr || stdout).messages);
      } catch (e) {
        reject(new Error(`vnu printed no JSON: ${e.message}\n${stderr}${stdout}`));
      }
    });
  });
}

test('every page passes the Nu HTML Checker with no error', async (t) => {
  const out = process.env.SIGNPOST_OUT;
  assert.ok(out, 'SIGNPOST_OUT names the built site');
  const java = await new Promise((resolve) => execFile('java', ['-version'], (err) => resolve(!err)));
  if (!java) {
    if (process.env.SIGNPOST_E2E === 'require') assert.fail('java not found, and SIGNPOST_E2E=require (apt-get install -y default-jre-headless)');
    t.skip('java not found: the Nu HTML Checker skipped');
    return;
  }
  const files = htmlFiles(out);
  assert.ok(files.length >= 40, `pages found under ${out}: ${files.length}`);
  const messages = await vnu(files);
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const where = (m) => `${path.relative(out, new URL(m.url).pathname)}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, ' ').trim()}` : ''}`;
  t.diagnostic(`${files.length} pages checked: ${errors.length} errors, ${messages.length - errors.length} warnings and notes`);
  assert.deepEqual(errors.map(where), [], `the Nu HTML Checker's errors on ${files.length} pages`);
});
