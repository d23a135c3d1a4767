// A small fake DOM for the tests of the search scripts: elements with
// attributes, children, a selector subset (tag, [attr], [attr="value"] and
// combinations), focus, and events that bubble. No dependencies.

export class Node {
  constructor(doc, tag) {
    this.ownerDocument = doc;
    this.tagName = tag.toUpperCase();
    this.childNodes = [];
    this.parentNode = null;
    this.attrs = new Map();
    this.listeners = {};
    this.text = '';
    this.hidden = false;
    this.value = '';
    this.async = true;
  }
  get children() { return this.childNodes.filter((c) => c.tagName !== '#TEXT'); }
  get firstChild() { return this.childNodes[0] || null; }
  get lastChild() { return this.childNodes[this.childNodes.length - 1] || null; }
  get textContent() { return this.tagName === '#TEXT' ? this.text : this.childNodes.map((c) => c.textContent).join(''); }
  set textContent(t) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    if (this.tagName === '#TEXT') this.text = String(t);
    else if (t !== '') this.appendChild(this.ownerDocument.createTextNode(String(t)));
  }
  get id() { return this.getAttribute('id') || ''; }
  set id(v) { this.setAttribute('id', v); }
  get className() { return this.getAttribute('class') || ''; }
  set className(v) { this.setAttribute('class', v); }
  get href() { return this.getAttribute('href') || ''; }
  set href(v) { this.setAttribute('href', v); }
  get src() { return this.getAttribute('src') || ''; }
  set src(v) { this.setAttribute('src', v); }
  get name() { return this.getAttribute('name') || ''; }
  set name(v) { this.setAttribute('name', v); }
  setAttribute(k, v) { this.attrs.set(k, String(v)); }
  getAttribute(k) { return this.attrs.has(k) ? this.attrs.get(k) : null; }
  hasAttribute(k) { return this.attrs.has(k); }
  removeAttribute(k) { this.attrs.delete(k); }
  appendChild(n) {
    if (n.parentNode) n.parentNode.childNodes.splice(n.parentNode.childNodes.indexOf(n), 1);
    n.parentNode = this;
    this.childNodes.push(n);
    return n;
  }
  contains(n) {
    for (; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  descendants() { return this.children.flatMap((c) => [c, ...c.descendants()]); }
  querySelectorAll(sel) { return this.descendants().filter((e) => matches(e, sel)); }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  // dispatch fires an event at this node that bubbles to the document.
  dispatch(type, props = {}) {
    const ev = { type, target: this, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...props };
    for (let n = this; n; n = n.parentNode) {
      for (const fn of n.listeners[type] || []) fn(ev);
      if (props.bubbles === false) break;
    }
    return ev;
  }
  focus() { this.ownerDocument.moveFocus(this); }
  // type sets an input's value as a person typing would, firing input.
  type(text) {
    this.value = text;
    this.dispatch('input');
  }
  key(key) { return this.dispatch('keydown', { key }); }
}

// matches supports tag, #id, [attr] and [attr="value"] parts, one
// compound selector (no combinators).
function matches(e, sel) {
  const m = /^([a-z][a-z0-9]*)?((?:\[[^\]]+\])*)$/i.exec(sel.trim());
  if (!m) throw new Error('fake DOM: unsupported selector ' + sel);
  if (m[1] && e.tagName !== m[1].toUpperCase()) return false;
  for (const [, attr, , value] of m[2].matchAll(/\[([\w-]+)(=(?:"([^"]*)"))?\]/g)) {
    if (!e.hasAttribute(attr)) return false;
    if (value !== undefined && e.getAttribute(attr) !== value) return false;
  }
  return true;
}

export class Document {
  constructor() {
    this.documentElement = new Node(this, 'html');
    this.head = this.documentElement.appendChild(new Node(this, 'head'));
    this.body = this.documentElement.appendChild(new Node(this, 'body'));
    this.activeElement = this.body;
    this.listeners = {};
  }
  createElement(tag) { return new Node(this, tag); }
  createTextNode(t) { const n = new Node(this, '#text'); n.text = String(t); return n; }
  querySelectorAll(sel) { return this.documentElement.querySelectorAll(sel); }
  querySelector(sel) { return this.documentElement.querySelector(sel); }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  moveFocus(to) {
    const from = this.activeElement;
    if (from === to) return;
    if (from && from !== this.body) from.dispatch('focusout', { relatedTarget: to });
    this.activeElement = to;
    to.dispatch('focus', { bubbles: false });
  }
  // element builds an element with attributes and children.
  element(tag, attrs = {}, ...children) {
    const e = this.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.appendChild(c);
    return e;
  }
}

// Timers runs setTimeout callbacks when told to.
export class Timers {
  constructor() { this.queue = new Map(); this.next = 1; }
  setTimeout(fn) { const id = this.next++; this.queue.set(id, fn); return id; }
  clearTimeout(id) { this.queue.delete(id); }
  run() {
    const fns = [...this.queue.values()];
    this.queue.clear();
    for (const fn of fns) fn();
  }
}

// until polls cond between turns of the event loop, failing after a
// deadline.
export async function until(cond, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
