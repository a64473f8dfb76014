// @ts-check
// SlidingWindow's edits (pure): what the reader types or picks in the view, as trait
// values to set or the message to show instead (typed.js's rule).  The state only ever
// gets whole numbers for sizes, and never what it cannot hold or would take long to
// build (an empty or oversized X or K): those edits are refused, change nothing, and any
// later valid edit clears the message.  Settings the state can hold (stride 0, a window
// larger than X) are set and described by normalize(), so fixing the value it names
// restores the drawing.  No DOM.

import { MAX_SIDE } from "./constants.js";
import { SettingError, nestedShape, shaped, tooLarge, windowFitsError } from "./checks.js";
import { msg } from "./strings.js";
import { tupleText } from "./text.js";
import { edited, typedBias, typedPair, typedSizes } from "./typed.js";
import { describeState } from "./sliding_state.js";

/** @typedef {import("./checks.js").State} State */
/** @typedef {import("./typed.js").Edit} Edit */
/** @typedef {import("./strings.js").Message} Message */

/** The size controls: a pair of boxes each (rows, columns). */
export const PAIR_CONTROLS = ["input", "window", "padding", "stride", "dilation"];

/**
 * Trait values for the two numbers typed into a size control, or the message
 * to show instead.  `values` holds NaN for a box left empty or not a number.
 * @param {State} state @param {string} control one of PAIR_CONTROLS @param {number[]} values
 * @returns {Edit}
 */
export function pairEdit(state, control, values) {
  return edited(state, () => {
    if (!PAIR_CONTROLS.includes(control)) throw new SettingError("error.unknown_control", { control });
    if (control === "input") return inputEdit(state, typedSizes(values, "X"));
    if (control === "window") {
      const corr = state.mode === "corr";
      return windowEdit(state, corr ? typedSizes(values, "K") : typedPair(values, "pool_size"));
    }
    return { [control]: typedPair(values, control) };
  });
}

/** @param {State} state @param {number[]} values whole numbers */
function inputEdit(state, [h, w]) {
  const ci = Array.isArray(state.x) ? state.x.length : 1;
  const shape = tupleText(state.x_ndim === 3 ? [ci, h, w] : [h, w]);
  if (Math.min(h, w) < 1) throw new SettingError("error.empty", { name: "X", shape });
  if (Math.max(h, w) > MAX_SIDE) throw tooLarge(msg("shape.of", { name: "X", shape }));
  return resizeInput(state, h, w);
}

/** @param {State} state @param {number[]} values whole numbers */
function windowEdit(state, values) {
  const corr = state.mode === "corr";
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

/** Trait values for a bias typed into its box, or the message to show instead.
 * @param {State} state @param {unknown} text
 * @returns {Edit} */
export function biasEdit(state, text) {
  const typed = edited(state, () => ({ bias: typedBias(text) }));
  return typed.error === undefined ? valueEdit(state, typed.traits) : typed;
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
// Resizing and mode changes: new trait values.
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
