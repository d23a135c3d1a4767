/* signpost search runtime.
 *
 * Answers queries in the browser from the static index that signpost build
 * writes under /search/ (see internal/search). Plain ES2018, no dependencies,
 * no eval, no innerHTML: it runs under Content-Security-Policy: default-src
 * 'self'. The engine (text folding, stemming, ranking) mirrors the Go
 * Searcher in internal/search, and TestJSRuntime checks that they agree.
 *
 * The page provides a root element:
 *   <div id="search" data-search-index="/kb/search/" data-base="/kb/">
 * holding a form with an input named q, and optionally [data-search-fallback],
 * [data-search-status], [data-search-facets], [data-search-results] and
 * [data-search-more]. The URL parameters q, kind, tag, org and year hold the
 * query and the facet filters.
 */
(function (root) {
  'use strict';

  // ---- Text: the same rules as internal/search/text.go and spelling.go.

  const reWord = /[\p{L}\p{N}\p{M}]/u;
  const reIdeo = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const reDigit = /\p{Nd}/u;
  const reLatin = /^[a-z]+$/;
  const FOLD = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i', 'ς': 'σ', '\u2019': "'" };

  const cp = (c) => String.fromCodePoint(c);
  const isWord = (c) => reWord.test(cp(c));
  const isIdeo = (c) => c >= 0x2e80 && reIdeo.test(cp(c));
  const isDigit = (c) => c >= 0 && reDigit.test(cp(c));
  const isApos = (c) => c === 0x27 || c === 0x2019;
  const isHyphen = (c) => c === 0x2d || c === 0x2010 || c === 0x2011;

  // Text folds words with the tables from the index manifest.
  function Text(tables) {
    this.stop = new Set(tables.stop);
    this.prefixes = tables.prefixes;
    this.words = tables.words;
    this.stems = tables.stems;
    this.ize = tables.ize;
    this.cache = new Map();
  }

  // fold: NFKD, lower case, no Latin accents, letters from FOLD, no
  // possessive, apostrophes or thousands commas.
  Text.prototype.fold = function (raw) {
    let w = '';
    for (const ch of raw.normalize('NFKD')) {
      for (const lc of ch.toLowerCase()) {
        const c = lc.codePointAt(0);
        if (c >= 0x300 && c <= 0x36f) continue;
        w += FOLD[lc] || lc;
      }
    }
    if (w.endsWith("'s")) w = w.slice(0, -2);
    else if (w.endsWith("'")) w = w.slice(0, -1);
    return w.replace(/[',]/g, '');
  };

  // spell respells American English as British.
  Text.prototype.spell = function (w) {
    if (!reLatin.test(w)) return w;
    if (Object.prototype.hasOwnProperty.call(this.words, w)) return this.words[w];
    for (const [from, to] of this.prefixes) {
      if (w.startsWith(from)) { w = to + w.slice(from.length); break; }
    }
    for (const end of this.ize) {
      if (!w.endsWith(end)) continue;
      const s = w.slice(0, w.length - end.length);
      if (s.length >= 5 && s.endsWith('iz')) return s.slice(0, -2) + 'is' + end;
      if (s.length >= 4 && s.endsWith('yz')) return s.slice(0, -2) + 'ys' + end;
    }
    return w;
  };

  // spellPrefix returns the other form a half-typed word is completed from.
  Text.prototype.spellPrefix = function (p) {
    if (!reLatin.test(p)) return '';
    let i = p.lastIndexOf('iz');
    if (i >= 3) return p.slice(0, i) + 'is' + p.slice(i + 2);
    i = p.lastIndexOf('yz');
    if (i >= 2) return p.slice(0, i) + 'ys' + p.slice(i + 2);
    return '';
  };

  Text.prototype.stem = function (w) {
    if (!reLatin.test(w)) return w;
    const s = snowball(w);
    return Object.prototype.hasOwnProperty.call(this.stems, s) ? this.stems[s] : s;
  };

  Text.prototype.normalize = function (raw) { return this.spell(this.fold(raw)); };
  Text.prototype.isStop = function (w) { return this.stop.has(w); };

  Text.prototype.word = function (raw) {
    let v = this.cache.get(raw);
    if (!v) {
      const w = this.normalize(raw);
      v = [w, this.stem(w)];
      if (this.cache.size > 5000) this.cache.clear();
      this.cache.set(raw, v);
    }
    return v;
  };

  // tokenize splits text into tokens {word, stem, pos, start, end, joined};
  // start and end are UTF-16 offsets. With joined, a hyphenated word also
  // gives its joined form.
  Text.prototype.tokenize = function (text, joined) {
    const cps = [], offs = [];
    for (let i = 0; i < text.length;) {
      const c = text.codePointAt(i);
      cps.push(c);
      offs.push(i);
      i += c > 0xffff ? 2 : 1;
    }
    offs.push(text.length);
    const n = cps.length, toks = [];
    let pos = 0;
    const scanPart = (start) => {
      let j = start, prev = -1;
      while (j < n) {
        const r = cps[j];
        if (isWord(r) && !isIdeo(r)) { prev = r; j++; continue; }
        if (j + 1 >= n) break;
        const next = cps[j + 1];
        if (isApos(r) && prev >= 0 && isWord(next) && !isIdeo(next)) { prev = next; j += 2; continue; }
        if ((r === 0x2e || r === 0x2c) && isDigit(prev) && isDigit(next)) { prev = next; j += 2; continue; }
        break;
      }
      return j;
    };
    const compound = (parts) => {
      const first = pos, folded = [];
      for (const [a, b] of parts) {
        const raw = text.slice(offs[a], offs[b]);
        const [w, s] = this.word(raw);
        if (w === '') continue;
        toks.push({ word: w, stem: s, pos: pos, start: offs[a], end: offs[b], joined: false });
        folded.push(this.fold(raw));
        pos++;
      }
      if (joined && folded.length > 1) {
        const w = this.spell(folded.join(''));
        toks.push({ word: w, stem: this.stem(w), pos: first, start: offs[parts[0][0]], end: offs[parts[parts.length - 1][1]], joined: true });
      }
    };
    for (let i = 0; i < n;) {
      const c = cps[i];
      if (isIdeo(c)) { compound([[i, i + 1]]); i++; continue; }
      if (!isWord(c)) { i++; continue; }
      const parts = [];
      let start = i, j;
      for (;;) {
        j = scanPart(start);
        parts.push([start, j]);
        if (j + 1 < n && isHyphen(cps[j]) && isWord(cps[j + 1]) && !isIdeo(cps[j + 1])) { start = j + 1; continue; }
        break;
      }
      compound(parts);
      i = j;
    }
    return toks;
  };

  // ---- Snowball English stemmer: a port of github.com/kljensen/snowball
  // (english), for words of the letters a to z.

  const SPECIAL = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
    ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes', inning: 'inning', innings: 'inning',
    outing: 'outing', outings: 'outing', canning: 'canning', cannings: 'canning', herring: 'herring',
    herrings: 'herring', earring: 'earring', earrings: 'earring', proceed: 'proceed', proceeds: 'proceed',
    proceeded: 'proceed', proceeding: 'proceed', exceed: 'exceed', exceeds: 'exceed', exceeded: 'exceed',
    exceeding: 'exceed', succeed: 'succeed', succeeds: 'succeed', succeeded: 'succeed', succeeding: 'succeed',
  };
  const STEP2 = {
    tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize', ization: 'ize',
    ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful',
    ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', fulli: 'ful', lessli: 'less',
  };
  const STEP2_ORDER = ['ational', 'fulness', 'iveness', 'ization', 'ousness', 'biliti', 'lessli', 'tional', 'alism', 'aliti', 'ation',
    'entli', 'fulli', 'iviti', 'ousli', 'anci', 'abli', 'alli', 'ator', 'enci', 'izer', 'bli', 'ogi', 'li'];
  const STEP3 = { ational: 'ate', tional: 'tion', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '', ness: '' };
  const STEP3_ORDER = ['ational', 'tional', 'alize', 'icate', 'ative', 'iciti', 'ical', 'ful', 'ness'];
  const STEP4_ORDER = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ent', 'ant', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];
  const isV = (c) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';

  function snowball(word) {
    if (word.length <= 2) return word;
    if (Object.prototype.hasOwnProperty.call(SPECIAL, word)) return SPECIAL[word];
    const w = word.split('');
    for (let i = 0; i < w.length; i++) if (w[i] === 'y' && (i === 0 || isV(w[i - 1]))) w[i] = 'Y';
    const vnv = (start) => {
      for (let i = 1; i < w.length - start; i++) if (isV(w[start + i - 1]) && !isV(w[start + i])) return start + i + 1;
      return w.length;
    };
    const str = () => w.join('');
    let r1 = ['gener', 'commun', 'arsen'].find((p) => str().startsWith(p));
    r1 = r1 ? r1.length : vnv(0);
    let r2 = vnv(r1);
    const ends = (s) => s.length <= w.length && str().endsWith(s);
    const first = (list) => list.find(ends) || '';
    const reset = () => { r1 = Math.min(r1, w.length); r2 = Math.min(r2, w.length); };
    const cut = (n) => { w.length -= n; reset(); };
    const replace = (n, repl) => { w.length -= n; w.push(...repl.split('')); reset(); };
    const shortSyllable = (i) => {
      if (i === 2) return isV(w[0]) && !isV(w[1]);
      if (i >= 3) {
        const s1 = w[i - 1], s2 = w[i - 2], s3 = w[i - 3];
        return !isV(s1) && s1 !== 'w' && s1 !== 'x' && s1 !== 'Y' && isV(s2) && !isV(s3);
      }
      return false;
    };

    // Step 1a.
    let s = first(['sses', 'ied', 'ies', 'us', 'ss', 's']);
    if (s === 'sses') replace(4, 'ss');
    else if (s === 'ied' || s === 'ies') replace(3, w.length > 4 ? 'i' : 'ie');
    else if (s === 's') {
      for (let i = 0; i < w.length - 2; i++) if (isV(w[i])) { cut(1); break; }
    }
    // Step 1b.
    s = first(['eedly', 'ingly', 'edly', 'ing', 'eed', 'ed']);
    if (s === 'eed' || s === 'eedly') {
      if (s.length <= w.length - r1) replace(s.length, 'ee');
    } else if (s) {
      let vowel = false;
      for (let i = 0; i < w.length - s.length; i++) if (isV(w[i])) { vowel = true; break; }
      if (vowel) {
        const o1 = r1, o2 = r2;
        cut(s.length);
        const t = first(['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
        let done = false;
        if (t === '') {
          if (r1 >= w.length && shortSyllable(w.length)) { w.push('e'); r1 = r2 = w.length; done = true; }
        } else if (t === 'at' || t === 'bl' || t === 'iz') w.push('e');
        else cut(1);
        if (!done) { r1 = Math.min(o1, w.length); r2 = Math.min(o2, w.length); }
      }
    }
    // Step 1c.
    const last = w.length - 1;
    if (w.length > 2 && (w[last] === 'y' || w[last] === 'Y') && !isV(w[last - 1])) w[last] = 'i';
    // Step 2.
    s = first(STEP2_ORDER);
    if (s && s.length <= w.length - r1) {
      if (s === 'li') {
        if (w.length >= 3 && 'cdeghkmnrt'.includes(w[w.length - 3])) cut(2);
      } else if (s === 'ogi') {
        if (w.length >= 4 && w[w.length - 4] === 'l') replace(3, 'og');
      } else replace(s.length, STEP2[s]);
    }
    // Step 3.
    s = first(STEP3_ORDER);
    if (s && s.length <= w.length - r1) {
      if (s === 'ative') {
        if (w.length - r2 >= 5) cut(5);
      } else replace(s.length, STEP3[s]);
    }
    // Step 4.
    s = first(STEP4_ORDER);
    if (s && s.length <= w.length - r2) {
      if (s === 'ion') {
        if (w.length >= 4 && (w[w.length - 4] === 's' || w[w.length - 4] === 't')) cut(3);
      } else cut(s.length);
    }
    // Step 5.
    const lri = w.length - 1;
    if (r1 <= lri) {
      if (w[lri] === 'e') {
        if (r2 <= lri || !shortSyllable(lri)) cut(1);
      } else if (r2 <= lri && w[lri] === 'l' && lri >= 1 && w[lri - 1] === 'l') cut(1);
    }
    return str().replace(/Y/g, 'y');
  }

  // ---- Excerpts and highlighting: internal/search/excerpt.go.

  const EXCERPT_BEFORE = 6, EXCERPT_WORDS = 28;

  function firstMatch(toks, match) {
    let m = -1;
    for (const t of toks) if ((m < 0 || t.pos < m) && match(t.stem)) m = t.pos;
    return m;
  }

  function excerpt(text, toks, m) {
    const parts = toks.filter((t) => !t.joined), n = parts.length;
    if (n === 0) return '';
    let start = m > 0 ? Math.max(0, m - EXCERPT_BEFORE) : 0;
    const end = Math.min(n, start + EXCERPT_WORDS);
    start = Math.max(0, Math.min(start, end - EXCERPT_WORDS));
    let s = text.slice(parts[start].start, parts[end - 1].end);
    if (start > 0) s = '… ' + s;
    if (end < n) s += ' …';
    return s;
  }

  function highlight(text, s, match) {
    const spans = text.tokenize(s, true).filter((t) => match(t.stem)).map((t) => [t.start, t.end]);
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const out = [];
    let at = 0;
    for (let i = 0; i < spans.length;) {
      const start = spans[i][0];
      let end = spans[i][1];
      for (i++; i < spans.length && spans[i][0] <= end; i++) end = Math.max(end, spans[i][1]);
      if (start > at) out.push({ text: s.slice(at, start) });
      out.push({ text: s.slice(start, end), mark: true });
      at = end;
    }
    if (at < s.length) out.push({ text: s.slice(at) });
    return out;
  }

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
    let words = toks.filter((t) => !this.text.isStop(t.word));
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
        ({ title, url, kind, date, orgs } = cd);
        if (b >= 0) [anchor, heading] = cd.secs.get(b);
        ex = src.terms.get(p.from.e.stem).get(p.d);
      } else {
        ({ t: title, u: url, k: kind, d: date, o: orgs } = src);
        if (b === -2) b = scanSections(text, src, match);
        let body = src.m;
        if (b >= 0) [anchor, heading, body] = src.s[b];
        const toks = text.tokenize(body, true);
        ex = excerpt(body, toks, firstMatch(toks, match));
      }
      if (b >= 0 && anchor !== '' && !p.identity) url += '#' + anchor;
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

  if (typeof module === 'object' && module.exports) {
    module.exports = { Text, Engine, snowball, excerpt, firstMatch, highlight, cmp };
  }
  root.signpostSearch = { Text, Engine };
})(typeof globalThis === 'object' ? globalThis : this);
