// @ts-check
// SlidingWindow's state: checked whole as Python's sliding_window.check_traits checks
// it, with its messages, and described for the view (the geometry, every output, the
// formula); which control groups a page shows.  No DOM.

import { CONTROL_GROUPS, MAX_SIDE, MODES, SPEEDS } from "./constants.js";
import {
  SettingError, checkFinite, checkItems, checkLanguage, checkedGeometry, drawable, givenArray,
  notEmpty, pair, settle, tooLarge, windowFitsError,
} from "./checks.js";
import { languageOf, msg, say } from "./strings.js";
import { pyFloat, pyRepr, shown, tupleText } from "./text.js";
import { computeOutput, outputSize } from "./window_terms.js";
import { formulaText, overflowError } from "./window_text.js";

/** @typedef {import("./checks.js").State} State */
/** @typedef {import("./window_terms.js").Config} Config */
/**
 * What describeState() finds: everything to draw, or the message to show instead.
 * @typedef {{ok: true, cfg: Config, output: number[][][], formula: import("./window_text.js").Formulas}} Drawn
 * @typedef {Drawn | {ok: false, error: string}} Described
 */

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
 * Check a SlidingWindow state as Python's check_traits checks the traits (the
 * constructor's checks, in their order) and return the geometry it describes.
 * @param {State} state @returns {Config} */
function checkedConfig(state) {
  const mode = state.mode;
  if (!MODES.includes(mode)) throw new SettingError("error.mode", { mode: pyRepr(mode) });
  const x = givenInput(state);
  const k = mode === "corr" ? givenKernel(state) : null;
  const xShape = x.shape;
  const [ci, h, w] = x.ndim === 2 ? [1, ...xShape] : xShape;
  checkFinite(x.given, "X");
  notEmpty("X", xShape);
  const geometry = checkedGeometry(state);
  const { padding, stride, dilation } = geometry;
  const input = { ndim: x.ndim, shape: xShape, ci, h, w };
  const kernel = k ? checkedKernel(input, k, geometry) : checkedPooling(state, input, geometry);
  const [oh, ow] = [0, 1].map((a) => outputSize(
    [h, w][a], kernel.window[a], padding[a], stride[a], dilation[a]));
  const padded = [h + 2 * padding[0], w + 2 * padding[1]];
  if (Math.max(...padded) > MAX_SIDE) {
    throw tooLarge(msg("shape.padded", { name: "X", shape: tupleText(xShape), padding: tupleText(padding), padded: tupleText(padded) }));
  }
  return { mode, xNdim: x.ndim, ci, h, w, xShape, X: state.x, ...geometry, ...kernel,
    oh, ow, outputShape: [kernel.outChannels, oh, ow] };
}

/**
 * @typedef {{ndim: number, shape: number[], ci: number, h: number, w: number}} Input
 * @typedef {{padding: number[], stride: number[], dilation: number[], bias: number}} Geometry
 * @typedef {{kNdim: number, kShape: number[] | null, K: number[][][][] | null, window: number[],
 *   outChannels: number}} Window
 */

/** X as given (x_ndim, the x trait), drawable and of numbers. @param {State} state */
function givenInput(state) {
  const xNdim = state.x_ndim;
  if (xNdim !== 2 && xNdim !== 3) throw new SettingError("error.x_ndim", { got: shown(xNdim) });
  const x = givenArray(state.x, "x", "(c_i, h, w)", 3 - xNdim,
    (shape) => new SettingError("error.x_2d", { channels: shape[0] }));
  drawable(x.shape, "X", xNdim - 2);
  checkItems(x.given, "X", x.shape);
  return { ...x, ndim: xNdim };
}

/** K as given (k_ndim, the k trait), drawable and of numbers. @param {State} state */
function givenKernel(state) {
  const kNdim = state.k_ndim;
  if (![2, 3, 4].includes(kNdim)) throw new SettingError("error.k_ndim", { k_ndim: shown(kNdim) });
  const k = givenArray(state.k, "k", "(c_o, c_i, k_h, k_w)", 4 - kNdim, () =>
    new SettingError(kNdim === 3 ? "error.k_one_output" : "error.k_one_input_output", { k_ndim: kNdim }));
  drawable(k.shape, "K", kNdim - 2);
  checkItems(k.given, "K", k.shape);
  return { ...k, ndim: kNdim, K: state.k };
}

/**
 * The kernel's window, checked with X and the geometry.
 * @param {Input} x @param {{given: any, shape: number[], ndim: number, K: any}} k
 * @param {Geometry} geometry
 * @returns {Window}
 */
function checkedKernel(x, k, { padding, dilation }) {
  const kShape = k.shape;
  const kNdim = k.ndim;
  checkFinite(k.given, "K");
  notEmpty("K", kShape);
  const [co, kci, kh, kw] = [...new Array(4 - kNdim).fill(1), ...kShape];
  const shapes = { x: tupleText(x.shape), k: tupleText(kShape) };
  if (kNdim === 2 && x.ndim === 3) throw new SettingError("error.k_needs_channels", shapes);
  if (kNdim > 2 && x.ndim === 2) throw new SettingError("error.x_needs_channels", shapes);
  if (kNdim > 2 && kci !== x.ci) throw new SettingError("error.channels_differ", { ci: x.ci, kci, ...shapes });
  const fits = windowFitsError(x.h, x.w, [kh, kw], padding, dilation, "kernel", "K");
  if (fits) throw new SettingError(fits.key, fits.params);
  return { kNdim, kShape, K: k.K, window: [kh, kw], outChannels: co };
}

/**
 * The pooling window, checked with X and the geometry.
 * @param {State} state @param {Input} x @param {Geometry} geometry
 * @returns {Window}
 */
function checkedPooling(state, x, { padding, dilation, bias }) {
  if (dilation[0] !== 1 || dilation[1] !== 1) {
    throw new SettingError("error.pool_dilation", { dilation: tupleText(dilation) });
  }
  if (bias !== 0) throw new SettingError("error.pool_bias", { bias: pyFloat(bias) });
  const window = pair(state.pool_size, "pool_size", 1);
  if (padding[0] > Math.floor(window[0] / 2) || padding[1] > Math.floor(window[1] / 2)) {
    throw new SettingError("error.pool_padding", { padding: tupleText(padding), window: tupleText(window) });
  }
  const fits = windowFitsError(x.h, x.w, window, padding, dilation, "window", "pool_size");
  if (fits) throw new SettingError(fits.key, fits.params);
  return { kNdim: 0, kShape: null, K: null, window, outChannels: x.ci };
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

// ---------------------------------------------------------------------------
// Control groups: which controls a page shows (the `controls` trait).
// ---------------------------------------------------------------------------

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
