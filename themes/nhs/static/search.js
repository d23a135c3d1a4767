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
 * [data-search-fallback] (hidden once the script runs), [data-search-spelling]
 * (what was searched for when words were corrected), [data-search-status]
 * (a polite live region), [data-search-suggest] (other searches to try),
 * [data-search-help] (shown when nothing is found), [data-search-facets],
 * [data-search-results] and [data-search-more]; missing parts are created,
 * but for the help. Each result is an element
 * with the attribute data-search-result holding the result's link. The URL
 * parameters q, kind, tag, org and year (repeatable) hold the query and the
 * facet filters, and exact=1 a search for the words as typed, kept in sync
 * with history.replaceState.
 */
(function (root) {
  'use strict';
  const lib = root.signpostSearch;
  if (!lib || !lib.Engine) return;
  const { Engine, DIMS } = lib;

  // ---- The search page.

  const LEGENDS = { kind: 'Content type', tag: 'Topic', org: 'Organisation', year: 'Year' };
  const FACETS_SHOWN = 10;
  // A facet table up to this size is read for the first search of several
  // words; a larger one when the person asks for the filters.
  const EAGER_FACETS = 16384;

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
      years: p.getAll('year').map(Number).filter((y) => Number.isInteger(y)), exact: p.get('exact') === '1',
    };
  }

  function writeState(win, st) {
    const p = new URLSearchParams();
    if (st.text) p.set('q', st.text);
    st.kinds.forEach((v) => p.append('kind', v));
    st.tags.forEach((v) => p.append('tag', v));
    st.orgs.forEach((v) => p.append('org', v));
    st.years.forEach((v) => p.append('year', String(v)));
    if (st.exact) p.set('exact', '1');
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
    const spelling = part(rootEl, '[data-search-spelling]', () => { const e = el(doc, 'p', 'nhsuk-body app-search__spelling'); e.setAttribute('data-search-spelling', ''); return e; });
    const status = part(rootEl, '[data-search-status]', () => {
      const e = el(doc, 'p', 'nhsuk-body app-search-status');
      e.setAttribute('data-search-status', '');
      e.setAttribute('aria-live', 'polite');
      return e;
    });
    const suggest = part(rootEl, '[data-search-suggest]', () => { const e = el(doc, 'p', 'nhsuk-body app-search__suggest'); e.setAttribute('data-search-suggest', ''); return e; });
    const help = rootEl.querySelector('[data-search-help]');
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
    let seq = 0, shown = 0, total = 0, busy = false, again = false;
    // A search from the address or submitted is complete; while the person
    // types, the last word may be half typed, and is also completed.
    let complete = true;

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

    // On a phone the filters come before the results, so there they are
    // in a closed "Filter results" details, as NHS.UK's filters are on
    // small screens: otherwise the first result is screens down. It stays
    // open once opened. Elsewhere they are under a heading.
    const narrow = win.matchMedia ? win.matchMedia('(max-width: 40.0525em)') : null;
    let filtersOpen = false;
    function filterBox() {
      if (!narrow || !narrow.matches) {
        facetsEl.appendChild(el(doc, 'h2', 'nhsuk-heading-s', 'Filter results'));
        return facetsEl;
      }
      const d = el(doc, 'details', 'nhsuk-details app-search__filter');
      const summary = el(doc, 'summary', 'nhsuk-details__summary');
      summary.appendChild(el(doc, 'span', 'nhsuk-details__summary-text', 'Filter results'));
      d.appendChild(summary);
      const body = el(doc, 'div', 'nhsuk-details__text');
      d.appendChild(body);
      d.open = filtersOpen;
      d.addEventListener('toggle', () => { filtersOpen = d.open; });
      facetsEl.appendChild(d);
      return body;
    }

    function renderFacets(facets) {
      const active = doc.activeElement;
      const focus = active && facetsEl.contains(active) && active.name ? [active.name, active.value] : null;
      facetsEl.textContent = '';
      const into = DIMS.some((dim) => facets[dim].length) ? filterBox() : facetsEl;
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
        into.appendChild(fs);
      }
      if (focus) {
        const again = [...facetsEl.querySelectorAll('input')].find((e) => e.name === focus[0] && e.value === focus[1]);
        if (again) again.focus();
      }
    }

    // renderDeferred offers the filters of a search of several words, which
    // need the facet table, not read yet.
    function renderDeferred() {
      facetsEl.textContent = '';
      const into = filterBox();
      const b = el(doc, 'button', 'nhsuk-button nhsuk-button--secondary app-search__filters', 'Show filters');
      b.type = 'button';
      b.addEventListener('click', () => {
        filtersOpen = true;
        b.disabled = true;
        b.textContent = 'Loading filters\u2026';
        engine.facetTable().then(() => run(false, true), () => {
          b.disabled = false;
          b.textContent = 'Show filters';
        });
      });
      into.appendChild(b);
    }

    // searchLink is a link that searches for text (as typed, with exact).
    function searchLink(text, exact) {
      const a = el(doc, 'a', '', text);
      const p = new URLSearchParams({ q: text });
      if (exact) p.set('exact', '1');
      a.href = win.location.pathname + '?' + p.toString();
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        input.value = st.text = text;
        st.exact = exact;
        schedule();
        input.focus();
      });
      return a;
    }

    function fill(p, parts) {
      p.textContent = '';
      for (const x of parts) p.appendChild(typeof x === 'string' ? doc.createTextNode(x) : x);
      p.hidden = !parts.length;
    }

    // say tells what was searched for and found, and what else to try.
    function say(res) {
      const quote = (t) => '\u201c' + t.trim() + '\u201d';
      if (!res) {
        status.textContent = '';
        fill(spelling, []);
        fill(suggest, []);
        if (help) help.hidden = true;
        return;
      }
      const c = res.correction, q = quote(c ? c.text : st.text);
      fill(spelling, c ? [c.also ? 'Including results for ' : 'Showing results for ', el(doc, 'strong', '', q), c.also ? '. Search only for ' : '. Search instead for ', searchLink(st.text.trim(), true)] : []);
      let s = res.total === 0 ? 'No results for ' + q : res.total + (res.total === 1 ? ' result for ' : ' results for ') + q;
      if (res.partial) s += '. No page has all of your words, so these pages have some of them';
      if (st.kinds.length + st.tags.length + st.orgs.length + st.years.length) s += ', with filters';
      status.textContent = s + '.';
      const tries = [];
      (res.suggestions || []).forEach((t, i) => {
        tries.push(i === 0 ? 'Did you mean ' : i === res.suggestions.length - 1 ? ' or ' : ', ', searchLink(t, false));
      });
      if (tries.length) tries.push('?');
      if (res.dropped) tries.push(tries.length ? ' Or search for ' : 'Search for ', searchLink(res.dropped, false), ' instead.');
      fill(suggest, tries);
      if (help) help.hidden = res.total > 0;
    }

    async function run(append, focusFacets) {
      const my = ++seq;
      const q = { text: complete ? st.text + ' ' : st.text, kinds: st.kinds, tags: st.tags, orgs: st.orgs, years: st.years, offset: append ? shown : 0, exact: st.exact };
      try {
        if (!st.text.trim()) {
          list.textContent = '';
          facetsEl.textContent = '';
          more.hidden = true;
          say(null);
          return;
        }
        const m = await engine.manifest();
        q.limit = m.query.pagesize;
        if (m.facetbytes > EAGER_FACETS) q.facets = 'cheap';
        const res = await engine.search(q);
        if (my !== seq) return;
        if (!append) { list.textContent = ''; shown = 0; }
        res.hits.forEach((h) => list.appendChild(renderHit(h)));
        shown += res.hits.length;
        total = res.total;
        more.hidden = shown >= total;
        if (!append) say(res);
        if (res.deferred) {
          if (!append) renderDeferred();
          return;
        }
        const facets = await res.facets;
        if (my === seq && !append) {
          renderFacets(facets);
          const h = facetsEl.querySelector('h2') || facetsEl.querySelector('summary');
          if (focusFacets && h) { if (h.tagName === 'H2') h.tabIndex = -1; h.focus(); }
        }
      } catch (err) {
        if (my !== seq) return;
        status.textContent = 'Search is not working at the moment. Try again, or browse the topics and sections instead.';
        if (help) help.hidden = false;
        if (win.console) win.console.error(err);
      }
    }

    // schedule runs the query now, or if one is running, once it has
    // finished: keystrokes made meanwhile make one query, of the latest text.
    async function schedule() {
      writeState(win, st);
      if (busy) { again = true; return; }
      busy = true;
      try {
        do { again = false; await run(false); } while (again);
      } finally {
        busy = false;
      }
    }

    input.addEventListener('input', () => { st.text = input.value; st.exact = false; complete = false; schedule(); });
    if (form) form.addEventListener('submit', (ev) => { ev.preventDefault(); if (st.text !== input.value) st.exact = false; st.text = input.value; complete = true; schedule(); });
    facetsEl.addEventListener('change', (ev) => {
      const t = ev.target;
      if (!t || t.type !== 'checkbox') return;
      const key = { kind: 'kinds', tag: 'tags', org: 'orgs', year: 'years' }[t.name];
      if (!key) return;
      const v = t.name === 'year' ? Number(t.value) : t.value;
      st[key] = st[key].filter((x) => x !== v);
      if (t.checked) st[key].push(v);
      schedule();
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
