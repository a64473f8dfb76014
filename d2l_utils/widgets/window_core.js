// @ts-check
// The SlidingWindow's pure functions: widget state -> geometry, numbers and text.
// No DOM: Node tests import this module directly (tests/js/), and the views
// (sliding_window.js, ...) import what they draw from it.  anywidget takes one
// module, so d2l_utils/widgets/bundle.py joins this file and a view into the
// `_esm` string.  The numbers and messages are tested against d2l_utils.reference
// through tests/vectors/sliding_window.json.  Every word the widgets show comes from
// strings.json, {key: {en, zh}}: Node imports it here, and bundle.py writes it into
// `_esm` in place of the import.

import STRINGS from "./strings.json" with { type: "json" };

/**
 * The synced traits (see d2l_utils/widgets/sliding_window.py): anything may
 * arrive here, so every function checks what it reads.
 * @typedef {Record<string, any>} State
 */
/**
 * A checked state: the geometry and numbers normalize() found in it.
 * @typedef {object} Config
 * @property {string} mode "corr", "max" or "avg"
 * @property {number} xNdim 2 or 3: the shape X was given in
 * @property {number} ci input channels
 * @property {number} h input rows
 * @property {number} w input columns
 * @property {number[]} xShape X's shape as given
 * @property {number[][][]} X the input as (c_i, h, w)
 * @property {number[]} padding per side (rows, columns)
 * @property {number[]} stride
 * @property {number[]} dilation
 * @property {number} bias
 * @property {number} kNdim 2, 3 or 4 for a kernel as given, 0 when pooling
 * @property {number[] | null} kShape K's shape as given (null when pooling)
 * @property {number[][][][] | null} K the kernel as (c_o, c_i, k_h, k_w) (null when pooling)
 * @property {number[]} window (k_h, k_w) or the pooling window
 * @property {number} outChannels
 * @property {number} oh output rows
 * @property {number} ow output columns
 * @property {number[]} outputShape (channels, rows, columns)
 */
/**
 * One output's terms: `k` is null when pooling, `pad` marks padding cells.
 * @typedef {{r: number, c: number, pad: boolean, x: number, k: number | null}} Term
 * @typedef {{channel: number, terms: Term[], partial: number}} ChannelTerms
 * @typedef {{channels: ChannelTerms[], total: number, value: number}} WindowResult
 */
/**
 * @typedef {{perSide: string, total: string | null, dropped: number, size: number}} AxisFormula
 * @typedef {{rows: AxisFormula, cols: AxisFormula,
 *   symbols: {perSide: string, total: string | null}}} Formulas
 */
/**
 * What describeState() finds: everything to draw, or the message to show instead.
 * @typedef {{ok: true, cfg: Config, output: number[][][], formula: Formulas}} Drawn
 * @typedef {Drawn | {ok: false, error: string}} Described
 * @typedef {{traits: Record<string, any>, error?: undefined}
 *   | {error: string, traits?: undefined}} Edit
 */

export const MODES = ["corr", "max", "avg"];
/** The languages of the `lang` trait: English and Simplified Chinese. */
export const LANGUAGES = ["en", "zh"];

/**
 * A text to show, by its key in strings.json and the values of its {placeholders};
 * a value may itself be a Message, said in the same language.
 * @typedef {{key: string, params: Record<string, unknown>}} Message
 */

/** @param {string} key @param {Record<string, unknown>} [params] @returns {Message} */
export function msg(key, params = {}) {
  return { key, params };
}

/** @param {unknown} value @returns {value is Message} */
function isMessage(value) {
  return typeof value === "object" && value !== null && typeof (/** @type {any} */ (value).key) === "string";
}

/** The language a state asks for ("en" unless its `lang` is "zh").
 * @param {unknown} state @returns {string} */
export function languageOf(state) {
  const lang = state && typeof state === "object" ? /** @type {any} */ (state).lang : undefined;
  return LANGUAGES.includes(lang) ? lang : "en";
}

/**
 * The string `key` of strings.json in `lang`, its {name} placeholders filled from
 * `params` (Messages in them are said in `lang` too).  Throws on an unknown key or a
 * missing value: a test covers every key the modules use.
 * @param {string} lang @param {string} key @param {Record<string, unknown>} [params]
 * @returns {string}
 */
export function say(lang, key, params = {}) {
  return sayer(lang, key)(params);
}

/**
 * say() for one key in one language, with the template cut up once: for a string filled
 * many times in one step (a title per kernel tap), keep the function this returns.
 * sayer(lang, key)(params) is say(lang, key, params).
 * @param {string} lang
 * @param {string} key
 * @returns {(params: Record<string, any>) => string}
 */
export function sayer(lang, key) {
  /** @type {Record<string, Record<string, string>>} */
  const table = STRINGS;
  const entry = table[key];
  if (!entry) throw new Error(`strings.json has no key ${key}`);
  // Odd positions hold placeholder names, even ones the text between them.
  const parts = entry[LANGUAGES.includes(lang) ? lang : "en"].split(/\{(\w+)\}/);
  return (params) => parts.map((part, n) => {
    if (n % 2 === 0) return part;
    if (!(part in params)) throw new Error(`string ${key} needs a value for {${part}}`);
    const value = params[part];
    return isMessage(value) ? say(lang, value.key, value.params) : String(value);
  }).join("");
}

/** Most rows or columns of a grid drawn (the padded input, the kernel): as d2l_utils.checks. */
export const MAX_SIDE = 64;
/** Most input or output channels drawn. */
export const MAX_CHANNELS = 8;

// ---------------------------------------------------------------------------
// Pure functions: state -> numbers and text.  None of them touches the DOM.
// ---------------------------------------------------------------------------

/** Python's text for a tuple: [3, 4] -> "(3, 4)", [3] -> "(3,)".
 * @param {(number | string)[]} values */
export function tupleText(values) {
  return "(" + values.join(", ") + (values.length === 1 ? ",)" : ")");
}

/** Python's repr of a number: "nan", "inf" and "-inf" for the others.
 * @param {number} v */
function pyNumber(v) {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return String(v);
}

/**
 * Python's repr of a value that came through JSON, as the Python checks write it in
 * their messages: 'text', None, True, [1, 2], nan.
 * @param {unknown} value
 * @returns {string}
 */
export function pyRepr(value) {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
  if (typeof value === "object") {
    return "{" + Object.entries(value).map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(", ") + "}";
  }
  return String(value);
}

/** Python's repr of a float (a bias, stored as a float): 1 -> "1.0".
 * @param {unknown} value */
export function pyFloat(value) {
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return pyRepr(value);
}

/** A setting as the messages show it (settings.shown in Python): a list as a tuple.
 * @param {unknown} value */
export function shown(value) {
  return Array.isArray(value) ? tupleText(value.map(pyRepr)) : pyRepr(value);
}

/** The name of a JSON value's Python type (for "got int 1").
 * @param {unknown} value */
function pyType(value) {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return Array.isArray(value) ? "list" : "dict";
}

/** A number as the widget writes it: integers exactly, others to 4 decimals.
 * @param {unknown} v
 * @returns {string} */
export function formatNumber(v) {
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (typeof v !== "number" || Number.isNaN(v)) return "?";
  if (Object.is(v, -0)) return "0";
  if (Number.isInteger(v)) return String(v);
  const rounded = Number(v.toFixed(4));
  return rounded !== 0 ? String(rounded) : v.toPrecision(3);
}

/** A factor inside a product or sum: negative numbers get parentheses.
 * @param {unknown} v */
export function factorText(v) {
  const text = formatNumber(v);
  return text.startsWith("-") ? "(" + text + ")" : text;
}

/** Shape of a nested list of finite numbers `depth` levels deep, or null.
 * @param {unknown} value
 * @param {number} depth
 * @returns {number[] | null} */
export function nestedShape(value, depth) {
  if (depth === 0) {
    return typeof value === "number" && Number.isFinite(value) ? [] : null;
  }
  if (!Array.isArray(value)) return null;
  if (value.length === 0) return new Array(depth).fill(0);
  let inner = null;
  for (const item of value) {
    const shape = nestedShape(item, depth - 1);
    if (shape === null) return null;
    if (inner === null) inner = shape;
    else if (shape.join() !== inner.join()) return null;
  }
  return [value.length, ...(inner || [])];
}

/** A setting that cannot be drawn; the reader sees its Message in the widget's language
 * (`message` is the English one, which the vectors compare with Python's). */
export class SettingError extends Error {
  /** @param {string} key @param {Record<string, unknown>} [params] */
  constructor(key, params = {}) {
    super(say("en", key, params));
    this.text = msg(key, params);
  }

  /** @param {string} lang */
  in(lang) {
    return say(lang, this.text.key, this.text.params);
  }
}

/** `value` as a pair of ints, each at least `minimum`, or a SettingError (an int is
 * taken for both, as by Python's checks.as_pair).
 * @param {unknown} value @param {string} name @param {number} minimum
 * @returns {number[]} */
export function pair(value, name, minimum) {
  const values = Number.isInteger(value) ? [value, value] : value;
  const ok = Array.isArray(values) && values.length === 2 &&
    values.every((n) => Number.isInteger(n));
  if (!ok) throw new SettingError("error.pair", { name, got: shown(value) });
  if (Math.min(...values) < minimum) {
    if (minimum === 0) throw new SettingError("error.non_negative", { name, got: shown(value) });
    throw new SettingError("error.at_least", { name, minimum, got: shown(value) });
  }
  return [values[0], values[1]];
}

/** The shape of a nested list read along its first items (Python's as well): [[1, 2], [3]] -> [2, 2].
 * @param {unknown} value
 * @returns {number[]} */
export function firstShape(value) {
  const shape = [];
  while (Array.isArray(value)) {
    shape.push(value.length);
    if (!value.length) break;
    value = value[0];
  }
  return shape;
}

/**
 * A nested-list trait as the argument it describes (Python's settings.nested): its depth
 * must be that of `layout` ("(c_i, h, w)", the message names `trait`), and its first `lead`
 * axes, which are dropped, of length 1 (`leadError` otherwise).
 * @param {unknown} value @param {string} trait @param {string} layout @param {number} lead
 * @param {(shape: number[]) => SettingError} leadError
 * @returns {{given: any, shape: number[]}} the argument and its shape
 */
export function givenArray(value, trait, layout, lead, leadError) {
  const shape = firstShape(value);
  if (shape.length !== layout.split(",").length) {
    throw new SettingError("error.nested", { name: trait, layout, shape: tupleText(shape) });
  }
  if (shape.slice(0, lead).some((n) => n !== 1)) throw leadError(shape);
  let given = /** @type {any} */ (value);
  for (let n = 0; n < lead; n++) given = given[0];
  return { given, shape: shape.slice(lead) };
}

/**
 * Check the items of a nested list of `shape` as Python's settings.values does: equal
 * lengths and real numbers, the first problem in row-major order named.
 * @param {any} value @param {string} name @param {number[]} shape
 */
export function checkItems(value, name, shape) {
  /** @param {any} item @param {number} axis */
  const walk = (item, axis) => {
    if (axis === shape.length) {
      if (Array.isArray(item)) throw new SettingError("error.ragged", { name });
      if (typeof item !== "number") throw new SettingError("error.not_real", { name, got: shown(item) });
      return;
    }
    if (!Array.isArray(item) || item.length !== shape[axis]) throw new SettingError("error.ragged", { name });
    for (const inner of item) walk(inner, axis + 1);
  };
  walk(value, 0);
}

/**
 * Throw at the first NaN or infinity of a nested list of numbers (row-major), naming its
 * position, as Python's checks.finite does.
 * @param {any} value @param {string} name
 */
export function checkFinite(value, name) {
  /** @type {number[]} */
  const position = [];
  /** @param {any} item */
  const visit = (item) => {
    if (!Array.isArray(item)) {
      if (Number.isFinite(item)) return;
      const kind = msg(Number.isNaN(item) ? "value.nan" : item > 0 ? "value.infinity" : "value.minus_infinity");
      throw new SettingError("error.nonfinite", { name, kind, position: tupleText(position) });
    }
    for (let n = 0; n < item.length; n++) {
      position.push(n);
      visit(item[n]);
      position.pop();
    }
  };
  visit(value);
}

/** Throw the message of an empty array. @param {string} name @param {number[]} shape */
function notEmpty(name, shape) {
  if (Math.min(...shape) < 1) throw new SettingError("error.empty", { name, shape: tupleText(shape) });
}

/**
 * The Message of a window that does not fit in the padded input, or null.
 * `what` is "kernel" or "window" (named `kName`), `input` "X" or "feature map".
 * @param {number} h @param {number} w @param {number[]} window @param {number[]} padding
 * @param {number[]} dilation @param {"kernel" | "window"} what @param {string} kName
 * @param {"X" | "feature map"} [input]
 * @returns {Message | null}
 */
export function windowFitsError(h, w, window, padding, dilation, what, kName, input = "X") {
  const [kh, kw] = window;
  const extent = [(kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1];
  const padded = [h + 2 * padding[0], w + 2 * padding[1]];
  if (extent[0] <= padded[0] && extent[1] <= padded[1]) return null;
  let size = msg(what === "kernel" ? "fit.kernel" : "fit.window", { name: kName, shape: tupleText([kh, kw]) });
  if (extent[0] !== kh || extent[1] !== kw) size = msg("fit.dilated", { window: size, extent: tupleText(extent) });
  let where = msg(input === "X" ? "fit.input" : "fit.input_map", { shape: tupleText([h, w]) });
  if (padded[0] !== h || padded[1] !== w) {
    where = msg("fit.padded", { input: where, padding: tupleText(padding), padded: tupleText(padded) });
  }
  return msg("error.larger", { window: size, input: where });
}

/**
 * Check a widget state (the synced traits) and return the geometry it describes.
 *
 * Returns `{ok: true, cfg}` or `{ok: false, error}`; never throws.  The error
 * messages are those of d2l_utils.checks for the same settings.
 * @param {State | null | undefined} state
 * @returns {{ok: true, cfg: Config} | {ok: false, error: string}}
 */
export function normalize(state) {
  return settle(() => checkedConfig(state || {}), languageOf(state));
}

/**
 * `{ok: true, cfg}` with what `check` returns, or `{ok: false, error}` with the
 * message of the SettingError it throws in `lang` (any other error is reported as such).
 * @template T
 * @param {() => T} check
 * @param {string} [lang]
 * @returns {{ok: true, cfg: T} | {ok: false, error: string}}
 */
export function settle(check, lang = "en") {
  try {
    return { ok: true, cfg: check() };
  } catch (err) {
    const error = err instanceof SettingError ? err.in(lang) : say(lang, "error.cannot_show", { error: String(err) });
    return { ok: false, error };
  }
}

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

  /** @returns {Record<string, any>} the synced traits */
  state() {
    /** @type {Record<string, any>} */
    const state = {};
    for (const name of this.traits) state[name] = this.get(name);
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

/** The error of a setting too large to draw; `what` names it with its shape.
 * @param {Message} what */
function tooLarge(what) {
  return new SettingError("error.too_large", { what, side: MAX_SIDE, channels: MAX_CHANNELS });
}

/** "X of shape (3, 3)" as a Message. @param {string} name @param {number[]} shape */
function shaped(name, shape) {
  return msg("shape.of", { name, shape: tupleText(shape) });
}

/**
 * Throw unless `shape` (of X or K) fits the drawing; its first `channelAxes` are channels.
 * @param {number[]} shape @param {string} name @param {number} channelAxes
 */
function drawable(shape, name, channelAxes) {
  const channels = shape.slice(0, channelAxes);
  const sides = shape.slice(channelAxes);
  if (Math.max(0, ...sides) > MAX_SIDE || Math.max(0, ...channels) > MAX_CHANNELS) {
    throw tooLarge(shaped(name, shape));
  }
}

/**
 * Check a SlidingWindow state as Python's check_traits checks the traits (the
 * constructor's checks, in their order) and return the geometry it describes.
 * @param {State} state @returns {Config} */
function checkedConfig(state) {
  const mode = state.mode;
  if (!MODES.includes(mode)) throw new SettingError("error.mode", { mode: pyRepr(mode) });
  const xNdim = state.x_ndim;
  if (xNdim !== 2 && xNdim !== 3) throw new SettingError("error.x_ndim", { got: shown(xNdim) });
  const x = givenArray(state.x, "x", "(c_i, h, w)", 3 - xNdim,
    (shape) => new SettingError("error.x_2d", { channels: shape[0] }));
  const xShape = x.shape;
  drawable(xShape, "X", xNdim - 2);
  checkItems(x.given, "X", xShape);
  /** @type {{given: any, shape: number[]} | null} */
  let k = null;
  const kNdim = state.k_ndim;
  if (mode === "corr") {
    if (![2, 3, 4].includes(kNdim)) throw new SettingError("error.k_ndim", { k_ndim: shown(kNdim) });
    k = givenArray(state.k, "k", "(c_o, c_i, k_h, k_w)", 4 - kNdim, () =>
      new SettingError(kNdim === 3 ? "error.k_one_output" : "error.k_one_input_output", { k_ndim: kNdim }));
    drawable(k.shape, "K", kNdim - 2);
    checkItems(k.given, "K", k.shape);
  }
  const [ci, h, w] = xNdim === 2 ? [1, ...xShape] : xShape;
  checkFinite(x.given, "X");
  notEmpty("X", xShape);
  const { padding, stride, dilation, bias } = checkedGeometry(state);
  /** @type {{kNdim: number, kShape: number[] | null, K: number[][][][] | null, window: number[], outChannels: number}} */
  let kernel;
  if (k) {
    const kShape = k.shape;
    checkFinite(k.given, "K");
    notEmpty("K", kShape);
    const [co, kci, kh, kw] = [...new Array(4 - kNdim).fill(1), ...kShape];
    if (kNdim === 2 && xNdim === 3) {
      throw new SettingError("error.k_needs_channels", { x: tupleText(xShape), k: tupleText(kShape) });
    }
    if (kNdim > 2 && xNdim === 2) {
      throw new SettingError("error.x_needs_channels", { x: tupleText(xShape), k: tupleText(kShape) });
    }
    if (kNdim > 2 && kci !== ci) {
      throw new SettingError("error.channels_differ", { ci, x: tupleText(xShape), kci, k: tupleText(kShape) });
    }
    const fits = windowFitsError(h, w, [kh, kw], padding, dilation, "kernel", "K");
    if (fits) throw new SettingError(fits.key, fits.params);
    kernel = { kNdim, kShape, K: state.k, window: [kh, kw], outChannels: co };
  } else {
    if (dilation[0] !== 1 || dilation[1] !== 1) {
      throw new SettingError("error.pool_dilation", { dilation: tupleText(dilation) });
    }
    if (bias !== 0) throw new SettingError("error.pool_bias", { bias: pyFloat(bias) });
    const window = pair(state.pool_size, "pool_size", 1);
    if (padding[0] > Math.floor(window[0] / 2) || padding[1] > Math.floor(window[1] / 2)) {
      throw new SettingError("error.pool_padding", { padding: tupleText(padding), window: tupleText(window) });
    }
    const fits = windowFitsError(h, w, window, padding, dilation, "window", "pool_size");
    if (fits) throw new SettingError(fits.key, fits.params);
    kernel = { kNdim: 0, kShape: null, K: null, window, outChannels: ci };
  }
  const [oh, ow] = [0, 1].map((a) => outputSize(
    [h, w][a], kernel.window[a], padding[a], stride[a], dilation[a]));
  const padded = [h + 2 * padding[0], w + 2 * padding[1]];
  if (Math.max(...padded) > MAX_SIDE) {
    throw tooLarge(msg("shape.padded", { name: "X", shape: tupleText(xShape), padding: tupleText(padding), padded: tupleText(padded) }));
  }
  return { mode, xNdim, ci, h, w, xShape, X: state.x, padding, stride, dilation, bias, ...kernel,
    oh, ow, outputShape: [kernel.outChannels, oh, ow] };
}

/** Output length along one axis: floor((n + 2p - d(k - 1) - 1) / s) + 1.
 * @param {number} n @param {number} k @param {number} p @param {number} s @param {number} [d] */
export function outputSize(n, k, p, s, d = 1) {
  return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/** Output shape [channels, rows, cols] of a checked configuration.
 * @param {Config} cfg */
export function outputShape(cfg) {
  return cfg.outputShape.slice();
}

/** Input coordinates [[row, col], ...] that output cell (i, j) reads, row-major.
 * Unpadded coordinates: negative or past the edge where the window covers padding.
 * @param {Config} cfg @param {number} i @param {number} j
 * @returns {number[][]} */
export function windowIndices(cfg, i, j) {
  const [kh, kw] = cfg.window;
  const [ph, pw] = cfg.padding;
  const [sh, sw] = cfg.stride;
  const [dh, dw] = cfg.dilation;
  const out = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) out.push([i * sh - ph + a * dh, j * sw - pw + b * dw]);
  }
  return out;
}

/** Output cells [[i, j], ...] whose windows read input cell (r, c) (unpadded coordinates).
 * @param {Config} cfg @param {number} r @param {number} c
 * @returns {number[][]} */
export function feedsOutputs(cfg, r, c) {
  const cells = [];
  const rows = axisFeeds(r, cfg.window[0], cfg.padding[0], cfg.stride[0], cfg.dilation[0], cfg.oh);
  const cols = axisFeeds(c, cfg.window[1], cfg.padding[1], cfg.stride[1], cfg.dilation[1], cfg.ow);
  for (const i of rows) for (const j of cols) cells.push([i, j]);
  return cells;
}

/** @param {number} r @param {number} k @param {number} p @param {number} s
 * @param {number} d @param {number} n */
function axisFeeds(r, k, p, s, d, n) {
  const out = [];
  for (let a = 0; a < k; a++) {
    const t = r + p - a * d;
    if (t >= 0 && t % s === 0 && t / s < n) out.push(t / s);
  }
  return out.sort((x, y) => x - y);
}

/** Whether (r, c) is in X, not in its padding.
 * @param {Config} cfg @param {number} r @param {number} c */
export function inside(cfg, r, c) {
  return r >= 0 && c >= 0 && r < cfg.h && c < cfg.w;
}

/**
 * The terms of output cell (i, j) of output channel `co`.
 *
 * Returns `{channels: [{channel, terms: [{r, c, pad, x, k}], partial}], total, value}`:
 * one entry per input channel for a cross-correlation (x * k summed in
 * row-major order, then the channels, then the bias), one entry (channel `co`)
 * for pooling, where `k` is null and padding reads -inf (max) or 0 (avg).
 * @param {Config} cfg @param {number} co @param {number} i @param {number} j
 * @returns {WindowResult}
 */
export function windowTerms(cfg, co, i, j) {
  const indices = windowIndices(cfg, i, j);
  const channels = [];
  if (cfg.mode === "corr") {
    const K = /** @type {number[][][][]} */ (cfg.K)[co];
    const [, kw] = cfg.window;
    let total = 0;
    for (let ch = 0; ch < cfg.ci; ch++) {
      let partial = 0;
      const terms = indices.map(([r, c], n) => {
        const pad = !inside(cfg, r, c);
        const x = pad ? 0 : cfg.X[ch][r][c];
        const k = K[ch][Math.floor(n / kw)][n % kw];
        partial += x * k;
        return { r, c, pad, x, k };
      });
      channels.push({ channel: ch, terms, partial });
      total += partial;
    }
    return { channels, total, value: total + cfg.bias };
  }
  const terms = indices.map(([r, c]) => {
    const pad = !inside(cfg, r, c);
    const x = pad ? (cfg.mode === "max" ? -Infinity : 0) : cfg.X[co][r][c];
    return { r, c, pad, x, k: null };
  });
  let value;
  if (cfg.mode === "max") value = Math.max(...terms.map((t) => t.x));
  else value = terms.reduce((s, t) => s + t.x, 0) / terms.length;
  channels.push({ channel: co, terms, partial: value });
  return { channels, total: value, value };
}

/** The whole output as [channels][rows][cols], computed term by term.
 * @param {Config} cfg
 * @returns {number[][][]} */
export function computeOutput(cfg) {
  const out = [];
  for (let co = 0; co < cfg.outChannels; co++) {
    const rows = [];
    for (let i = 0; i < cfg.oh; i++) {
      const row = new Array(cfg.ow);
      for (let j = 0; j < cfg.ow; j++) row[j] = windowTerms(cfg, co, i, j).value;
      rows.push(row);
    }
    out.push(rows);
  }
  return out;
}

/**
 * The arithmetic of a windowTerms result as lines of text in `lang`, e.g.
 * "0×0 + 1×1 + 3×2 + 4×3 = 19", "max(0, 1, 3, 4) = 4", "(0 + 1 + 3 + 4) / 4 = 2".
 * With several input channels, one line per channel ("channel 0: ... = 19")
 * and a last line adding them ("19 + 37 = 56").  Padding counts as 0 in
 * sums and averages and is left out of a max.
 * @param {Config} cfg @param {WindowResult} result @param {string} [lang]
 * @returns {string[]}
 */
export function formatSum(cfg, result, lang = "en") {
  const value = formatNumber(result.value);
  if (cfg.mode === "max") {
    const xs = result.channels[0].terms.filter((t) => !t.pad).map((t) => formatNumber(t.x));
    return [`max(${xs.join(", ")}) = ${value}`];
  }
  if (cfg.mode === "avg") {
    const terms = result.channels[0].terms;
    const xs = terms.map((t) => factorText(t.x));
    return [`(${xs.join(" + ")}) / ${terms.length} = ${value}`];
  }
  /** @param {ChannelTerms} ch */
  const products = (ch) => ch.terms.map((t) => `${factorText(t.x)}×${factorText(t.k)}`).join(" + ");
  const biasText = cfg.bias !== 0 ? ` + ${factorText(cfg.bias)}` : "";
  if (result.channels.length === 1) {
    return [`${products(result.channels[0])}${biasText} = ${value}`];
  }
  const lines = result.channels.map(
    (ch) => say(lang, "sum.channel", { channel: ch.channel, sum: `${products(ch)} = ${formatNumber(ch.partial)}` }));
  const partials = result.channels.map((ch) => factorText(ch.partial)).join(" + ");
  lines.push(`${partials}${biasText} = ${value}`);
  return lines;
}

/**
 * The output-shape formulas with the numbers of `cfg` substituted, per axis.
 *
 * Returns `{rows: {perSide, total, dropped, size}, cols: {...}, symbols: {perSide, total}}`:
 * `perSide` is floor((n + 2p - d(k - 1) - 1) / s) + 1 with p the padding on
 * each side, `total` is Dive into Deep Learning's floor((n - k + p_t + s) / s)
 * with p_t = 2p the total padding (k the dilated extent), and `dropped` how many
 * rows/columns of the padded input no window reaches.  "floor" is written only
 * when the division is not exact, that is when rows/columns are dropped.
 *
 * A term is left out while its control group is not in `shown` (see
 * shownGroups) and its value is the default: with neither padding, stride nor
 * dilation both formulas are 6.2's n - k + 1, and `total` is null.
 * @param {Config} cfg
 * @param {Set<string>} [shown]
 * @param {string} [lang] the language of the words in it
 * @returns {Formulas}
 */
export function formulaText(cfg, shown = new Set(CONTROL_GROUPS), lang = "en") {
  /** @param {string} group @param {number[]} values @param {number} plain */
  const uses = (group, values, plain) => shown.has(group) || values.some((v) => v !== plain);
  const pad = uses("padding", cfg.padding, 0);
  const str = uses("stride", cfg.stride, 1);
  const dil = uses("dilation", cfg.dilation, 1);
  /** @type {Record<string, AxisFormula>} */
  const out = {};
  ["rows", "cols"].forEach((axis, a) => {
    const n = [cfg.h, cfg.w][a];
    const k = cfg.window[a];
    const p = cfg.padding[a];
    const s = cfg.stride[a];
    const d = cfg.dilation[a];
    const size = outputSize(n, k, p, s, d);
    const extent = d * (k - 1) + 1;
    const numerator = n + 2 * p - d * (k - 1) - 1;
    const dropped = numerator % s;
    /** @param {string} text */
    const div = (text) => (dropped ? `floor(${text} / ${s})` : `${text} / ${s}`);
    const terms = `${n}${pad ? ` + 2×${p}` : ""}${dil ? ` - ${d}×(${k} - 1) - 1` : ` - ${k}`}`;
    const perSide = str
      ? `${div(`(${terms})`)} + 1 = ${div(String(numerator))} + 1 = ${Math.floor(numerator / s)} + 1 = ${size}`
      : `${terms} + 1 = ${size}`;
    const kText = d === 1 ? String(k) : String(extent);
    const top = n - extent + 2 * p + s;
    const total = !(pad || str) ? null
      : `${div(`(${n} - ${kText} + ${2 * p} + ${s})`)} = ${div(String(top))} = ${size}` +
        (d === 1 ? "" : "   " + say(lang, "formula.dilated", { d, k, extent }));
    out[axis] = { perSide, total, dropped, size };
  });
  const inner = `n${pad ? " + 2p" : ""}${dil ? " - d(k - 1) - 1" : " - k"}`;
  return {
    rows: out.rows,
    cols: out.cols,
    symbols: {
      perSide: str ? `floor((${inner}) / s) + 1` : `${inner} + 1`,
      total: pad || str ? "floor((n - k + p + s) / s)" : null,
    },
  };
}

/** Message for the first output that is not a finite number (in `lang`), or null.
 * @param {Config} cfg @param {number[][][]} output @param {string} [lang]
 * @returns {string | null} */
export function overflowError(cfg, output, lang = "en") {
  for (let co = 0; co < output.length; co++) {
    for (let i = 0; i < output[co].length; i++) {
      for (let j = 0; j < output[co][i].length; j++) {
        const v = output[co][i][j];
        if (Number.isFinite(v)) continue;
        // Positions as in SlidingWindow.output: (c_o, h', w') with output or pooled channels.
        const channels = cfg.mode === "corr" ? cfg.kNdim === 4 : cfg.xNdim === 3;
        const kind = msg(Number.isNaN(v) ? "value.nan" : v > 0 ? "value.infinity" : "value.minus_infinity");
        return say(lang, "error.overflow", { kind, position: tupleText(channels ? [co, i, j] : [i, j]) });
      }
    }
  }
  return null;
}

/** Everything the view shows for a state, or the message to show instead; never throws.
 * @param {State | null | undefined} state
 * @returns {Described} */
export function describeState(state) {
  const norm = normalize(state);
  if (!norm.ok) return norm;
  const lang = languageOf(state);
  try {
    const output = computeOutput(norm.cfg);
    const overflow = overflowError(norm.cfg, output, lang);
    if (overflow) return { ok: false, error: overflow };
    return { ok: true, cfg: norm.cfg, output, formula: formulaText(norm.cfg, shownGroups(state && state.controls), lang) };
  } catch (err) {
    return { ok: false, error: say(lang, "error.cannot_show", { error: String(err) }) };
  }
}

// ---------------------------------------------------------------------------
// State edits (pure): resizing, mode changes.  They return new trait values.
// ---------------------------------------------------------------------------

/** @param {any} grid @param {number} rows @param {number} cols
 * @returns {number[][]} */
function resized(grid, rows, cols) {
  const out = [];
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let c = 0; c < cols; c++) {
      const v = grid && grid[r] !== undefined ? grid[r][c] : undefined;
      row.push(typeof v === "number" ? v : 0);
    }
    out.push(row);
  }
  return out;
}

/** Traits for an input of h x w (existing values kept, new cells 0).
 * @param {State} state @param {number} h @param {number} w */
export function resizeInput(state, h, w) {
  return { x: state.x.map((/** @type {unknown} */ ch) => resized(ch, h, w)) };
}

/** Traits for a kernel / pooling window of kh x kw (new kernel cells 0).
 * @param {State} state @param {number} kh @param {number} kw
 * @returns {Record<string, any>} */
export function resizeWindow(state, kh, kw) {
  if (state.mode !== "corr") return { pool_size: [kh, kw] };
  return { k: state.k.map((/** @type {unknown[]} */ o) => o.map((ch) => resized(ch, kh, kw))) };
}

/** Traits for switching to `mode`, keeping the window size.
 * @param {State} state @param {string} mode
 * @returns {Record<string, any>} */
export function switchMode(state, mode) {
  if (mode === state.mode) return {};
  if (mode === "corr") {
    const [kh, kw] = state.pool_size;
    const ci = Array.isArray(state.x) ? state.x.length : 1;
    const ones = Array.from({ length: ci }, () => resized([], kh, kw).map((row) => row.map(() => 1)));
    return { mode, k: [ones], k_ndim: state.x_ndim === 3 ? 3 : 2, pool_size: [0, 0] };
  }
  const shape = nestedShape(state.k, 4);
  const window = state.mode === "corr" && shape ? [shape[2], shape[3]] : state.pool_size;
  const padding = (state.padding || [0, 0]).map((/** @type {number} */ p, /** @type {number} */ a) => Math.min(p, Math.floor(window[a] / 2)));
  return { mode, k: [], k_ndim: 0, pool_size: window, dilation: [1, 1], bias: 0, padding };
}

// ---------------------------------------------------------------------------
// Edits typed by the reader (pure): `{traits}` to set, or `{error}` to show
// instead.  The state only ever gets whole numbers for sizes, and never what it
// cannot hold or would take long to build (an empty or oversized X or K): those
// edits are refused, change nothing, and any later valid edit clears the message.
// Settings the state can hold (stride 0, a window larger than X) are set and
// described by normalize(), so fixing the value it names restores the drawing.
// ---------------------------------------------------------------------------

/** The size controls: a pair of boxes each (rows, columns). */
export const PAIR_CONTROLS = ["input", "window", "padding", "stride", "dilation"];

/** @param {number[]} values */
function typedText(values) {
  return tupleText(values.map((v) => (Number.isNaN(v) ? "?" : String(v))));
}

/**
 * Trait values for the two numbers typed into a size control, or the message
 * to show instead.  `values` holds NaN for a box left empty or not a number.
 * @param {State} state @param {string} control one of PAIR_CONTROLS @param {number[]} values
 * @returns {Edit}
 */
export function pairEdit(state, control, values) {
  try {
    if (!PAIR_CONTROLS.includes(control)) throw new SettingError("error.unknown_control", { control });
    const ints = values.length === 2 && values.every((v) => Number.isInteger(v));
    if (control === "input") return { traits: inputEdit(state, values, ints) };
    if (control === "window") return { traits: windowEdit(state, values, ints) };
    if (!ints) {
      throw new SettingError("error.pair", { name: control, got: typedText(values) });
    }
    return { traits: { [control]: values.slice() } };
  } catch (err) {
    if (err instanceof SettingError) return { error: err.in(languageOf(state)) };
    throw err;
  }
}

/** @param {State} state @param {number[]} values @param {boolean} ints */
function inputEdit(state, values, ints) {
  if (!ints) throw new SettingError("error.whole_sizes", { name: "X", got: typedText(values) });
  const [h, w] = values;
  const ci = Array.isArray(state.x) ? state.x.length : 1;
  const shape = tupleText(state.x_ndim === 3 ? [ci, h, w] : [h, w]);
  if (Math.min(h, w) < 1) throw new SettingError("error.empty", { name: "X", shape });
  if (Math.max(h, w) > MAX_SIDE) throw tooLarge(msg("shape.of", { name: "X", shape }));
  return resizeInput(state, h, w);
}

/** @param {State} state @param {number[]} values @param {boolean} ints */
function windowEdit(state, values, ints) {
  const corr = state.mode === "corr";
  if (!ints) {
    throw corr ? new SettingError("error.whole_sizes", { name: "K", got: typedText(values) })
      : new SettingError("error.pair", { name: "pool_size", got: typedText(values) });
  }
  const [kh, kw] = values;
  const k4 = corr ? nestedShape(state.k, 4) : null;
  const kShape = k4 ? [...k4.slice(4 - state.k_ndim, 2), kh, kw] : [kh, kw];
  if (Math.min(kh, kw) < 1) {
    throw corr ? new SettingError("error.empty", { name: "K", shape: tupleText(kShape) })
      : new SettingError("error.at_least", { name: "pool_size", minimum: 1, got: tupleText(values) });
  }
  // No drawable padded input holds a larger window: refuse it before building it.
  if (Math.max(kh, kw) > MAX_SIDE) {
    if (corr) throw tooLarge(shaped("K", kShape));
    const x = nestedShape(state.x, 3) || [1, 1, 1];
    const padding = Array.isArray(state.padding) ? state.padding : [0, 0];
    const fits = /** @type {Message} */ (windowFitsError(x[1], x[2], values, padding, [1, 1],
      "window", "pool_size"));
    throw new SettingError(fits.key, fits.params);
  }
  return resizeWindow(state, kh, kw);
}

/** A number typed by the reader ("−2" with a typographic minus too), or an error in `lang`.
 * @param {unknown} text @param {string} [lang]
 * @returns {{value: number, error?: undefined} | {error: string, value?: undefined}} */
export function parseNumber(text, lang = "en") {
  const raw = String(text).trim();
  const v = Number(raw.replace(/^\u2212/, "-"));
  if (raw === "" || Number.isNaN(v)) return { error: say(lang, "error.not_a_number", { text: raw }) };
  if (!Number.isFinite(v)) return { error: say(lang, "error.too_large_number", { text: raw }) };
  return { value: v };
}

/** Trait values for a bias typed into its box, or the message to show instead.
 * @param {State} state @param {unknown} text
 * @returns {Edit} */
export function biasEdit(state, text) {
  const parsed = parseNumber(text);
  const lang = languageOf(state);
  const got = String(text).trim() || say(lang, "value.nothing");
  if (parsed.error) return { error: say(lang, "error.bias_finite", { got }) };
  return valueEdit(state, { bias: parsed.value });
}

/**
 * Trait values for new numbers in X, K or the bias, or the message they would
 * cause: values that break a working state (an output too large for 64-bit
 * floats) are refused, since the grids to fix them in would be hidden.
 * @param {State} state @param {Record<string, any>} traits
 * @returns {Edit}
 */
export function valueEdit(state, traits) {
  const after = describeState(Object.assign({}, state, traits));
  if (!after.ok && describeState(state).ok) return { error: after.error };
  return { traits };
}

// ---------------------------------------------------------------------------
// Control groups: which controls a page shows (the `controls` trait).
// ---------------------------------------------------------------------------

/**
 * The control groups, in the order a course meets them: "values" (edit the
 * numbers of X and K, their sizes and the bias), "presets" (the example menu),
 * "play" (step, play and scrub through the output positions), "padding",
 * "stride", "dilation", "channels" (the output-channel menu) and "pooling"
 * (the operation menu: cross-correlation, max or average pooling).
 */
export const CONTROL_GROUPS = ["values", "presets", "play", "padding", "stride", "dilation",
  "channels", "pooling"];

/** The groups a `controls` trait value names (every group if it is not a list).
 * @param {unknown} controls
 * @returns {Set<string>} */
export function shownGroups(controls) {
  if (!Array.isArray(controls)) return new Set(CONTROL_GROUPS);
  return new Set(controls.filter((name) => CONTROL_GROUPS.includes(name)));
}

/** The control groups a state needs to be explored (its settings that are not the defaults).
 * @param {State} state
 * @returns {Set<string>} */
export function groupsNeeded(state) {
  const needed = new Set();
  /** @param {unknown} value @param {number} plain */
  const differs = (value, plain) => Array.isArray(value) && value.some((v) => v !== plain);
  if (differs(state.padding, 0)) needed.add("padding");
  if (differs(state.stride, 1)) needed.add("stride");
  if (differs(state.dilation, 1)) needed.add("dilation");
  if (state.x_ndim === 3 || state.k_ndim > 2) needed.add("channels");
  if (state.mode !== "corr") needed.add("pooling");
  return needed;
}

/** Names of the presets whose settings use only the groups in `shown`, in menu order.
 * @param {Record<string, State> | null | undefined} presets @param {Set<string>} shown
 * @returns {string[]} */
export function presetsFor(presets, shown) {
  return Object.keys(presets || {}).filter((name) =>
    [...groupsNeeded(/** @type {Record<string, State>} */ (presets)[name])].every((group) => shown.has(group)));
}


/**
 * Where a key moves a cursor at (r, c) in a rows x cols grid: arrows step
 * (stopping at the edges), Home and End jump to the corners; null for any other key.
 * @param {string} key @param {number} r @param {number} c @param {number} rows @param {number} cols
 * @returns {[number, number] | null}
 */
export function gridMove(key, r, c, rows, cols) {
  /** @type {Record<string, number[]>} */
  const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  const move = moves[key];
  if (move) {
    return [Math.min(rows - 1, Math.max(0, r + move[0])), Math.min(cols - 1, Math.max(0, c + move[1]))];
  }
  if (key === "Home") return [0, 0];
  if (key === "End") return [rows - 1, cols - 1];
  return null;
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

/**
 * Padding, stride, dilation, bias and title of a state, checked as Python's
 * checks.window_settings checks them (a SettingError otherwise); shared by the views
 * that have these settings.  A bias or title the state leaves out is 0 or "".
 * @param {State} state
 * @returns {{padding: number[], stride: number[], dilation: number[], bias: number}}
 */
export function checkedGeometry(state) {
  const padding = pair(state.padding, "padding", 0);
  const stride = pair(state.stride, "stride", 1);
  const dilation = pair(state.dilation, "dilation", 1);
  const bias = state.bias === undefined ? 0 : state.bias;
  if (typeof bias !== "number") throw new SettingError("error.bias_real", { got: pyRepr(bias) });
  if (!Number.isFinite(bias)) throw new SettingError("error.finite", { name: "bias", got: pyFloat(bias) });
  if (state.title !== undefined && typeof state.title !== "string") {
    throw new SettingError("error.str", { name: "title", got: shown(state.title) });
  }
  return { padding, stride, dilation, bias };
}

/**
 * Check the settings of both views that the drawing does not need, as Python checks
 * them: `selected` (a pair of ints from 0; past the output the view shows its last
 * cell) and `lang`.  A setting the state leaves out is not checked.
 * @param {State} state
 */
export function checkViewSettings(state) {
  if (state.selected !== undefined) pair(state.selected, "selected", 0);
  checkLanguage(state.lang);
}

/** Throw unless `lang` is "en" or "zh" (or left out), as d2l_utils.checked_language.
 * @param {unknown} lang */
export function checkLanguage(lang) {
  if (lang === undefined) return;
  if (typeof lang !== "string") throw new SettingError("error.lang_type", { type: pyType(lang), got: pyRepr(lang) });
  if (!LANGUAGES.includes(lang)) throw new SettingError("error.lang", { got: pyRepr(lang) });
}

/** Most and fewest steps per second while playing (MIN_SPEED, MAX_SPEED in Python). */
export const SPEEDS = [0.1, 60];

/**
 * Check a SlidingWindow state whole, as Python's check_traits does when a trait is set:
 * the drawing's settings (normalize), then speed, preset_name, selected, out_channel,
 * playing, controls and lang.  Settings the state leaves out are not checked.
 * @param {State | null | undefined} state
 * @returns {{ok: true, cfg: Config} | {ok: false, error: string}}
 */
export function checkSettings(state) {
  const s = state || {};
  return settle(() => {
    const cfg = checkedConfig(s);
    if (s.speed !== undefined && (typeof s.speed !== "number" || !(s.speed >= SPEEDS[0] && s.speed <= SPEEDS[1]))) {
      throw new SettingError("error.speed", { min: SPEEDS[0], max: SPEEDS[1], got: shown(s.speed) });
    }
    const presets = s._presets && typeof s._presets === "object" ? Object.keys(s._presets) : [];
    if (s.preset_name !== undefined && !(s.preset_name === "" || (typeof s.preset_name === "string" &&
        Object.hasOwn(s._presets || {}, s.preset_name)) || !presets.length)) {
      throw new SettingError("error.preset_name", { names: presets.join(", "), got: shown(s.preset_name) });
    }
    if (s.selected !== undefined) pair(s.selected, "selected", 0);
    if (s.out_channel !== undefined && !(Number.isInteger(s.out_channel) && s.out_channel >= 0)) {
      throw new SettingError("error.out_channel", { got: shown(s.out_channel) });
    }
    if (s.playing !== undefined && typeof s.playing !== "boolean") {
      throw new SettingError("error.bool", { name: "playing", got: shown(s.playing) });
    }
    if (s.controls !== undefined) checkControls(s.controls);
    checkLanguage(s.lang);
    return cfg;
  }, languageOf(state));
}

/** Throw unless `controls` is a list of distinct CONTROL_GROUPS names (Python's _control_list).
 * @param {unknown} controls */
function checkControls(controls) {
  const groups = CONTROL_GROUPS.join(", ");
  if (!Array.isArray(controls) || !controls.every((name) => typeof name === "string")) {
    throw new SettingError("error.controls_type", { groups, got: pyRepr(controls) });
  }
  const unknown = controls.find((name) => !CONTROL_GROUPS.includes(name));
  if (unknown !== undefined) throw new SettingError("error.controls_unknown", { group: pyRepr(unknown), groups });
  if (new Set(controls).size !== controls.length) throw new SettingError("error.controls_twice", { got: pyRepr(controls) });
}
