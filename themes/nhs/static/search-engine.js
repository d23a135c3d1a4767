/* signpost search runtime, part 2 of 3: the engine.
 *
 * Answers queries from the static index that signpost build writes under
 * /search/ (internal/search): fetches and decodes only the files a query
 * needs, ranks, counts facets and builds results. It mirrors the Go
 * Searcher, and TestJSRuntime checks that they agree on results and on the
 * files fetched. No DOM: it runs in a browser after search-text.js, or in
 * Node as a CommonJS module.
 */
(function (root, text) {
  'use strict';
  const { Text, excerpt, firstMatch, highlight } = text;

  // ---- Index files: internal/search/files.go and searcher.go.

  const FORMAT = 1;
  const MAX_GROUPS = 10, MAX_EXPANSIONS = 8, MAX_PREFIX_SHARDS = 4, MIN_PREFIX_LEN = 3;
  const EXACT_W = 10, COMPLETION_W = 8, PAGE_SIZE = 10;
  const TITLE_BIT = 1, PAGE_BIT = 128;
  const MEMBERS_SCORED = 0, MEMBERS_GAPS = 1, MEMBERS_BITMAP = 2;
  const DIMS = ['kind', 'tag', 'org', 'year'];
  const utf8 = new TextDecoder();

  function corrupt() { return new Error('search: index file is truncated or corrupt: rebuild the site'); }

  function Reader(b) { this.b = b; this.p = 0; }
  Reader.prototype.byte = function () {
    if (this.p >= this.b.length) throw corrupt();
    return this.b[this.p++];
  };
  Reader.prototype.uint = function () {
    let v = 0, mul = 1, c;
    do { c = this.byte(); v += (c & 0x7f) * mul; mul *= 128; } while (c & 0x80);
    return v;
  };
  Reader.prototype.bytes = function (n) {
    if (this.p + n > this.b.length) throw corrupt();
    this.p += n;
    return this.b.subarray(this.p - n, this.p);
  };
  Reader.prototype.string = function () { return utf8.decode(this.bytes(this.uint())); };

  // cmp compares strings by code point, as Go compares UTF-8 bytes.
  function cmp(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      const sx = x >= 0xd800 && x <= 0xdfff, sy = y >= 0xd800 && y <= 0xdfff;
      if (sx === sy) return x < y ? -1 : 1;
      return sx ? 1 : -1;
    }
    return a.length - b.length;
  }

  // search returns the first index in [0, n) where pred is true, or n.
  function bsearch(n, pred) {
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(mid)) hi = mid; else lo = mid + 1;
    }
    return lo;
  }

  const rank = (sd) => 2 * sd.ds + sd.secs.reduce((m, s) => Math.max(m, s.ss), 0);
  function bestOf(sd) {
    let b = -1, bs = 0;
    for (const s of sd.secs) if (s.ss > bs) { b = s.idx; bs = s.ss; }
    return b;
  }

  function decodeShard(bytes, docs, cards) {
    const r = new Reader(bytes), terms = [], words = [];
    for (let n = r.uint(); n > 0; n--) terms.push(decodeTerm(r, docs, cards));
    for (let n = r.uint(); n > 0; n--) words.push([r.string(), r.string()]);
    return { terms, words };
  }

  function decodeTerm(r, docs, cards) {
    const t = { stem: r.string(), df: r.uint(), cardFile: r.uint(), members: [], hist: [], scored: [], byDoc: new Map(), cards: new Map() };
    const mode = r.byte();
    if (mode === MEMBERS_GAPS) {
      let last = 0;
      for (let i = 0; i < t.df; i++) { last += r.uint(); t.members.push(last); }
    } else if (mode === MEMBERS_BITMAP) {
      const bits = r.bytes((docs + 7) >> 3);
      for (let i = 0; i < bits.length; i++) {
        for (let j = 0; j < 8; j++) if (bits[i] & (1 << j)) t.members.push(i * 8 + j);
      }
    }
    let id = 0;
    for (let n = r.uint(); n > 0; n--) { id += r.uint(); t.hist.push([id, r.uint()]); }
    t.rest = r.uint();
    let last = 0;
    for (let n = r.uint(); n > 0; n--) {
      last += r.uint();
      const sd = { doc: last, ds: r.uint(), bits: r.byte(), titlePos: -1, secs: [] };
      if (sd.bits & TITLE_BIT) sd.titlePos = r.uint();
      for (let k = r.uint(); k > 0; k--) sd.secs.push({ idx: r.uint(), ss: r.uint(), first: r.uint() });
      t.scored.push(sd);
      t.byDoc.set(sd.doc, sd);
    }
    if (mode === MEMBERS_SCORED) t.members = t.scored.map((sd) => sd.doc);
    const ranked = t.scored.slice().sort((a, b) => rank(b) - rank(a) || a.doc - b.doc);
    for (const sd of ranked.slice(0, cards)) t.cards.set(sd.doc, bestOf(sd));
    return t;
  }

  async function gunzip(b) {
    if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
    const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Engine answers queries from the index at opts.index (a URL ending in
  // "/"), fetching files with opts.fetch and caching them.
  function Engine(opts) {
    this.index = opts.index;
    this.fetch = opts.fetch;
    this.cache = new Map();
    this.mp = null;
  }

  // load fetches, decompresses and decodes one file once.
  Engine.prototype.load = function (name, decode) {
    let p = this.cache.get(name);
    if (!p) {
      const fresh = name === 'manifest.bin';
      const url = this.index + name + (fresh ? '' : '?v=' + this.m.build);
      p = Promise.resolve(this.fetch(url, fresh ? { cache: 'no-cache' } : {})).then(async (res) => {
        if (!res.ok) throw new Error('search: ' + url + ': HTTP ' + res.status);
        return decode(await gunzip(new Uint8Array(await res.arrayBuffer())));
      });
      this.cache.set(name, p);
      p.catch(() => { if (this.cache.get(name) === p) this.cache.delete(name); });
    }
    return p;
  };

  Engine.prototype.manifest = function () {
    if (!this.mp) {
      this.mp = this.load('manifest.bin', (b) => {
        const m = JSON.parse(utf8.decode(b));
        if (m.format !== FORMAT) throw new Error('search: index format ' + m.format + ', want ' + FORMAT + ': rebuild the site');
        this.m = m;
        this.text = new Text(m.text);
        return m;
      });
      this.mp.catch(() => { this.mp = null; });
    }
    return this.mp;
  };

  Engine.prototype.shard = function (i) {
    return this.load('terms/' + i + '.bin', (b) => decodeShard(b, this.m.docs, this.m.cards));
  };

  Engine.prototype.cardSet = function (i) {
    return this.load('cards/' + i + '.bin', (b) => {
      const raw = JSON.parse(utf8.decode(b)), docs = new Map(), terms = new Map();
      for (const [id, title, url, kind, date, orgs, secs] of raw.docs) {
        docs.set(id, { title, url, kind, date, orgs, secs: new Map(secs.map(([i, a, h]) => [i, [a, h]])) });
      }
      for (const [stem, cards] of raw.terms) terms.set(stem, new Map(cards.map(([d, , ex]) => [d, ex])));
      return { docs, terms };
    });
  };

  Engine.prototype.doc = function (i) {
    return this.load('docs/' + i + '.bin', (b) => JSON.parse(utf8.decode(b)));
  };

  // facetTable returns each page's facet ids: kind, tags, organisations.
  // Kinds are packed in bits; each tag's and organisation's pages are
  // Rice-coded gaps (internal/search/files.go).
  Engine.prototype.facetTable = function () {
    return this.load('facets.bin', (b) => {
      const r = new Reader(b), m = this.m, n = r.uint();
      if (n !== m.docs) throw corrupt();
      let kb = 0;
      while ((1 << kb) < m.kinds.length) kb++;
      const bits = new BitReader(r.bytes((n * kb + 7) >> 3)), out = [];
      for (let i = 0; i < n; i++) out.push([bits.read(kb)]);
      for (let v = 0; v < m.tags.length + m.orgs.length; v++) {
        const count = r.uint();
        if (!count) continue;
        const k = r.byte(), br = new BitReader(r.b.subarray(r.p));
        let doc = -1;
        for (let c = 0; c < count; c++) {
          doc += br.rice(k) + 1;
          if (doc >= n) throw corrupt();
          out[doc].push(m.kinds.length + v);
        }
        r.bytes((br.n + 7) >> 3);
      }
      return out;
    });
  };

  function BitReader(b) { this.b = b; this.n = 0; }
  BitReader.prototype.read = function (k) {
    let v = 0;
    for (let i = 0; i < k; i++, this.n++) {
      if (this.n >= 8 * this.b.length) throw corrupt();
      if (this.b[this.n >> 3] & (1 << (this.n & 7))) v += 2 ** i;
    }
    return v;
  };
  BitReader.prototype.rice = function (k) {
    let q = 0;
    while (this.read(1) === 1) q++;
    return q * 2 ** k + this.read(k);
  };

  function shardOf(m, key) {
    return Math.max(0, bsearch(m.shards.length, (i) => cmp(m.shards[i], key) > 0) - 1);
  }

  function prefixShards(m, p) {
    let i = shardOf(m, p);
    const out = [i];
    while (i + 1 < m.shards.length && m.shards[i + 1].startsWith(p) && out.length < MAX_PREFIX_SHARDS) out.push(++i);
    return out;
  }

  function entry(sh, stem) {
    const i = bsearch(sh.terms.length, (k) => cmp(sh.terms[k].stem, stem) >= 0);
    return i < sh.terms.length && sh.terms[i].stem === stem ? sh.terms[i] : null;
  }

  function known(sh, w) {
    if (entry(sh, w)) return true;
    const i = bsearch(sh.words.length, (k) => cmp(sh.words[k][0], w) >= 0);
    return i < sh.words.length && sh.words[i][0] === w;
  }

  // ---- Queries: internal/search/query.go.

  Engine.prototype.parse = function (text) {
    const toks = this.text.tokenize(text, false);
    let words = toks.filter((t) => !this.text.isQueryStop(t.word));
    if (!words.length) words = toks;
    const ends = toks.length > 0 && toks[toks.length - 1].end === text.length;
    const out = [], seen = new Set();
    for (let i = 0; i < words.length && out.length < MAX_GROUPS; i++) {
      const t = words[i];
      const prefix = ends && i === words.length - 1 && t.end === text.length && Array.from(t.word).length >= MIN_PREFIX_LEN;
      if (!prefix && seen.has(t.stem)) continue;
      seen.add(t.stem);
      out.push({ word: t.word, stem: t.stem, pos: t.pos, prefix, exps: [], best: null });
    }
    return out;
  };

  Engine.prototype.expand = async function (groups) {
    const m = this.m, need = new Set();
    const forms = (g) => { const alt = this.text.spellPrefix(g.word); return alt ? [g.word, alt] : [g.word]; };
    for (const g of groups) {
      need.add(shardOf(m, g.stem));
      if (g.prefix) need.add(shardOf(m, g.word));
    }
    const shards = new Map();
    const fetchAll = (ids) => Promise.all([...ids].map(async (i) => shards.set(i, await this.shard(i))));
    await fetchAll(need);
    // A word the index knows as typed is complete: it is not completed.
    for (const g of groups) if (g.prefix && known(shards.get(shardOf(m, g.word)), g.word)) g.prefix = false;
    need.clear();
    for (const g of groups) if (g.prefix) for (const p of forms(g)) for (const i of prefixShards(m, p)) need.add(i);
    await fetchAll(need);
    const cands = groups.map((g) => {
      const e = entry(shards.get(shardOf(m, g.stem)), g.stem);
      if (e) g.exps.push({ t: e, w: EXACT_W });
      const stems = new Set();
      if (g.prefix) {
        for (const p of forms(g)) {
          for (const i of prefixShards(m, p)) {
            const sh = shards.get(i);
            for (const t of sh.terms) if (t.stem.startsWith(p)) stems.add(t.stem);
            for (const [w, s] of sh.words) if (w.startsWith(p)) stems.add(s);
          }
        }
        stems.delete(g.stem);
      }
      return [...stems].sort(cmp);
    });
    await fetchAll(new Set([].concat(...cands).map((s) => shardOf(m, s))));
    groups.forEach((g, k) => {
      const comps = cands[k].map((s) => entry(shards.get(shardOf(m, s)), s)).filter(Boolean);
      comps.sort((a, b) => b.df - a.df);
      for (const e of comps.slice(0, MAX_EXPANSIONS)) g.exps.push({ t: e, w: COMPLETION_W });
      g.best = bestExpansions(g.exps);
    });
  };

  function bestExpansions(exps) {
    const best = new Map();
    for (const x of exps) {
      for (const d of x.t.members) {
        const sd = x.t.byDoc.get(d) || null;
        const val = sd ? x.w * rank(sd) : x.w * 2 * x.t.rest;
        const old = best.get(d);
        if (!old || val > old.val) best.set(d, { w: x.w, e: x.t, sd, val });
      }
    }
    return best;
  }

  function matchPages(groups) {
    const count = new Map();
    for (const g of groups) for (const d of g.best.keys()) count.set(d, (count.get(d) || 0) + 1);
    let pages = [], partial = false;
    for (const [d, n] of count) if (n === groups.length) pages.push(d);
    if (!pages.length && groups.length > 1) {
      pages = [...count.keys()];
      partial = pages.length > 0;
    }
    pages.sort((a, b) => a - b);
    return [pages, partial];
  }

  function score(groups, d) {
    let total = 0;
    for (const g of groups) {
      const mt = g.best.get(d);
      if (mt) total += 2 * mt.w * (mt.sd ? mt.sd.ds : mt.e.rest);
    }
    return total + bestSection(groups, d)[1] + proximity(groups, d);
  }

  function bestSection(groups, d) {
    const sums = new Map();
    let known = false;
    for (const g of groups) {
      const mt = g.best.get(d);
      if (!mt || !mt.sd) continue;
      known = true;
      for (const s of mt.sd.secs) sums.set(s.idx, (sums.get(s.idx) || 0) + mt.w * s.ss);
    }
    if (!known) return [-2, 0];
    let best = -1, bs = 0;
    for (const [idx, v] of sums) if (v > bs || (v === bs && best >= 0 && idx < best)) { best = idx; bs = v; }
    return [best, bs];
  }

  function proximity(groups, d) {
    let bonus = 0;
    for (let i = 0; i + 1 < groups.length; i++) {
      const a = groups[i].best.get(d), b = groups[i + 1].best.get(d);
      if (!a || !b || !a.sd || !b.sd) continue;
      const gap = groups[i + 1].pos - groups[i].pos;
      if (a.sd.titlePos >= 0 && b.sd.titlePos >= 0 && b.sd.titlePos - a.sd.titlePos === gap) {
        bonus += Math.min(a.w * a.sd.ds, b.w * b.sd.ds);
        continue;
      }
      let best = 0;
      for (const sa of a.sd.secs) {
        for (const sb of b.sd.secs) {
          if (sa.idx !== sb.idx) continue;
          let v = Math.min(a.w * sa.ss, b.w * sb.ss);
          const diff = sb.first - sa.first;
          if (diff === gap) { /* full bonus */ } else if (diff !== 0 && Math.abs(diff) <= gap + 4) v = Math.floor(v / 2);
          else v = 0;
          best = Math.max(best, v);
        }
      }
      bonus += best;
    }
    return bonus;
  }

  // ---- Facets: internal/search/results.go.

  function Filter(m, q) {
    this.m = m;
    this.unknown = [[], [], [], []];
    const ids = (dim, vocab, first, names) => {
      if (!names || !names.length) return null;
      return new Set(names.map((n) => {
        const i = vocab.indexOf(n);
        if (i < 0 && !this.unknown[dim].includes(n)) this.unknown[dim].push(n);
        return i < 0 ? -1 : first + i;
      }));
    };
    this.sel = [
      ids(0, m.kinds, 0, q.kinds),
      ids(1, m.tags, m.kinds.length, q.tags),
      ids(2, m.orgs, m.kinds.length + m.tags.length, q.orgs),
      q.years && q.years.length ? new Set(q.years) : null,
    ];
  }
  Filter.prototype.any = function () { return this.sel.some(Boolean); };
  Filter.prototype.needsTable = function () { return Boolean(this.sel[0] || this.sel[1] || this.sel[2]); };
  Filter.prototype.pass = function (d, table, skip) {
    for (let dim = 0; dim < 4; dim++) {
      const set = this.sel[dim];
      if (!set || dim === skip) continue;
      if (dim === 3) { if (!set.has(yearOf(this.m, d))) return false; continue; }
      if (!table[d].some((id) => dimOf(this.m, id) === dim && set.has(id))) return false;
    }
    return true;
  };
  Filter.prototype.list = function (dim, counts) {
    const m = this.m, out = [], sel = this.sel[dim];
    const add = (key, value) => {
      const selected = Boolean(sel && sel.has(key)), count = counts.get(key) || 0;
      if (count > 0 || selected) out.push(selected ? { value, count, selected } : { value, count });
    };
    if (dim === 0) m.kinds.forEach((k, i) => add(i, k));
    else if (dim === 1) m.tags.forEach((t, i) => add(m.kinds.length + i, t));
    else if (dim === 2) m.orgs.forEach((o, i) => add(m.kinds.length + m.tags.length + i, o));
    else [...new Set([...counts.keys(), ...(sel || [])])].sort((a, b) => b - a).forEach((y) => add(y, String(y)));
    if (dim === 1 || dim === 2) out.sort((a, b) => b.count - a.count);
    for (const value of this.unknown[dim]) out.push({ value, count: 0, selected: true });
    return out;
  };
  Filter.prototype.facets = function (counts) {
    const out = {};
    DIMS.forEach((name, dim) => { out[name] = this.list(dim, counts[dim]); });
    return out;
  };

  function yearOf(m, d) {
    for (const [y, a, b] of m.years) if (d >= a && d < b) return y;
    return 0;
  }
  function dimOf(m, id) { return id < m.kinds.length ? 0 : id < m.kinds.length + m.tags.length ? 1 : 2; }
  const emptyFacets = () => ({ kind: [], tag: [], org: [], year: [] });

  function histFacets(m, t, f) {
    const counts = [new Map(), new Map(), new Map(), new Map()];
    for (const [id, n] of t.hist) counts[dimOf(m, id)].set(id, n);
    for (const d of t.members) { const y = yearOf(m, d); if (y) counts[3].set(y, (counts[3].get(y) || 0) + 1); }
    return f.facets(counts);
  }

  function tableFacets(m, matched, table, f) {
    const counts = [new Map(), new Map(), new Map(), new Map()];
    for (const d of matched) {
      for (let dim = 0; dim < 4; dim++) {
        if (!f.pass(d, table, dim)) continue;
        if (dim === 3) { const y = yearOf(m, d); if (y) counts[3].set(y, (counts[3].get(y) || 0) + 1); continue; }
        for (const id of table[d]) if (dimOf(m, id) === dim) counts[dim].set(id, (counts[dim].get(id) || 0) + 1);
      }
    }
    return f.facets(counts);
  }

  // search answers q = {text, kinds, tags, orgs, years, offset, limit} with
  // {total, partial, hits, facets}; facets is a promise, as counting them
  // may need the facet table.
  Engine.prototype.search = async function (q) {
    const m = await this.manifest();
    const res = { total: 0, partial: false, hits: [], facets: Promise.resolve(emptyFacets()) };
    const groups = this.parse(q.text || '');
    if (!groups.length) return res;
    const f = new Filter(m, q);
    const tableP = f.needsTable() ? this.facetTable() : null;
    await this.expand(groups);
    const [matched, partial] = matchPages(groups);
    res.partial = partial;
    const table = tableP ? await tableP : null;
    const hits = matched.filter((d) => f.pass(d, table, -1));
    const scores = new Map(hits.map((d) => [d, score(groups, d)]));
    hits.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
    res.total = hits.length;
    const single = groups.length === 1 && groups[0].exps.length === 1;
    if (matched.length) {
      res.facets = single && !f.any() ? Promise.resolve(histFacets(m, groups[0].exps[0].t, f))
        : this.facetTable().then((t) => tableFacets(m, matched, t, f));
      res.facets.catch(() => {});
    }
    const offset = Math.max(0, q.offset || 0), limit = q.limit > 0 ? q.limit : PAGE_SIZE;
    res.hits = await this.hits(groups, hits.slice(offset, offset + limit), scores);
    return res;
  };

  Engine.prototype.hits = async function (groups, page, scores) {
    const m = this.m, text = this.text, stems = new Set();
    for (const g of groups) for (const x of g.exps) stems.add(x.t.stem);
    const match = (s) => stems.has(s);
    const plans = page.map((d) => {
      const [b] = bestSection(groups, d);
      let identity = true, from = null;
      for (const g of groups) {
        const mt = g.best.get(d);
        if (!mt || !mt.sd || !(mt.sd.bits & PAGE_BIT)) identity = false;
        if (!from && mt && mt.sd && b >= -1 && mt.e.cards.has(d) && mt.e.cards.get(d) === b) from = mt;
      }
      return { d, b, identity, from };
    });
    const srcs = await Promise.all(plans.map((p) => (p.from ? this.cardSet(p.from.e.cardFile) : this.doc(p.d))));
    return plans.map((p, k) => {
      const src = srcs[k];
      let b = p.b, title, url, kind, date, orgs, anchor = '', heading = '', ex;
      if (p.from) {
        const cd = src.docs.get(p.d);
        if (!cd || (b >= 0 && !cd.secs.has(b))) throw corrupt();
        ({ title, url, kind, date, orgs } = cd);
        if (b >= 0) [anchor, heading] = cd.secs.get(b);
        ex = src.terms.get(p.from.e.stem).get(p.d);
      } else {
        ({ t: title, u: url, k: kind, d: date, o: orgs } = src);
        if (b === -2) b = scanSections(text, src, match);
        if (b >= src.s.length) throw corrupt();
        let body = src.m;
        if (b >= 0) [anchor, heading, body] = src.s[b];
        const toks = text.tokenize(body, true);
        ex = excerpt(body, toks, firstMatch(toks, match));
      }
      if (b >= 0 && anchor !== '' && !p.identity) url += '#' + anchor;
      else if (p.identity) heading = '';
      return {
        doc: p.d, url, title: highlight(text, title, match), kind: m.kinds[kind] || '', date,
        orgs: orgs.filter((o) => o >= 0 && o < m.orgs.length).map((o) => m.orgs[o]),
        heading, excerpt: highlight(text, ex, match), score: scores.get(p.d),
      };
    });
  };

  function scanSections(text, df, match) {
    for (let i = 0; i < df.s.length; i++) {
      if (firstMatch(text.tokenize(df.s[i][1], true), match) >= 0 || firstMatch(text.tokenize(df.s[i][2], true), match) >= 0) return i;
    }
    return -1;
  }

  const api = Object.assign({}, text, { Engine, cmp, PAGE_SIZE, DIMS });
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.signpostSearch = Object.assign(root.signpostSearch || {}, api);
})(typeof globalThis === 'object' ? globalThis : this,
  typeof module === 'object' && module.exports ? require('./search-text.js') : globalThis.signpostSearch);
