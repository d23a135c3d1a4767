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

  // The format of the files; the tunables of queries come with the manifest
  // (m.query), written from internal/search/tunables.go.
  const FORMAT = 3;
  const TITLE_BIT = 1, PAGE_BIT = 128;
  const MEMBERS_SCORED = 0, MEMBERS_GAPS = 1, MEMBERS_BITMAP = 2, MEMBERS_FILE = 3;
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

  // decodeShard reads a term shard: stems with their entries and the
  // excerpts of their cards, surface words, synonym groups by the stem they
  // are filed under, and the pages of the cards.
  function decodeShard(bytes, docs, index) {
    const r = new Reader(bytes), terms = [], words = [], syns = [], pages = new Map(), sh = { index, terms, words, syns, members: null };
    for (let n = r.uint(); n > 0; n--) terms.push(decodeTerm(r, docs, pages, sh));
    for (let n = r.uint(); n > 0; n--) words.push([r.string(), r.string()]);
    for (let n = r.uint(); n > 0; n--) {
      const rec = { stem: r.string(), key: r.string(), members: [] };
      for (let k = r.uint(); k > 0; k--) {
        const t = { anchor: r.uint(), stems: [], word: '' };
        for (let j = r.uint(); j > 0; j--) t.stems.push(r.string());
        if (t.stems.length === 1) t.word = r.string();
        if (t.anchor >= t.stems.length) throw corrupt();
        rec.members.push(t);
      }
      syns.push(rec);
    }
    let id = 0;
    for (let n = r.uint(); n > 0; n--) {
      id += r.uint();
      const p = { title: r.string(), url: r.string(), kind: r.uint(), date: r.string(), orgs: [], secs: new Map() };
      for (let k = r.uint(); k > 0; k--) p.orgs.push(r.uint());
      for (let k = r.uint(); k > 0; k--) { const idx = r.uint(); p.secs.set(idx, [r.string(), r.string()]); }
      pages.set(id, p);
    }
    if (r.p !== bytes.length) throw corrupt();
    for (const t of terms) {
      for (const [d, sec] of t.cards) {
        const p = pages.get(d);
        if (!p || (sec >= 0 && !p.secs.has(sec))) throw corrupt();
      }
    }
    return sh;
  }

  // decodeMembers reads df ascending page numbers encoded as mode says.
  function decodeMembers(r, mode, df, docs) {
    const out = [];
    if (mode === MEMBERS_GAPS) {
      let last = 0;
      for (let i = 0; i < df; i++) { last += r.uint(); out.push(last); }
    } else if (mode === MEMBERS_BITMAP) {
      const bits = r.bytes((docs + 7) >> 3);
      for (let i = 0; i < bits.length; i++) {
        for (let j = 0; j < 8; j++) if (bits[i] & (1 << j)) out.push(i * 8 + j);
      }
    } else throw corrupt();
    if (out.length !== df) throw corrupt();
    return out;
  }

  function decodeTerm(r, docs, pages, shard) {
    const t = { stem: r.string(), df: r.uint(), mode: 0, members: null, years: null, hist: [], scored: [], byDoc: new Map(), cards: new Map(), excerpts: new Map(), pages, shard };
    const mode = t.mode = r.byte();
    if (mode === MEMBERS_GAPS || mode === MEMBERS_BITMAP) t.members = decodeMembers(r, mode, t.df, docs);
    else if (mode === MEMBERS_FILE) {
      t.years = [];
      for (let n = r.uint(); n > 0; n--) t.years.push(r.uint());
    } else if (mode !== MEMBERS_SCORED) throw corrupt();
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
    const cards = r.uint();
    if (cards > t.scored.length) throw corrupt();
    const ranked = t.scored.slice().sort((a, b) => rank(b) - rank(a) || a.doc - b.doc);
    for (const sd of ranked.slice(0, cards)) { t.cards.set(sd.doc, bestOf(sd)); t.excerpts.set(sd.doc, r.string()); }
    return t;
  }

  async function gunzip(b) {
    if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
    const stream = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Engine answers queries from the index at opts.index (a URL ending in
  // "/"), fetching files with opts.fetch and caching them; opts.manifest
  // may be the response of a fetch of the manifest already under way.
  function Engine(opts) {
    this.index = opts.index;
    this.fetch = opts.fetch;
    this.cache = new Map();
    this.mp = null;
    this.early = opts.manifest || null;
  }

  // load fetches, decompresses and decodes one file once.
  Engine.prototype.load = function (name, decode) {
    let p = this.cache.get(name);
    if (!p) {
      const fresh = name === 'manifest.bin';
      const url = this.index + name + (fresh ? '' : '?v=' + this.m.build);
      const early = fresh && this.early, get = () => this.fetch(url, fresh ? { cache: 'no-cache' } : {});
      this.early = null;
      // A manifest fetched early that did not come is fetched again.
      p = (early ? Promise.resolve(early).then((r) => (r && r.ok ? r : get()), get) : Promise.resolve(get())).then(async (res) => {
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
        if (!(m.pages >= 1)) throw corrupt();
        m.shards = bounds(m.shards);
        m.spell = bounds(m.spell);
        this.m = m;
        this.text = new Text(m.text);
        return m;
      });
      this.mp.catch(() => { this.mp = null; });
    }
    return this.mp;
  };

  Engine.prototype.shard = function (i) {
    return this.load('terms/' + i + '.bin', (b) => decodeShard(b, this.m.docs, i));
  };

  // members reads the members file of shard sh into its entries whose
  // pages are there.
  Engine.prototype.members = function (sh) {
    return this.load('members/' + sh.index + '.bin', (b) => {
      const r = new Reader(b);
      for (const t of sh.terms) if (t.mode === MEMBERS_FILE) t.members = decodeMembers(r, r.byte(), t.df, this.m.docs);
      if (r.p !== b.length) throw corrupt();
      return true;
    });
  };

  // page returns the record of page i from its page file.
  Engine.prototype.page = async function (i) {
    const n = Math.floor(i / this.m.pages);
    const recs = await this.load('pages/' + n + '.bin', (b) => JSON.parse(utf8.decode(b)));
    const rec = recs[i % this.m.pages];
    if (!rec) throw corrupt();
    return rec;
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

  // bounds decodes the front-coded lower bounds of shards (files.go): per
  // bound, a character that counts the characters it shares with the one
  // before from '0', the rest, and a newline.
  function bounds(s) {
    const out = [];
    let prev = [];
    for (const line of s.split('\n').slice(0, -1)) {
      const cs = Array.from(line), n = cs.length ? cs[0].codePointAt(0) - 48 : -1;
      if (n < 0 || n > prev.length) throw corrupt();
      prev = prev.slice(0, n).concat(cs.slice(1));
      out.push(prev.join(''));
    }
    return out;
  }

  // Ranges of sorted lower bounds: internal/search/searcher.go.
  function boundOf(bounds, key) {
    return Math.max(0, bsearch(bounds.length, (i) => cmp(bounds[i], key) > 0) - 1);
  }
  function rangeOf(bounds, p) {
    let i = boundOf(bounds, p);
    const out = [i];
    while (i + 1 < bounds.length && bounds[i + 1].startsWith(p)) out.push(++i);
    return out;
  }
  const shardOf = (m, key) => boundOf(m.shards, key);
  const prefixShards = (m, p) => rangeOf(m.shards, p).slice(0, m.query.prefixshards);
  function spellShards(m, w) {
    const n = m.spell.length;
    if (n <= m.query.spellshards) return m.spell.map((_, i) => i);
    for (let p = 1; p <= w.length; p++) {
      const r = rangeOf(m.spell, w.slice(0, p));
      if (r.length <= m.query.spellshards) return r;
    }
    return [boundOf(m.spell, w)];
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

  const synsOf = (sh, stem) => sh.syns.filter((r) => r.stem === stem);

  // spellShard reads a spell shard: sorted words, front-coded, each with
  // the pages it is on (internal/search/spellindex.go).
  Engine.prototype.spellShard = function (i) {
    return this.load('spell/' + i + '.bin', (b) => {
      const r = new Reader(b), words = [], df = [];
      let last = '';
      for (let n = r.uint(); n > 0; n--) {
        const p = r.uint();
        if (p > last.length) throw corrupt();
        last = last.slice(0, p) + r.string();
        words.push(last);
        df.push(r.byte());
      }
      if (r.p !== b.length) throw corrupt();
      return { words, df };
    });
  };

  // ---- Spelling: internal/search/typo.go.

  // distances returns the optimal string alignment distance of a and b,
  // and of a to the closest start of b, each k+1 if more than k (typo.go).
  function distances(a, b, k) {
    if (b.length < a.length - k) return [k + 1, k + 1];
    const n = b.length;
    let prev2 = new Array(n + 1).fill(0), prev = [], cur = new Array(n + 1).fill(0);
    for (let j = 0; j <= n; j++) prev.push(j);
    for (let i = 1; i <= a.length; i++) {
      cur[0] = i;
      let low = i;
      for (let j = 1; j <= n; j++) {
        let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        low = Math.min(low, v);
      }
      if (low > k) return [k + 1, k + 1];
      [prev2, prev, cur] = [prev, cur, prev2];
    }
    const whole = Math.abs(a.length - n) > k ? k + 1 : prev[n];
    return [Math.min(whole, k + 1), Math.min(Math.min(...prev), k + 1)];
  }
  const osa = (a, b, k, prefix) => distances(a, b, k)[prefix ? 1 : 0];

  // nearWords returns the words of the shards within k edits of w, closest
  // first, then those on most pages, then in order.
  function nearWords(shards, w, k, prefix) {
    const out = [];
    for (const sh of shards) {
      sh.words.forEach((x, i) => {
        if (x === w || (!prefix && Math.abs(x.length - w.length) > k)) return;
        const [dw, ds] = distances(w, x, k), d = prefix ? Math.min(dw, ds) : dw;
        if (d >= 1 && d <= k) out.push({ word: x, df: sh.df[i], d, whole: dw === d });
      });
    }
    return out.sort((a, b) => a.d - b.d || b.df - a.df || cmp(a.word, b.word));
  }

  function dfIn(shards, w) {
    for (const sh of shards) {
      const i = bsearch(sh.words.length, (k) => cmp(sh.words[k], w) >= 0);
      if (i < sh.words.length && sh.words[i] === w) return sh.df[i];
    }
    return 0;
  }

  const reLatin = /^[a-z]+$/;
  function typoEdits(q, n) { return n < q.typolen ? 0 : n < q.typolong ? 1 : 2; }

  Engine.prototype.spellFor = function (w) {
    return Promise.all(spellShards(this.m, w).map((i) => this.spellShard(i)));
  };

  // typos corrects the groups that match nothing, and adds the common words
  // near a rare one.
  Engine.prototype.typos = async function (groups) {
    const q = this.m.query, plans = [];
    for (const g of groups) {
      const k = typoEdits(q, g.word.length);
      if (!reLatin.test(g.word) || k === 0) continue;
      let rare = false;
      if (g.exps.length) {
        const x = g.exps[0];
        if (g.prefix || g.exps.length !== 1 || x.t.stem !== g.stem || x.t.df > q.rare || g.word.length < q.rarelen) continue;
        rare = true;
      }
      plans.push({ g, k, rare, shards: this.spellFor(g.word) });
    }
    const picks = [];
    for (const p of plans) {
      const shards = await p.shards;
      let near = nearWords(shards, p.g.word, p.k, p.g.prefix && !p.rare);
      if (p.rare) {
        const least = q.common * Math.max(1, dfIn(shards, p.g.word));
        near = near.filter((n) => n.df >= least);
      }
      const whole = near.some((n) => n.whole && n.d === near[0].d), seen = new Set([p.g.stem]);
      for (const n of near) {
        if (n.d > near[0].d || seen.size > q.typos) break;
        if (whole && !n.whole) continue;
        const stem = this.text.stem(n.word);
        if (seen.has(stem)) continue;
        seen.add(stem);
        picks.push({ p, n, stem, sh: this.shard(shardOf(this.m, stem)) });
      }
    }
    for (const pick of picks) {
      const e = entry(await pick.sh, pick.stem), g = pick.p.g;
      if (!e) continue;
      g.exps.push({ t: e, w: pick.n.d <= 1 ? q.typo1w : q.typo2w });
      if (!g.fix && pick.n.whole) g.fix = { to: pick.n.word, also: pick.p.rare };
    }
  };

  function replaceWords(text, groups, to) {
    let out = '', at = 0;
    for (const g of groups) { out += text.slice(at, g.start) + to(g); at = g.end; }
    return out + text.slice(at);
  }
  const collapseSpaces = (s) => s.split(' ').filter(Boolean).join(' ');

  // explain says what was searched for, and what to try when nothing or
  // only part of the query was found (see typo.go).
  Engine.prototype.explain = async function (res, groups, text) {
    const fixed = groups.filter((g) => g.fix);
    if (fixed.length) {
      res.correction = { text: replaceWords(text, fixed, (g) => g.fix.to) };
      if (fixed.every((g) => g.fix.also)) res.correction.also = true;
    }
    if (res.total > 0 && !res.partial) return;
    const q = this.m.query, unknown = groups.filter((g) => !g.exps.length && reLatin.test(g.word) && g.word.length >= 3);
    const shards = await Promise.all(unknown.map((g) => this.spellFor(g.word)));
    const suggestions = [];
    unknown.forEach((g, i) => {
      const seen = new Set([g.stem]);
      for (const n of nearWords(shards[i], g.word, typoEdits(q, g.word.length) + 1, false)) {
        if (suggestions.length === q.suggest) break;
        const stem = this.text.stem(n.word);
        if (!seen.has(stem)) { seen.add(stem); suggestions.push(replaceWords(text, [g], () => n.word)); }
      }
    });
    if (suggestions.length) res.suggestions = suggestions;
    // The rarest word dropped, when the other words are all in the index.
    if (groups.length > 1) {
      let rarest = groups[0], least = -1, found = 0;
      for (const g of groups) {
        const df = g.exps.reduce((n, x) => Math.max(n, x.t.df), 0);
        if (df > 0) found++;
        if (least < 0 || df < least) { rarest = g; least = df; }
      }
      if (found >= groups.length - 1) res.dropped = collapseSpaces(text.slice(0, rarest.start) + ' ' + text.slice(rarest.end));
    }
  };

  // ---- Queries: internal/search/query.go.

  // parse returns the query's groups (its words less stop words, each stem
  // once) and its tokens.
  Engine.prototype.parse = function (text) {
    const q = this.m.query, toks = this.text.tokenize(text, false);
    let words = toks.map((_, i) => i).filter((i) => !this.text.isQueryStop(toks[i].word));
    if (!words.length) words = toks.map((_, i) => i);
    const ends = toks.length > 0 && toks[toks.length - 1].end === text.length;
    const groups = [], seen = new Set();
    for (let i = 0; i < words.length && groups.length < q.groups; i++) {
      const t = toks[words[i]];
      const prefix = ends && i === words.length - 1 && t.end === text.length && Array.from(t.word).length >= q.prefixlen;
      if (!prefix && seen.has(t.stem)) continue;
      seen.add(t.stem);
      groups.push({ word: t.word, stem: t.stem, pos: t.pos, tok: words[i], start: t.start, end: t.end, prefix, exps: [], best: null, fix: null });
    }
    return { groups, toks };
  };

  // expand finds each group's stems: its own, the completions of a word
  // being typed, the keys of its synonyms, then (unless exact) corrections.
  Engine.prototype.expand = async function (groups, toks, exact) {
    const m = this.m, q = m.query, need = new Set();
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
      if (e) g.exps.push({ t: e, w: q.exactw });
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
      for (const e of comps.slice(0, q.expansions)) g.exps.push({ t: e, w: q.completionw });
    });
    // Synonyms: a term of the query's words in a row adds its group's key
    // to each of them; a word of one letter in a longer term ("E" of "A&E")
    // matches the key only.
    const spans = [];
    for (const g of groups) {
      for (const r of synsOf(shards.get(shardOf(m, g.stem)), g.stem)) {
        for (const t of r.members) {
          const start = g.tok - t.anchor;
          if (t.stems[t.anchor] !== g.stem || start < 0 || start + t.stems.length > toks.length) continue;
          if ((t.word === '' || toks[g.tok].word === t.word) && t.stems.every((st, i) => toks[start + i].stem === st)) {
            spans.push({ start, end: start + t.stems.length, key: r.key });
          }
        }
      }
    }
    const keys = groups.map((g) => {
      const out = [];
      let only = false;
      for (const sp of spans) {
        if (g.tok < sp.start || g.tok >= sp.end) continue;
        if (sp.end - sp.start > 1 && Array.from(g.word).length === 1) only = true;
        if (sp.key !== g.stem && !out.includes(sp.key)) out.push(sp.key);
      }
      if (only && g.exps.length && g.exps[0].t.stem === g.stem) g.exps.shift();
      return out;
    });
    await fetchAll(new Set([].concat(...keys).map((k) => shardOf(m, k))));
    groups.forEach((g, k) => {
      for (const key of keys[k]) {
        const e = entry(shards.get(shardOf(m, key)), key);
        if (e && !g.exps.some((x) => x.t === e)) g.exps.push({ t: e, w: q.exactw });
      }
    });
    if (!exact) await this.typos(groups);
  };

  // bestExpansions returns a group's pages, ascending, and get(d), each
  // page's best expansion (the earlier of equals), or undefined. A word
  // still being typed (scoredOnly) matches the scored pages of its stems
  // only. A complete word has one stem: its pages are the stem's list, and
  // all but the scored ones share one match, so none is made per page.
  function bestExpansions(exps, scoredOnly) {
    if (!scoredOnly && exps.length <= 1) {
      if (!exps.length) return { pages: [], get: () => undefined };
      const x = exps[0], t = x.t, pages = t.members;
      const rest = { w: x.w, e: t, sd: null, val: x.w * 2 * t.rest }, scored = new Map();
      for (const sd of t.scored) scored.set(sd.doc, { w: x.w, e: t, sd, val: x.w * rank(sd) });
      return {
        pages,
        get(d) {
          const mt = scored.get(d);
          if (mt) return mt;
          const i = bsearch(pages.length, (k) => pages[k] >= d);
          return i < pages.length && pages[i] === d ? rest : undefined;
        },
      };
    }
    const best = new Map();
    for (const x of exps) {
      for (const d of scoredOnly ? x.t.scored.map((sd) => sd.doc) : x.t.members) {
        const sd = x.t.byDoc.get(d) || null;
        const val = sd ? x.w * rank(sd) : x.w * 2 * x.t.rest;
        const old = best.get(d);
        if (!old || val > old.val) best.set(d, { w: x.w, e: x.t, sd, val });
      }
    }
    return { pages: [...best.keys()].sort((a, b) => a - b), get: (d) => best.get(d) };
  }

  // matchPages returns the pages in every group, ascending, or if there are
  // none and there are several groups, the pages in any group.
  function matchPages(groups) {
    let smallest = groups[0];
    for (const g of groups) if (g.best.pages.length < smallest.best.pages.length) smallest = g;
    let pages = smallest.best.pages.filter((d) => groups.every((g) => g === smallest || g.best.get(d) !== undefined));
    let partial = false;
    if (!pages.length && groups.length > 1) {
      const all = new Set();
      for (const g of groups) for (const d of g.best.pages) all.add(d);
      pages = [...all].sort((a, b) => a - b);
      partial = pages.length > 0;
    }
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
    if (!t.members) t.years.forEach((n, i) => { if (i < m.years.length && n > 0) counts[3].set(m.years[i][0], n); });
    else for (const d of t.members) { const y = yearOf(m, d); if (y) counts[3].set(y, (counts[3].get(y) || 0) + 1); }
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
  // search answers q = {text, kinds, tags, orgs, years, offset, limit,
  // facets} with {total, partial, hits, facets, deferred}; facets is a
  // promise, as counting them may need the facet table, which is read after
  // the hits. q.facets is as Query.Facets in query.go: undefined (all),
  // 'cheap' or 'none'.
  Engine.prototype.search = async function (q) {
    const m = await this.manifest();
    const res = { total: 0, partial: false, hits: [], facets: Promise.resolve(emptyFacets()) };
    const text = q.text || '', { groups, toks } = this.parse(text);
    if (!groups.length) return res;
    const f = new Filter(m, q);
    const tableP = f.needsTable() ? this.facetTable() : null;
    await this.expand(groups, toks, Boolean(q.exact));
    await this.rank(res, groups, q, f, tableP);
    await this.explain(res, groups, text);
    return res;
  };

  // rank finds and ranks the pages of the expanded groups.
  Engine.prototype.rank = async function (res, groups, q, f, tableP) {
    const m = this.m;
    const offset = Math.max(0, q.offset || 0), limit = q.limit > 0 ? q.limit : m.query.pagesize;
    const single = groups.length === 1 && !groups[0].prefix && groups[0].exps.length === 1;
    const useHist = single && !f.any();
    // Facets wait for the last word to be complete (see query.go).
    const counting = q.facets !== 'none' && !groups[groups.length - 1].prefix;
    if (useHist && !groups[0].exps[0].t.members) {
      // Its best pages may be all that the page of results asked for needs.
      const [hits, scores, ok] = scoredOnly(groups, offset + limit);
      if (ok) {
        const t = groups[0].exps[0].t;
        res.total = t.df;
        if (counting) res.facets = Promise.resolve(histFacets(m, t, f));
        res.hits = await this.hits(groups, hits.slice(offset, offset + limit), scores);
        return;
      }
    }
    const need = new Set();
    for (const g of groups) if (!g.prefix) for (const x of g.exps) if (!x.t.members) need.add(x.t.shard);
    await Promise.all([...need].map((sh) => this.members(sh)));
    for (const g of groups) g.best = bestExpansions(g.exps, g.prefix);
    const [matched, partial] = matchPages(groups);
    res.partial = partial;
    const table = tableP ? await tableP : null;
    const hits = matched.filter((d) => f.pass(d, table, -1));
    const sc = hits.map((d) => score(groups, d));
    const order = hits.map((_, i) => i).sort((a, b) => sc[b] - sc[a] || hits[a] - hits[b]);
    const page = order.slice(offset, offset + limit);
    res.total = hits.length;
    res.hits = await this.hits(groups, page.map((i) => hits[i]), new Map(page.map((i) => [hits[i], sc[i]])));
    if (matched.length && counting) {
      if (useHist) res.facets = Promise.resolve(histFacets(m, groups[0].exps[0].t, f));
      else if (!table && q.facets === 'cheap' && !this.cache.has('facets.bin')) {
        res.deferred = true;
        res.facets = Promise.resolve(emptyFacets());
      } else {
        res.facets = (table ? Promise.resolve(table) : this.facetTable()).then((t) => tableFacets(m, matched, t, f));
        res.facets.catch(() => {});
      }
    }
  };

  // scoredOnly ranks the scored pages of a one-word query and tells whether
  // the first n results are among them (see query.go).
  function scoredOnly(groups, n) {
    const g = groups[0];
    g.best = bestExpansions(g.exps, true);
    const rest = 2 * g.exps[0].w * g.exps[0].t.rest, hits = g.best.pages.slice(), scores = new Map();
    let above = 0;
    for (const d of hits) { const s = score(groups, d); scores.set(d, s); if (s > rest) above++; }
    hits.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
    return [hits, scores, n <= above];
  }

  Engine.prototype.hits = async function (groups, page, scores) {
    const m = this.m, text = this.text, mk = marker(groups);
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
    const recs = await Promise.all(plans.map((p) => (p.from ? null : this.page(p.d))));
    return plans.map((p, k) => {
      let b = p.b, title, url, kind, date, orgs, anchor = '', heading = '', ex;
      if (p.from) {
        ({ title, url, kind, date, orgs } = p.from.e.pages.get(p.d));
        if (b >= 0) [anchor, heading] = p.from.e.pages.get(p.d).secs.get(b);
        ex = p.from.e.excerpts.get(p.d);
      } else {
        const rec = recs[k];
        ({ t: title, u: url, k: kind, d: date, o: orgs } = rec);
        if (b === -2) b = scanSections(text, rec, mk);
        if (b >= rec.s.length || (b >= 0 && rec.s[b].length < 2)) throw corrupt();
        let body = rec.m;
        if (b >= 0) {
          [anchor, heading] = rec.s[b];
          if (rec.s[b].length > 2) body = rec.s[b][2];
        }
        const toks = text.tokenize(body, true);
        ex = excerpt(body, toks, firstMatch(toks, mk), m.query.excerptbefore, m.query.excerptwords);
      }
      if (b >= 0 && anchor !== '' && !p.identity) url += '#' + anchor;
      else if (p.identity) heading = '';
      return {
        doc: p.d, url, title: highlight(text, title, mk), kind: m.kinds[kind] || '', date,
        orgs: orgs.filter((o) => o >= 0 && o < m.orgs.length).map((o) => m.orgs[o]),
        heading, excerpt: highlight(text, ex, mk), score: scores.get(p.d),
      };
    });
  };

  // scanSections returns the first section with a matching word, or -1
  // (always, when the record has no text).
  function scanSections(text, rec, mk) {
    for (let i = 0; i < rec.s.length; i++) {
      if (rec.s[i].length < 3) return -1;
      if (firstMatch(text.tokenize(rec.s[i][1], true), mk) >= 0 || firstMatch(text.tokenize(rec.s[i][2], true), mk) >= 0) return i;
    }
    return -1;
  }

  // marker is what the query matches in a text: its groups' stems, and the
  // terms of the synonym groups whose keys they are (results.go).
  function marker(groups) {
    const mk = { stems: new Set(), words: new Set(), phrases: [] }, seen = new Set();
    for (const g of groups) {
      for (const x of g.exps) {
        mk.stems.add(x.t.stem);
        for (const r of synsOf(x.t.shard, x.t.stem)) {
          if (r.key !== x.t.stem) continue;
          for (const t of r.members) {
            const k = t.stems.join(' ');
            if (t.word) mk.words.add(t.word);
            else if (!seen.has(k)) { seen.add(k); mk.phrases.push(t.stems); }
          }
        }
      }
    }
    return mk;
  }

  const api = Object.assign({}, text, { Engine, cmp, osa, DIMS });
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.signpostSearch = Object.assign(root.signpostSearch || {}, api);
})(typeof globalThis === 'object' ? globalThis : this,
  typeof module === 'object' && module.exports ? require('./search-text.js') : globalThis.signpostSearch);
