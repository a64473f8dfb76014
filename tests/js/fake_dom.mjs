// A small stand-in for the browser's DOM, enough for the widgets' views to draw in Node:
// elements with attributes, classes, text, children, events and styles, and canvases
// whose drawing calls do nothing.  The tests read back what a reader would see or hear
// (text, aria-label, title, alt); drawing itself is tested in Chromium
// (tests/browser/test_sliding_window_page.py, tests/browser/test_image_window_page.py).

class ClassList {
  /** @param {FakeElement} owner */
  constructor(owner) { this.owner = owner; }
  get names() { return new Set(this.owner.className.split(/\s+/).filter(Boolean)); }
  /** @param {Set<string>} names */
  write(names) { this.owner.className = [...names].join(" "); }
  add(...names) { const set = this.names; for (const n of names) set.add(n); this.write(set); }
  remove(...names) { const set = this.names; for (const n of names) set.delete(n); this.write(set); }
  contains(name) { return this.names.has(name); }
  toggle(name, force) {
    const on = force === undefined ? !this.contains(name) : !!force;
    if (on) this.add(name); else this.remove(name);
    return on;
  }
}

class Style {
  constructor() { this.properties = {}; }
  setProperty(name, value) { this.properties[name] = value; }
}

/** A canvas context whose every method does nothing and whose properties can be set. */
function fakeContext() {
  const props = {};
  return new Proxy(props, {
    get: (target, name) => (name in target ? target[name] : () => ({ data: new Uint8ClampedArray(4) })),
    set: (target, name, value) => { target[name] = value; return true; },
  });
}

export class FakeElement {
  /** @param {string} tag @param {FakeDocument} doc */
  constructor(tag, doc) {
    this.tagName = tag.toUpperCase();
    this.ownerDocument = doc;
    this.attributes = new Map();
    this.children = [];
    this.parentNode = null;
    this.className = "";
    this.classList = new ClassList(this);
    this.style = new Style();
    this.dataset = {};
    this.listeners = {};
    this.ownText = "";
    this.value = "";
    this.disabled = false;
    this.tabIndex = -1;
    this.width = 300;
    this.height = 150;
  }

  get id() { return this.getAttribute("id") || ""; }
  get title() { return this.getAttribute("title") || ""; }
  set title(value) { this.setAttribute("title", value); }
  set id(value) { this.setAttribute("id", value); }
  get firstChild() { return this.children[0] || null; }
  get isConnected() {
    let node = this;
    while (node.parentNode) node = node.parentNode;
    return node === this.ownerDocument.body;
  }
  get options() { return this.children.filter((c) => c.tagName === "OPTION"); }

  get textContent() { return this.ownText + this.children.map((c) => c.textContent).join(""); }
  set textContent(text) {
    for (const child of this.children) child.parentNode = null;
    this.children = [];
    this.ownText = String(text);
  }

  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.has(name) ? this.attributes.get(name) : null; }
  removeAttribute(name) { this.attributes.delete(name); }
  hasAttribute(name) { return this.attributes.has(name); }

  appendChild(child) {
    if (child.parentNode) child.remove();
    child.parentNode = this;
    this.children.push(child);
    return child;
  }

  remove() {
    if (!this.parentNode) return;
    this.parentNode.children = this.parentNode.children.filter((c) => c !== this);
    this.parentNode = null;
  }

  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  removeEventListener(type, fn) {
    this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== fn);
  }
  /** Call the listeners of `event.type` here and in every ancestor (no capture phase). */
  dispatch(event) {
    let stopped = false;
    const full = Object.assign({ target: this, preventDefault() {}, stopPropagation() { stopped = true; } }, event);
    for (let node = this; node && !stopped; node = node.parentNode) {
      for (const fn of node.listeners[event.type] || []) fn(full);
    }
  }

  focus() { this.ownerDocument.activeElement = this; }
  select() {}
  getBoundingClientRect() { return { top: 0, left: 0, width: 0, height: 0 }; }
  getContext() { return fakeContext(); }

  /** @returns {FakeElement[]} this element's descendants in document order */
  descendants() {
    return this.children.flatMap((c) => [c, ...c.descendants()]);
  }

  /** Simple selectors only: "tag", ".class" and lists of them ("input, select"). */
  matches(selector) {
    return selector.split(",").map((s) => s.trim()).some((s) =>
      (s.startsWith(".") ? this.classList.contains(s.slice(1)) : this.tagName === s.toUpperCase()));
  }
  querySelectorAll(selector) { return this.descendants().filter((e) => e.matches(selector)); }
  querySelector(selector) { return this.querySelectorAll(selector)[0] || null; }
  closest(selector) {
    for (let node = this; node; node = node.parentNode) if (node.matches(selector)) return node;
    return null;
  }
}

export class FakeDocument {
  constructor() {
    this.body = new FakeElement("body", this);
    /** @type {FakeElement | null} */
    this.activeElement = null;
  }
  createElement(tag) { return new FakeElement(tag, this); }
}

/**
 * Install a fresh document (and ImageData) as globals and return it; the views call
 * `document.createElement` when they draw.
 */
export function installDocument() {
  const doc = new FakeDocument();
  globalThis.document = /** @type {any} */ (doc);
  globalThis.ImageData = class { constructor(data, width, height) { Object.assign(this, { data, width, height }); } };
  globalThis.window = /** @type {any} */ ({ devicePixelRatio: 1 });
  return doc;
}

// anywidget's model with `state` as its traits, the same one the widget pages draw with.
export { fakeModel } from "../widget_page/fake_model.mjs";

/** Every text a reader meets in `root`: text nodes and the aria-label, title, alt and
 * aria-valuetext attributes, one string per element part.
 * @param {FakeElement} root */
export function readable(root) {
  const parts = [];
  for (const node of [root, ...root.descendants()]) {
    if (node.ownText) parts.push(node.ownText);
    for (const name of ["aria-label", "title", "alt", "aria-valuetext"]) {
      const value = node.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  return parts;
}
