/* signpost search runtime, part 3 of 3: the search page.
 *
 * Runs after search-text.js and search-engine.js, under
 * Content-Security-Policy: default-src 'self' (no inline code, no eval, no
 * innerHTML: results are built with DOM calls and textContent).
 *
 * The page provides a root element with the index location and the site's
 * base path:
 *   <div id="search" data-search-index="/kb/search/" data-base="/kb/">
 * holding a form with an input named q, and optionally the parts
 * [data-search-fallback] (hidden once the script runs), [data-search-status]
 * (a polite live region), [data-search-facets], [data-search-results] and
 * [data-search-more]; missing parts are created. Each result is an element
 * with the attribute data-search-result holding the result's link. The URL
 * parameters q, kind, tag, org and year (repeatable) hold the query and the
 * facet filters, kept in sync with history.replaceState.
 */
(function (root) {
  'use strict';
  const lib = root.signpostSearch;
  if (!lib || !lib.Engine) return;
  const { Engine, PAGE_SIZE, DIMS } = lib;

  // ---- The search page.

  const LEGENDS = { kind: 'Content type', tag: 'Topic', org: 'Organisation', year: 'Year' };
  const FACETS_SHOWN = 10;
  const DEBOUNCE_MS = 100;

  function el(doc, name, cls, text) {
    const e = doc.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // part returns the root's element matching sel, creating it if missing.
  function part(rootEl, sel, make) {
    let e = rootEl.querySelector(sel);
    if (!e) { e = make(); rootEl.appendChild(e); }
    return e;
  }

  function appendSegments(parent, segs) {
    for (const s of segs) {
      if (s.mark) parent.appendChild(el(parent.ownerDocument, 'mark', '', s.text));
      else parent.appendChild(parent.ownerDocument.createTextNode(s.text));
    }
  }

  const kindLabel = (k) => k.charAt(0).toUpperCase() + k.slice(1);
  const dateFormat = typeof Intl === 'object' ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : null;
  const formatDate = (d) => (dateFormat ? dateFormat.format(new Date(d + 'T00:00:00Z')) : d);

  function readState(loc) {
    const p = new URLSearchParams(loc.search);
    return {
      text: p.get('q') || '', kinds: p.getAll('kind'), tags: p.getAll('tag'), orgs: p.getAll('org'),
      years: p.getAll('year').map(Number).filter((y) => Number.isInteger(y)),
    };
  }

  function writeState(win, st) {
    const p = new URLSearchParams();
    if (st.text) p.set('q', st.text);
    st.kinds.forEach((v) => p.append('kind', v));
    st.tags.forEach((v) => p.append('tag', v));
    st.orgs.forEach((v) => p.append('org', v));
    st.years.forEach((v) => p.append('year', String(v)));
    const qs = p.toString();
    win.history.replaceState(win.history.state, '', win.location.pathname + (qs ? '?' + qs : '') + win.location.hash);
  }

  // start runs the search page in win.document.
  function start(win) {
    const doc = win.document;
    const rootEl = doc.querySelector('[data-search-index]');
    if (!rootEl || typeof win.DecompressionStream !== 'function' || typeof win.fetch !== 'function') return;
    const base = (rootEl.getAttribute('data-base') || '/').replace(/\/?$/, '/');
    const engine = new Engine({ index: rootEl.getAttribute('data-search-index').replace(/\/?$/, '/'), fetch: win.fetch.bind(win) });
    const form = rootEl.querySelector('form');
    const input = rootEl.querySelector('input[name="q"]');
    if (!input) return;
    rootEl.querySelectorAll('[data-search-fallback]').forEach((e) => { e.hidden = true; });
    const status = part(rootEl, '[data-search-status]', () => {
      const e = el(doc, 'p', 'nhsuk-body app-search-status');
      e.setAttribute('data-search-status', '');
      e.setAttribute('aria-live', 'polite');
      return e;
    });
    const facetsEl = part(rootEl, '[data-search-facets]', () => { const e = el(doc, 'div', 'app-search-facets'); e.setAttribute('data-search-facets', ''); return e; });
    const list = part(rootEl, '[data-search-results]', () => { const e = el(doc, 'ol', 'nhsuk-list app-search-results'); e.setAttribute('data-search-results', ''); return e; });
    const more = part(rootEl, '[data-search-more]', () => {
      const e = el(doc, 'button', 'nhsuk-button nhsuk-button--secondary', 'Show more results');
      e.type = 'button';
      e.setAttribute('data-search-more', '');
      return e;
    });
    more.hidden = true;

    const st = readState(win.location);
    input.value = st.text;
    let seq = 0, timer = 0, shown = 0, total = 0;

    function renderHit(hit) {
      const li = el(doc, 'li', 'app-search-result');
      li.setAttribute('data-search-result', '');
      const h = el(doc, 'h2', 'nhsuk-heading-s app-search-result__title');
      const a = el(doc, 'a');
      a.href = base + hit.url.replace(/^\//, '');
      appendSegments(a, hit.title);
      h.appendChild(a);
      li.appendChild(h);
      const meta = el(doc, 'p', 'nhsuk-body-s app-search-result__meta');
      meta.appendChild(el(doc, 'strong', 'nhsuk-tag app-search-result__kind app-search-result__kind--' + hit.kind, kindLabel(hit.kind)));
      if (hit.date) {
        const t = el(doc, 'time', '', formatDate(hit.date));
        t.setAttribute('datetime', hit.date);
        meta.appendChild(doc.createTextNode(' '));
        meta.appendChild(t);
      }
      if (hit.orgs.length) meta.appendChild(doc.createTextNode(' · ' + hit.orgs.join(', ')));
      li.appendChild(meta);
      if (hit.heading) li.appendChild(el(doc, 'p', 'nhsuk-body-s app-search-result__section', hit.heading));
      if (hit.excerpt.length) {
        const p = el(doc, 'p', 'nhsuk-body-s app-search-result__excerpt');
        appendSegments(p, hit.excerpt);
        li.appendChild(p);
      }
      return li;
    }

    function renderFacets(facets) {
      const active = doc.activeElement;
      const focus = active && facetsEl.contains(active) && active.name ? [active.name, active.value] : null;
      facetsEl.textContent = '';
      if (DIMS.some((dim) => facets[dim].length)) facetsEl.appendChild(el(doc, 'h2', 'nhsuk-heading-s', 'Filter results'));
      let n = 0;
      for (const dim of DIMS) {
        const values = facets[dim];
        if (!values.length) continue;
        const fs = el(doc, 'fieldset', 'nhsuk-fieldset app-search-facet');
        fs.appendChild(el(doc, 'legend', 'nhsuk-fieldset__legend nhsuk-fieldset__legend--s', LEGENDS[dim]));
        const box = el(doc, 'div', 'nhsuk-checkboxes nhsuk-checkboxes--small');
        let extra = null;
        values.forEach((v, i) => {
          const item = el(doc, 'div', 'nhsuk-checkboxes__item');
          const cb = el(doc, 'input', 'nhsuk-checkboxes__input');
          cb.type = 'checkbox';
          cb.id = 'search-facet-' + (++n);
          cb.name = dim;
          cb.value = v.value;
          cb.checked = Boolean(v.selected);
          const label = el(doc, 'label', 'nhsuk-label nhsuk-checkboxes__label', (dim === 'kind' ? kindLabel(v.value) : v.value) + ' (' + v.count + ')');
          label.htmlFor = cb.id;
          item.appendChild(cb);
          item.appendChild(label);
          if (i < FACETS_SHOWN || v.selected) { box.appendChild(item); return; }
          if (!extra) {
            extra = el(doc, 'details', 'nhsuk-details app-search-facet__more');
            const summary = el(doc, 'summary', 'nhsuk-details__summary');
            summary.appendChild(el(doc, 'span', 'nhsuk-details__summary-text', 'More (' + (values.length - FACETS_SHOWN) + ')'));
            extra.appendChild(summary);
            extra.appendChild(el(doc, 'div', 'nhsuk-details__text nhsuk-checkboxes nhsuk-checkboxes--small'));
          }
          extra.lastChild.appendChild(item);
          if (focus && focus[0] === dim && focus[1] === v.value) extra.open = true;
        });
        fs.appendChild(box);
        if (extra) fs.appendChild(extra);
        facetsEl.appendChild(fs);
      }
      if (focus) {
        const again = [...facetsEl.querySelectorAll('input')].find((e) => e.name === focus[0] && e.value === focus[1]);
        if (again) again.focus();
      }
    }

    function say(res) {
      const q = '\u201c' + st.text.trim() + '\u201d';
      if (!res) { status.textContent = ''; return; }
      let s = res.total === 0 ? 'No results for ' + q : res.total + (res.total === 1 ? ' result for ' : ' results for ') + q;
      if (res.partial) s += '. No page has all of your words, so these pages have some of them';
      if (st.kinds.length + st.tags.length + st.orgs.length + st.years.length) s += ', with filters';
      status.textContent = s + '.';
    }

    async function run(append) {
      const my = ++seq;
      const q = { text: st.text, kinds: st.kinds, tags: st.tags, orgs: st.orgs, years: st.years, offset: append ? shown : 0, limit: PAGE_SIZE };
      try {
        if (!st.text.trim()) {
          list.textContent = '';
          facetsEl.textContent = '';
          more.hidden = true;
          say(null);
          return;
        }
        const res = await engine.search(q);
        if (my !== seq) return;
        if (!append) { list.textContent = ''; shown = 0; }
        res.hits.forEach((h) => list.appendChild(renderHit(h)));
        shown += res.hits.length;
        total = res.total;
        more.hidden = shown >= total;
        if (!append) say(res);
        const facets = await res.facets;
        if (my === seq && !append) renderFacets(facets);
      } catch (err) {
        if (my !== seq) return;
        status.textContent = 'Search is not working at the moment. Try again, or browse the topics and sections instead.';
        if (win.console) win.console.error(err);
      }
    }

    function schedule(delay) {
      win.clearTimeout(timer);
      writeState(win, st);
      timer = win.setTimeout(() => run(false), delay);
    }

    input.addEventListener('input', () => { st.text = input.value; schedule(DEBOUNCE_MS); });
    if (form) form.addEventListener('submit', (ev) => { ev.preventDefault(); st.text = input.value; schedule(0); });
    facetsEl.addEventListener('change', (ev) => {
      const t = ev.target;
      if (!t || t.type !== 'checkbox') return;
      const key = { kind: 'kinds', tag: 'tags', org: 'orgs', year: 'years' }[t.name];
      if (!key) return;
      const v = t.name === 'year' ? Number(t.value) : t.value;
      st[key] = st[key].filter((x) => x !== v);
      if (t.checked) st[key].push(v);
      schedule(0);
    });
    more.addEventListener('click', () => { if (shown < total) run(true); });
    engine.manifest().catch(() => {});
    if (st.text) run(false);
  }

  if (typeof window === 'object' && typeof document === 'object' && root === window) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start(window));
    else start(window);
  }
})(typeof globalThis === 'object' ? globalThis : this);
