// @ts-check
// The one stand-in for anywidget's model in the tests: the Node tests draw with it
// (tests/js/fake_dom.mjs re-exports fakeModel), the ImageWindow's page draws with it
// (tests/widget_page/image_window.html), and the SlidingWindow's page, which draws with
// the book's own model (d2l-widgets.js), is watched the same way (watched()).

/**
 * @typedef {object} Watch
 * @property {boolean} [events] false: the view's change listeners are never called, so
 *   the view must redraw from its own handlers (a front end may not echo its own sets)
 * @property {string[]} [log] gets the name of every trait set, in order
 */

/**
 * anywidget's model with `state` as its traits: set() calls the change listeners
 * (as Jupyter's model does), save_changes() does nothing. `traits` and `listeners`
 * are there for the tests to read.
 * @param {Record<string, any>} state
 * @param {Watch} [watch]
 */
export function fakeModel(state, watch = {}) {
  const traits = { ...state };
  /** @type {Record<string, Function[]>} */
  const listeners = {};
  return watched({
    traits,
    listeners,
    /** @param {string} name */
    get: (name) => traits[name],
    /** @param {string} name @param {any} value */
    set(name, value) {
      traits[name] = value;
      for (const fn of listeners[`change:${name}`] || []) fn();
    },
    /** @param {string} event @param {Function} fn */
    on(event, fn) { (listeners[event] ||= []).push(fn); },
    /** @param {string} event @param {Function} fn */
    off(event, fn) { listeners[event] = (listeners[event] || []).filter((f) => f !== fn); },
    save_changes() {},
  }, watch);
}

/**
 * `model` (any anywidget model: a fakeModel, d2l-widgets.js's Model) with its sets logged
 * and, with `events: false`, no listener ever added; returns the same model.
 * @template {{set: Function, on: Function}} M
 * @param {M} model
 * @param {Watch} [watch]
 * @returns {M}
 */
export function watched(model, { events = true, log } = {}) {
  if (log) {
    const set = model.set.bind(model);
    model.set = (/** @type {string} */ name, /** @type {any} */ value) => { log.push(name); set(name, value); };
  }
  if (!events) model.on = () => {};
  return model;
}
