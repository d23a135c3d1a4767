/* signpost search runtime, the header's results as you type.
 *
 * search-loader.js adds this script, after search-text.js and
 * search-engine.js, when the header search box is first focused or typed
 * in. It runs under Content-Security-Policy: default-src 'self' (no inline
 * code, no eval, no innerHTML).
 *
 * The header form carries the index location and the site's base path:
 *   <form data-search-popup="/kb/search/" data-base="/kb/" data-search-scripts="…">
 * The results are a list of links below the box (a disclosure, not a
 * listbox: each result is a link), announced through a polite live region:
 *   <p role="status" aria-live="polite" data-search-status>
 *   <div id="search-popup" data-search-popup-list>
 *     <ul><li data-search-result><a href="…">title</a> …</li>…</ul>
 *     <a href="/kb/search/?q=…" data-search-all>See all 12 results</a>
 *   </div>
 * Down arrow in the box moves to the first link, up and down arrows move
 * between links (up from the first goes back to the box), Escape closes the
 * list and returns to the box, and leaving the box and the list closes it.
 * Enter in the box submits the form to the search page, as without
 * JavaScript.
 */
(function (root) {
  'use strict';

  const SHOWN = 5;

  function el(doc, name, cls, text) {
    const e = doc.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function appendSegments(parent, segs) {
    for (const s of segs) {
      if (s.mark) parent.appendChild(el(parent.ownerDocument, 'mark', '', s.text));
      else parent.appendChild(parent.ownerDocument.createTextNode(s.text));
    }
  }

  const kindLabel = (k) => k.charAt(0).toUpperCase() + k.slice(1);
  const count = (n) => n.toLocaleString('en-GB');

  // start runs the popup for form, the header's search form, in win.
  function start(win, form, lib) {
    const doc = win.document;
    const input = form && form.querySelector('input[name="q"]');
    if (!input || !lib || !lib.Engine || form.getAttribute('data-search-popup-started') !== null) return null;
    form.setAttribute('data-search-popup-started', '');
    const base = (form.getAttribute('data-base') || '/').replace(/\/?$/, '/');
    const searchPage = form.getAttribute('action') || base + 'search/';
    const engine = new lib.Engine({ index: form.getAttribute('data-search-popup').replace(/\/?$/, '/'), fetch: win.fetch.bind(win), manifest: form.signpostManifest });
    const box = form.parentNode;

    const status = el(doc, 'p', 'nhsuk-u-visually-hidden');
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.setAttribute('data-search-status', '');
    const popup = el(doc, 'div', 'app-search-popup');
    popup.id = 'search-popup';
    popup.hidden = true;
    popup.setAttribute('data-search-popup-list', '');
    box.appendChild(status);
    box.appendChild(popup);
    input.setAttribute('aria-controls', popup.id);

    let seq = 0, shownFor = null, busy = false, again = false;

    function links() { return Array.from(popup.querySelectorAll('a')); }

    function close() {
      popup.hidden = true;
    }

    function render(text, res) {
      popup.textContent = '';
      const c = res.correction, q = '\u201c' + (c ? c.text : text).trim() + '\u201d';
      const link = (t) => {
        const a = el(doc, 'a', 'app-search-popup__suggestion', t);
        a.href = searchPage + '?q=' + encodeURIComponent(t);
        return a;
      };
      if (!res.total) {
        const tries = res.suggestions || [];
        if (!tries.length) {
          close();
          status.textContent = 'No results for ' + q + '. Press Enter to search the whole site.';
          return;
        }
        // Nothing found: the closest spellings, as links to the search page.
        const p = el(doc, 'p', 'app-search-popup__spelling', 'No results for ' + q + '. Did you mean ');
        tries.forEach((t, i) => {
          if (i > 0) p.appendChild(doc.createTextNode(i === tries.length - 1 ? ' or ' : ', '));
          p.appendChild(link(t));
        });
        p.appendChild(doc.createTextNode('?'));
        popup.appendChild(p);
        popup.hidden = false;
        shownFor = text;
        status.textContent = 'No results for ' + q + '. Did you mean ' + tries.join(' or ') + '? Press the down arrow key to go to the suggestions.';
        return;
      }
      if (c) popup.appendChild(el(doc, 'p', 'app-search-popup__spelling', (c.also ? 'Including results for ' : 'Showing results for ') + q));
      const list = el(doc, 'ul', 'app-search-popup__list');
      list.setAttribute('aria-label', 'Search results');
      for (const hit of res.hits) {
        const li = el(doc, 'li', 'app-search-popup__item');
        li.setAttribute('data-search-result', '');
        const a = el(doc, 'a', 'app-search-popup__link');
        a.href = base + hit.url.replace(/^\//, '');
        appendSegments(a, hit.title);
        li.appendChild(a);
        let meta = kindLabel(hit.kind);
        if (hit.heading) meta += ': ' + hit.heading;
        li.appendChild(el(doc, 'span', 'app-search-popup__meta', meta));
        if (hit.excerpt.length) {
          const p = el(doc, 'span', 'app-search-popup__excerpt');
          appendSegments(p, hit.excerpt);
          li.appendChild(p);
        }
        list.appendChild(li);
      }
      popup.appendChild(list);
      const all = el(doc, 'a', 'app-search-popup__all', res.total === 1 ? 'See the result on the search page' : 'See all ' + count(res.total) + ' results');
      all.href = searchPage + '?q=' + encodeURIComponent(text.trim());
      all.setAttribute('data-search-all', '');
      popup.appendChild(all);
      popup.hidden = false;
      shownFor = text;
      const n = res.hits.length;
      status.textContent = (c ? (c.also ? 'Including results for ' : 'Showing results for ') + q + '. ' : '') + count(res.total) + (res.total === 1 ? ' result' : ' results') + ' for ' + q +
        (n < res.total ? ', ' + n + ' shown' : '') + '. Press the down arrow key to go to ' + (n === 1 ? 'it.' : 'them.');
    }

    async function run() {
      const my = ++seq;
      const text = input.value;
      if (!text.trim()) {
        popup.textContent = '';
        close();
        status.textContent = '';
        shownFor = null;
        return;
      }
      try {
        const res = await engine.search({ text, limit: SHOWN, facets: 'none' });
        if (my !== seq) return;
        render(text, res);
      } catch (err) {
        if (my !== seq) return;
        close();
        status.textContent = 'Search is not working at the moment. Press Enter to go to the search page.';
        if (win.console) win.console.error(err);
      }
    }

    // schedule runs the query now, or if one is running, once it has
    // finished: keystrokes made meanwhile make one query, of the latest text.
    async function schedule() {
      if (busy) { again = true; return; }
      busy = true;
      try {
        do { again = false; await run(); } while (again);
      } finally {
        busy = false;
      }
    }

    input.addEventListener('input', schedule);
    input.addEventListener('focus', () => {
      if (shownFor !== null && shownFor === input.value && popup.firstChild) popup.hidden = false;
    });
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown' && !popup.hidden) {
        const first = links()[0];
        if (first) { ev.preventDefault(); first.focus(); }
      } else if (ev.key === 'Escape' && !popup.hidden) {
        ev.preventDefault();
        close();
      }
    });
    popup.addEventListener('keydown', (ev) => {
      const all = links(), i = all.indexOf(doc.activeElement);
      if (ev.key === 'ArrowDown' && i >= 0) {
        ev.preventDefault();
        if (i + 1 < all.length) all[i + 1].focus();
      } else if (ev.key === 'ArrowUp' && i >= 0) {
        ev.preventDefault();
        if (i > 0) all[i - 1].focus();
        else input.focus();
      } else if (ev.key === 'Escape') {
        ev.preventDefault();
        input.focus();
        close();
      }
    });
    // Leaving the box and the list closes the list.
    box.addEventListener('focusout', (ev) => {
      const to = ev.relatedTarget;
      if (!to || !box.contains(to)) close();
    });
    engine.manifest().catch(() => {});
    if (input.value.trim()) run();
    return { engine, popup, status, run };
  }

  const api = { start };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else if (typeof window === 'object' && root === window && typeof document === 'object') {
    start(window, document.querySelector('form[data-search-scripts]'), root.signpostSearch);
  }
})(typeof globalThis === 'object' ? globalThis : this);
