// Tests reload.js in a small fake DOM; no dependencies. Run by
// TestReloadScript as: node reload_test.js path/to/reload.js
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const vm = require("node:vm");

const source = fs.readFileSync(process.argv[2], "utf8");
assert.doesNotMatch(source, /\beval\b|innerHTML|outerHTML|insertAdjacentHTML|document\.write|new Function/,
  "the script must not build code or markup from strings");

class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.parent = null;
    this.attrs = {};
    this.style = {};
    this.listeners = {};
    this.text = "";
  }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  set textContent(t) { this.text = String(t); this.children = []; }
  get id() { return this.attrs.id; }
  set id(v) { this.attrs.id = v; }
  get href() { return this.attrs.href; }
  set href(v) { this.attrs.href = new URL(v, "http://localhost/").href; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  removeAttribute(k) { delete this.attrs[k]; }
  append(...nodes) {
    for (const n of nodes) {
      const node = typeof n === "string" ? Object.assign(new Element("#text"), { text: n }) : n;
      node.parent = this;
      this.children.push(node);
    }
  }
  remove() {
    if (this.parent) this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }
  after(node) {
    const siblings = this.parent.children;
    node.parent = this.parent;
    siblings.splice(siblings.indexOf(this) + 1, 0, node);
  }
  cloneNode() {
    const c = new Element(this.tagName);
    c.attrs = { ...this.attrs };
    return c;
  }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type, event = {}) { for (const fn of this.listeners[type] || []) fn(event); }
  all() { return [this, ...this.children.flatMap((c) => c.all())]; }
}

class EventSource {
  static CLOSED = 2;
  constructor(url) {
    this.url = url;
    this.readyState = 1;
    this.listeners = {};
    sources.push(this);
  }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  close() { this.readyState = EventSource.CLOSED; }
  emit(type, data) {
    for (const fn of this.listeners[type] || []) fn({ data: JSON.stringify(data) });
  }
}

const sources = [];
const timers = [];
let reloads = 0;

const head = new Element("head");
const body = new Element("body");
function link(href) {
  const l = new Element("link");
  l.setAttribute("rel", "stylesheet");
  l.href = href;
  head.append(l);
  return l;
}
const siteCSS = link("/kb/assets/site.abc123.css");
const printCSS = link("/kb/assets/print.abc123.css");
const otherCSS = link("https://elsewhere.example/kb/assets/site.abc123.css");
const me = new Element("script");
me.src = "http://localhost/kb/__signpost/reload.js";
me.setAttribute("data-version", "v1");
body.append(me);

const documentListeners = {};
const document = {
  currentScript: me,
  body,
  createElement: (tag) => new Element(tag),
  querySelector: () => me,
  querySelectorAll: (sel) => {
    assert.equal(sel, 'link[rel~="stylesheet"]');
    return head.children.filter((c) => c.tagName === "LINK" && c.getAttribute("rel") === "stylesheet");
  },
  addEventListener: (type, fn) => { (documentListeners[type] ||= []).push(fn); },
};
const context = {
  document, EventSource, URL, JSON, Object, Array,
  location: { reload: () => { reloads++; } },
  setTimeout: (fn) => { timers.push(fn); },
};
context.window = context;
vm.runInNewContext(source, context);

function step(name, fn) {
  try {
    fn();
  } catch (e) {
    e.message = name + ": " + e.message;
    throw e;
  }
}

step("connects to the events of its base path", () => {
  assert.equal(sources.length, 1);
  assert.equal(sources[0].url, "http://localhost/kb/__signpost/events");
});
const es = sources[0];

step("hello with the page's version does not reload", () => {
  es.emit("hello", { version: "v1" });
  assert.equal(reloads, 0);
});

step("CSS-only change swaps the matching stylesheet", () => {
  es.emit("reload", { version: "v2", changed: ["assets/site.def456.css"] });
  assert.equal(reloads, 0);
  const links = head.children;
  assert.equal(links.length, 4);
  const next = links[1];
  assert.equal(next.href, "http://localhost/kb/assets/site.def456.css?signpost-reload=1");
  assert.equal(links[0], siteCSS, "the old link stays until the new one loads");
  next.dispatch("load");
  assert.equal(siteCSS.parent, null);
  assert.deepEqual(head.children, [next, printCSS, otherCSS]);
});

step("reconnecting at the same version does not reload", () => {
  es.emit("hello", { version: "v2" });
  assert.equal(reloads, 0);
});

step("any other change reloads", () => {
  for (const changed of [["articles/x/index.html"], [], ["assets/site.1.css", "search/index.json"], undefined]) {
    const before = reloads;
    es.emit("reload", { version: "v3", changed });
    assert.equal(reloads, before + 1, JSON.stringify(changed));
  }
});

step("a new version on reconnect reloads (missed builds, server restart)", () => {
  const before = reloads;
  es.emit("hello", { version: "other.0" });
  assert.equal(reloads, before + 1);
});

function overlay() {
  return body.children.find((c) => c.id === "signpost-errors");
}

step("errors show an accessible overlay, as text", () => {
  es.emit("errors", {
    problems: [
      { file: "content/articles/x.md", line: 4, message: "tags: want a list of strings, got a number" },
      { file: "content/y.md", line: 2, column: 7, message: "<img src=x onerror=alert(1)>" },
      { message: "theme: broken" },
    ],
  });
  const o = overlay();
  assert.ok(o, "no overlay");
  assert.equal(o.getAttribute("role"), "alert");
  const text = o.textContent;
  assert.match(text, /Build failed: 3 problems/);
  assert.match(text, /content\/articles\/x\.md:4: tags: want a list of strings, got a number/);
  assert.match(text, /content\/y\.md:2:7: <img src=x onerror=alert\(1\)>/);
  assert.match(text, /theme: broken/);
  assert.ok(!o.all().some((e) => e.tagName === "IMG"), "markup in a message became an element");
  const button = o.all().find((e) => e.tagName === "BUTTON");
  assert.equal(button.textContent, "Dismiss");
  assert.equal(button.type, "button");
});

step("a new error list replaces the overlay", () => {
  es.emit("errors", { problems: [{ file: "a.md", line: 1, message: "one" }] });
  assert.equal(body.children.filter((c) => c.id === "signpost-errors").length, 1);
  assert.match(overlay().textContent, /Build failed: 1 problem(?!s)/);
});

step("an empty error list clears the overlay", () => {
  es.emit("errors", { problems: [] });
  assert.equal(overlay(), undefined);
});

step("the dismiss button and Escape clear the overlay", () => {
  es.emit("errors", { problems: [{ message: "x" }] });
  overlay().all().find((e) => e.tagName === "BUTTON").dispatch("click");
  assert.equal(overlay(), undefined);
  es.emit("errors", { problems: [{ message: "x" }] });
  for (const fn of documentListeners.keydown) fn({ key: "Escape" });
  assert.equal(overlay(), undefined);
});

step("notes alone get a panel that leaves the page in view", () => {
  es.emit("errors", {
    problems: [
      { file: "content/articles/new.md", line: 4, message: "in a draft, to fix before it is published: summary: is empty", note: true },
      { file: "content/articles/new.md", line: 14, message: "in a draft, to fix before it is published: placeholder text", note: true },
    ],
  });
  const o = overlay();
  assert.ok(o, "no panel");
  assert.equal(o.getAttribute("role"), "status");
  assert.match(o.textContent, /2 notes on drafts/);
  assert.match(o.textContent, /content\/articles\/new\.md:4: in a draft, to fix before it is published: summary: is empty/);
  assert.match(o.textContent, /The pages are shown/);
  assert.equal(o.style.bottom, "16px");
  assert.equal(o.style.top, undefined);
  es.emit("errors", { problems: [{ message: "an error", note: false }, { message: "a note", note: true }] });
  assert.equal(overlay().getAttribute("role"), "alert");
  assert.match(overlay().textContent, /Build failed: 2 problems/);
  es.emit("errors", { problems: [] });
  assert.equal(overlay(), undefined);
});

step("reconnects after the stream fails for good", () => {
  es.listeners.error.forEach((fn) => fn({})); // a retrying error: the browser reconnects
  assert.equal(timers.length, 0);
  es.readyState = EventSource.CLOSED;
  es.listeners.error.forEach((fn) => fn({}));
  assert.equal(timers.length, 1);
  timers[0]();
  assert.equal(sources.length, 2);
  assert.equal(sources[1].url, "http://localhost/kb/__signpost/events");
});

console.log("ok");
