// Accessibility of every page type: axe-core's WCAG 2.2 AA rules, one h1,
// the lang attribute, landmarks, the skip link, visible focus, and reflow
// at 320 CSS px and at 400 % zoom, with screenshots.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { audit, auditedPages, formatViolations, launch, screenshotPath, visit } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const p of auditedPages) {
  describe(`${p.name} (${p.path})`, () => {
    test('has no axe-core WCAG 2.2 AA violations', async () => {
      const { page, watcher } = await visit(browser.context, p);
      const violations = await audit(page);
      assert.equal(violations.length, 0, `axe violations on ${p.path}:\n  ${formatViolations(violations)}`);
      await watcher.check();
      await page.close();
    });

    test('has one h1, a lang attribute and the landmarks', async () => {
      const { page, watcher } = await visit(browser.context, p);
      const facts = await page.evaluate(() => ({
        h1: document.querySelectorAll('h1').length,
        lang: document.documentElement.getAttribute('lang'),
        title: document.title,
      }));
      assert.equal(facts.h1, 1, 'number of h1 elements');
      assert.match(facts.lang ?? '', /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'html lang');
      assert.ok(facts.title.trim().length > 0, 'the page has a title');
      // As NHS.UK pages have them: one banner, one search (the header's,
      // on every page with search), main and contentinfo.
      const search = (await page.locator('.nhsuk-header__search').count()) > 0 ? 1 : 0;
      for (const [role, count] of [['banner', 1], ['main', 1], ['contentinfo', 1], ['search', search]]) {
        assert.equal(await page.getByRole(role).count(), count, `landmark ${role}`);
      }
      assert.ok((await page.getByRole('navigation').count()) >= 1, 'landmark navigation');
      await watcher.check();
      await page.close();
    });

    test('skip link is first, shows on focus and moves focus to main', async () => {
      const { page, watcher } = await visit(browser.context, p);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return {
          text: el.textContent.trim(),
          href: el.getAttribute('href'),
          visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
        };
      });
      assert.equal(skip.text, 'Skip to main content', 'first Tab stop');
      assert.equal(skip.href, '#maincontent');
      assert.ok(skip.visible, 'the skip link is on screen when focused');
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => ({
        tag: document.activeElement.tagName,
        id: document.activeElement.id,
      }));
      assert.deepEqual(focused, { tag: 'MAIN', id: 'maincontent' }, 'focus after the skip link');
      await watcher.check();
      await page.close();
    });

    test('every element shows visible focus', async () => {
      const { page, watcher } = await visit(browser.context, p);
      // The styles of each focusable element before it has focus.
      const count = await page.evaluate(() => {
        const focusable = document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
        focusable.forEach((el, i) => el.setAttribute('data-e2e-focus', String(i)));
        return focusable.length;
      });
      const styleOf = () => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        return {
          index: el.getAttribute('data-e2e-focus'),
          what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ')[0] : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`,
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          outlineVisible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\(.*, 0\)$|transparent/.test(s.outlineColor),
          boxShadow: s.boxShadow,
          background: s.backgroundColor,
          color: s.color,
        };
      };
      const unfocused = await page.evaluate(() => {
        const out = {};
        for (const el of document.querySelectorAll('[data-e2e-focus]')) {
          const s = getComputedStyle(el);
          out[el.getAttribute('data-e2e-focus')] = { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, boxShadow: s.boxShadow, background: s.backgroundColor };
        }
        return out;
      });
      const stops = Math.min(count, 60);
      const invisible = [];
      for (let i = 0; i < stops; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(styleOf);
        if (f.index === null) continue; // the body, between the last element and the first
        const before = unfocused[f.index];
        const changed =
          (f.outlineVisible && f.outline !== before.outline) ||
          (f.boxShadow !== 'none' && f.boxShadow !== before.boxShadow) ||
          f.background !== before.background;
        if (!changed) invisible.push(`${f.what}: outline ${f.outline}, box-shadow ${f.boxShadow}, background ${f.background}`);
      }
      assert.deepEqual(invisible, [], `elements without a visible focus style on ${p.path}`);
      await watcher.check();
      await page.close();
    });

    test('reflows at 320 CSS px and at 400 % zoom without sideways scrolling', async () => {
      const { page, watcher } = await visit(browser.context, p);
      const overflow = () =>
        page.evaluate(() => {
          const doc = document.scrollingElement;
          const wide = [];
          if (doc.scrollWidth > doc.clientWidth) {
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > doc.clientWidth + 1 && !el.closest('.nhsuk-scroll__content, .nhsuk-code')) {
                wide.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} right=${Math.round(r.right)}`);
              }
            }
          }
          return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 5) };
        });

      // A small phone: 320 CSS px wide.
      await page.setViewportSize({ width: 320, height: 800 });
      let o = await overflow();
      await page.screenshot({ path: screenshotPath(`${p.name}-320px`), fullPage: true });
      assert.ok(o.scrollWidth <= o.clientWidth, `320 px: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}: ${o.wide.join(', ')}`);

      // A 1280 × 1024 desktop at 400 % zoom: 320 × 256 CSS px, each CSS
      // pixel four device pixels.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setDeviceMetricsOverride', { width: 320, height: 256, deviceScaleFactor: 4, mobile: false });
      const screen = await page.evaluate(() => ({ width: innerWidth, height: innerHeight, ratio: devicePixelRatio }));
      assert.deepEqual(screen, { width: 320, height: 256, ratio: 4 }, '400 % zoom emulated');
      o = await overflow();
      const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
      writeFileSync(screenshotPath(`${p.name}-zoom-400`), Buffer.from(shot.data, 'base64'));
      assert.ok(o.scrollWidth <= o.clientWidth, `400 % zoom: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}: ${o.wide.join(', ')}`);
      await cdp.send('Emulation.clearDeviceMetricsOverride');
      await cdp.detach();
      await watcher.check();
      await page.close();
    });
  });
}
