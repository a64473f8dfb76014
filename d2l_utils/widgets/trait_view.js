// @ts-check
// What every window view does with its anywidget model (view plumbing): read and write
// the synced traits, judge each state whole, redraw on a change, and draw a new view when
// the language changes (viewRenderer builds the message box of a view that cannot start).

import { SettingError, checkLanguage } from "./checks.js";
import { languageOf, say } from "./strings.js";

/**
 * Set traits on an anywidget model and send them to the kernel.  A model that
 * cannot (a static page's, a test double's) is passed over quietly: the view
 * draws from its own state either way.
 * @param {{set(name: string, value: any): void, save_changes(): void}} model
 * @param {Record<string, any>} values
 */
export function saveTraits(model, values) {
  for (const [key, value] of Object.entries(values)) {
    try { model.set(key, value); } catch (err) { /* keep drawing */ }
  }
  try { model.save_changes(); } catch (err) { /* no kernel: nothing to save to */ }
}

/**
 * What every window view does with its model: read and write the synced traits, redraw
 * when they change, and drop its listeners. It touches no DOM: subclasses draw, through
 * refresh() (everything) and showSelection() (the window only), and say why a setting
 * was refused through refuseSetting().
 *
 * Every state is judged whole by `check` (the Python class's check_traits, in
 * JavaScript): an edit of the view's own that does not fit with the other settings is
 * refused before it is written; a change that arrives in the model (from the kernel,
 * another view, or a script on the page) and does not fit is put back to the last state
 * that did (model.set + save_changes) once the changes made with it have all arrived,
 * and the view keeps drawing that state.  The message is the one Python gives.  A model
 * whose state never fitted (a notebook saved by hand) is drawn with its message, and
 * any edit is taken until one fits.
 */
export class TraitView {
  /**
   * @param {any} model the anywidget model (or the static book's stand-in)
   * @param {readonly string[]} traits the synced traits the view reads
   * @param {(state: Record<string, any>) => {ok: boolean, error?: string}} check
   */
  constructor(model, traits, check) {
    this.model = model;
    this.traits = traits;
    this.check = check;
    /** @type {(() => void)[]} */
    this.cleanups = [];
    this.batching = false;
    /** @type {Record<string, any> | null} the last state that fitted */
    this.good = null;
    this.pending = false;
    this.released = false;
    /** The language of every word shown; a new `lang` draws a new view (viewRenderer). */
    this.lang = languageOf({ lang: this.get("lang") });
    /** @param {string} key @param {Record<string, unknown>} [params] */
    this.t = (key, params) => say(this.lang, key, params);
  }

  /** Redraw everything; subclasses draw. */
  refresh() {}

  /** Redraw the selected window only; subclasses draw. */
  showSelection() {}

  /** Say why a setting was refused, until the next change redraws; subclasses show it.
   * @param {string} _error */
  refuseSetting(_error) {}

  /** Redraw on every trait change (the window only when `selected` changes). */
  listen() {
    const onChange = () => this.changed(() => this.refresh());
    const onSelect = () => this.changed(() => this.showSelection());
    for (const name of this.traits) {
      const handler = name === "selected" ? onSelect : onChange;
      this.model.on(`change:${name}`, handler);
      this.cleanups.push(() => this.model.off(`change:${name}`, handler));
    }
    const state = this.state();
    if (this.check(state).ok) this.good = state;
  }

  /**
   * A change arrived in the model: draw it if the state fits, else keep the last state
   * that did and, a microtask later (when the changes made together have arrived), put
   * it back unless the state fits by then.
   * @param {() => void} draw
   */
  changed(draw) {
    if (this.batching) return;
    const state = this.state();
    const fits = this.check(state).ok;
    if (fits) this.good = state;
    if (fits || !this.good) { draw(); return; }
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.released) return;
      const now = this.state();
      const result = this.check(now);
      if (result.ok || !this.good) {
        if (result.ok) this.good = now;
        this.refresh();
        return;
      }
      /** @type {Record<string, any>} */
      const back = {};
      for (const name of this.traits) if (now[name] !== this.good[name]) back[name] = this.good[name];
      this.write(back);
      this.refuseSetting(result.error || "");
    });
  }

  /** @param {string} name */
  get(name) {
    try { return this.model.get(name); } catch (err) { return undefined; }
  }

  /** Write traits without reacting to their change events. @param {Record<string, any>} values */
  write(values) {
    this.batching = true; // one redraw by the caller, not one per trait
    try {
      saveTraits(this.model, values);
    } finally {
      this.batching = false;
    }
  }

  /**
   * Write traits, tell the kernel if there is one, and redraw (also when the model
   * does not echo change events: a static page or a test double).  Values that do not
   * fit with the other settings are not written: the view redraws what it has and says
   * why.  Returns whether the values were written.
   * @param {Record<string, any>} values
   * @returns {boolean}
   */
  set(values) {
    const next = Object.assign(this.state(), values);
    const result = this.check(next);
    if (!result.ok && this.good) {
      this.refresh();
      this.refuseSetting(result.error || "");
      return false;
    }
    if (result.ok) this.good = next;
    this.write(values);
    if (Object.keys(values).length === 1 && "selected" in values) this.showSelection();
    else this.refresh();
    return true;
  }

  /** @returns {Record<string, any>} the synced traits, and the language the view speaks */
  state() {
    /** @type {Record<string, any>} */
    const state = {};
    for (const name of this.traits) state[name] = this.get(name);
    state.lang = this.lang;
    return state;
  }

  /** Drop the listeners. */
  release() {
    this.released = true;
    for (const cleanup of this.cleanups) {
      try { cleanup(); } catch (err) { /* model already gone */ }
    }
  }
}

/**
 * anywidget's `render` for a view class: draws `new View(model, el)`, and draws it anew
 * when the `lang` trait changes (every word is set when a view is built).  If the view
 * cannot start, `failKey` says why in its place.
 * @param {new (model: any, el: HTMLElement) => {destroy(): void, refuseSetting(error: string): void}} View
 * @param {string} failKey
 * @returns {(args: {model: any, el: HTMLElement}) => () => void}
 */
export function viewRenderer(View, failKey) {
  return ({ model, el }) => {
    /** @type {{destroy(): void, refuseSetting(error: string): void} | null} */
    let view = null;
    /** @returns {() => void} */
    const start = () => {
      try {
        const shown = new View(model, el);
        view = shown;
        return () => shown.destroy();
      } catch (err) {
        view = null;
        const box = document.createElement("div");
        let lang;
        try { lang = model.get("lang"); } catch (_) { /* no model to ask */ }
        box.textContent = say(languageOf({ lang }), failKey, { error: String(err) });
        el.appendChild(box);
        return () => box.remove();
      }
    };
    /** @returns {unknown} */
    const asked = () => { try { return model.get("lang"); } catch (_) { return undefined; } };
    let lang = languageOf({ lang: asked() });
    let remove = start();
    // A new language draws a new view; one the widgets do not speak is put back, and the
    // view says why (as Python refuses it).
    const relabel = () => {
      const next = asked();
      if (next === lang) return;
      try {
        checkLanguage(next);
      } catch (err) {
        saveTraits(model, { lang });
        if (err instanceof SettingError && view) view.refuseSetting(err.in(lang));
        return;
      }
      lang = /** @type {string} */ (next);
      remove();
      remove = start();
    };
    try { model.on("change:lang", relabel); } catch (err) { /* a model without events */ }
    return () => {
      try { model.off("change:lang", relabel); } catch (err) { /* model already gone */ }
      remove();
    };
  };
}
