/* signpost search runtime, part 1 of 3: text.
 *
 * Folds, respells, stems and tokenises words exactly as the Go index builder
 * does (internal/search/text.go, spelling.go, excerpt.go), and cuts and
 * highlights excerpts. TestJSRuntime checks that the two agree. Plain
 * ES2018, no dependencies, no eval, no DOM. Loaded before
 * search-engine.js; in Node it is a CommonJS module.
 */
(function (root) {
  'use strict';

  // ---- Text: the same rules as internal/search/text.go and spelling.go.

  const reWord = /[\p{L}\p{N}\p{M}]/u;
  const reIdeo = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const reDigit = /\p{Nd}/u;
  const reLatin = /^[a-z]+$/;
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

  const cp = (c) => String.fromCodePoint(c);
  const isWord = (c) => reWord.test(cp(c));
  const isIdeo = (c) => c >= 0x2e80 && reIdeo.test(cp(c));
  const isDigit = (c) => c >= 0 && reDigit.test(cp(c));
  const isApos = (c) => c === 0x27 || c === 0x2019;
  const isHyphen = (c) => c === 0x2d || c === 0x2010 || c === 0x2011;

  // Text folds words with the tables from the index manifest.
  function Text(tables) {
    this.foldTable = tables.fold;
    this.stop = new Set(tables.stop);
    this.queryStop = new Set(tables.querystop);
    this.prefixes = tables.prefixes;
    this.words = tables.words;
    this.stems = tables.stems;
    this.ize = tables.ize;
    this.cache = new Map();
  }

  // fold: NFKD, lower case, no Latin accents, letters from the fold table,
  // no possessive, apostrophes or thousands commas.
  Text.prototype.fold = function (raw) {
    let w = '';
    for (const ch of raw.normalize('NFKD')) {
      for (const lc of ch.toLowerCase()) {
        const c = lc.codePointAt(0);
        if (c >= 0x300 && c <= 0x36f) continue;
        w += (c >= 0x80 && own(this.foldTable, lc) && this.foldTable[lc]) || lc;
      }
    }
    if (w.endsWith("'s")) w = w.slice(0, -2);
    else if (w.endsWith("'")) w = w.slice(0, -1);
    return w.replace(/[',]/g, '');
  };

  // spell respells American English as British.
  Text.prototype.spell = function (w) {
    if (!reLatin.test(w)) return w;
    if (own(this.words, w)) return this.words[w];
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
    return own(this.stems, s) ? this.stems[s] : s;
  };

  Text.prototype.normalize = function (raw) { return this.spell(this.fold(raw)); };
  Text.prototype.isStop = function (w) { return this.stop.has(w); };
  Text.prototype.isQueryStop = function (w) { return this.stop.has(w) || this.queryStop.has(w); };

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

  // marks tells which of toks a query matches: mk has its stems, the words
  // of its one-word synonyms, and the stems of its synonym phrases.
  function marks(toks, mk) {
    const out = toks.map((t) => mk.stems.has(t.stem) || mk.words.has(t.word));
    if (!mk.phrases.length) return out;
    const parts = [];
    toks.forEach((t, i) => { if (!t.joined) parts.push(i); });
    for (let i = 0; i < parts.length; i++) {
      for (const ph of mk.phrases) {
        if (i + ph.length <= parts.length && ph.every((st, j) => toks[parts[i + j]].stem === st)) {
          ph.forEach((_, j) => { out[parts[i + j]] = true; });
        }
      }
    }
    return out;
  }

  function firstMatch(toks, mk) {
    let m = -1;
    marks(toks, mk).forEach((ok, i) => { if (ok && (m < 0 || toks[i].pos < m)) m = toks[i].pos; });
    return m;
  }

  // excerpt is the window of text around word position m: up to before
  // words before it and words in all.
  function excerpt(text, toks, m, before, words) {
    const parts = toks.filter((t) => !t.joined), n = parts.length;
    if (n === 0) return '';
    let start = m > 0 ? Math.max(0, m - before) : 0;
    const end = Math.min(n, start + words);
    start = Math.max(0, Math.min(start, end - words));
    let s = text.slice(parts[start].start, parts[end - 1].end);
    if (start > 0) s = '… ' + s;
    if (end < n) s += ' …';
    return s;
  }

  function highlight(text, s, mk) {
    const toks = text.tokenize(s, true), mm = marks(toks, mk);
    const spans = toks.filter((_, i) => mm[i]).map((t) => [t.start, t.end]);
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

  const api = { Text, snowball, excerpt, firstMatch, highlight };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.signpostSearch = Object.assign(root.signpostSearch || {}, api);
})(typeof globalThis === 'object' ? globalThis : this);
