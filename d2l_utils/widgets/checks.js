// @ts-check
// The checks both widgets make of a state, with the messages of the Python checks
// (d2l_utils/checks.py, settings.py): a SettingError carries the message, said in the
// widget's language.  No DOM.

import { MAX_CHANNELS, MAX_SIDE } from "./constants.js";
import { LANGUAGES, msg, say } from "./strings.js";
import { pyFloat, pyRepr, pyType, shown, tupleText } from "./text.js";

/** @typedef {import("./strings.js").Message} Message */
/**
 * A widget's synced traits: anything may arrive here, so every function checks what it reads.
 * @typedef {Record<string, any>} State
 */

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
export function notEmpty(name, shape) {
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

/** The error of a setting too large to draw; `what` names it with its shape.
 * @param {Message} what */
export function tooLarge(what) {
  return new SettingError("error.too_large", { what, side: MAX_SIDE, channels: MAX_CHANNELS });
}

/** "X of shape (3, 3)" as a Message. @param {string} name @param {number[]} shape */
export function shaped(name, shape) {
  return msg("shape.of", { name, shape: tupleText(shape) });
}

/**
 * Throw unless `shape` (of X or K) fits the drawing; its first `channelAxes` are channels.
 * @param {number[]} shape @param {string} name @param {number} channelAxes
 */
export function drawable(shape, name, channelAxes) {
  const channels = shape.slice(0, channelAxes);
  const sides = shape.slice(channelAxes);
  if (Math.max(0, ...sides) > MAX_SIDE || Math.max(0, ...channels) > MAX_CHANNELS) {
    throw tooLarge(shaped(name, shape));
  }
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
