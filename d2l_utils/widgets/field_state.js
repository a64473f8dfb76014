// @ts-check
// FieldExplorer's state: the checks of field_explorer.check_traits (and
// receptive_field.check_stack) with the same messages, the chosen unit, the presets and
// the edits a reader makes to the stack.  No DOM.

import { FIELD_LIMITS, FIELD_PRESETS } from "./constants.js";
import { SettingError, checkLanguage } from "./checks.js";
import { pyRepr, shown } from "./text.js";
import { layerSizes } from "./field_maths.js";

/** @typedef {import("./field_maths.js").Layer} Layer */
/** @typedef {{layers: Layer[], size: number, dims: number, sizes: number[], title: string}} FieldConfig */

const LIMITS = FIELD_LIMITS;
const KEYS = ["kind", "kernel", "stride", "padding", "dilation"];
export const KINDS = ["conv", "max", "avg"];
/** The examples: name -> {size, dims, layers: [kind, kernel, stride, padding, dilation][]}. */
export const PRESETS = FIELD_PRESETS;

/** @param {unknown} value @param {string} name @param {number} low @param {number} high */
function int(value, name, low, high) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    throw new SettingError("rf.error_int", { name, low, high, got: pyRepr(value) });
  }
  return value;
}

/** The n-th layer checked, as receptive_field.check_layer. @param {unknown} layer @param {number} n
 * @returns {Layer} */
export function checkLayer(layer, n) {
  const where = `layers[${n}]`;
  const keys = layer && typeof layer === "object" && !Array.isArray(layer) ? Object.keys(layer) : null;
  if (!keys || keys.length !== KEYS.length || !KEYS.every((k) => keys.includes(k))) {
    throw new SettingError("rf.error_layer", { where });
  }
  const l = /** @type {Record<string, unknown>} */ (layer);
  if (typeof l.kind !== "string" || !KINDS.includes(l.kind)) {
    throw new SettingError("rf.error_kind", { where, got: pyRepr(l.kind) });
  }
  const kernel = int(l.kernel, `${where}['kernel']`, 1, LIMITS.kernel);
  const stride = int(l.stride, `${where}['stride']`, 1, LIMITS.step);
  const dilation = int(l.dilation, `${where}['dilation']`, 1, l.kind === "conv" ? LIMITS.step : 1);
  const padding = int(l.padding, `${where}['padding']`, 0, dilation * (kernel - 1));
  return { kind: l.kind, kernel, stride, padding, dilation };
}

/** layers and size checked (receptive_field.check_stack). @param {unknown} layers @param {unknown} size */
export function checkStack(layers, size) {
  const n = int(size, "size", 1, LIMITS.size);
  if (!Array.isArray(layers) || layers.length < 1 || layers.length > LIMITS.layers) {
    throw new SettingError("rf.error_layers", { max: LIMITS.layers, got: Array.isArray(layers) ? layers.length : pyRepr(layers) });
  }
  const checked = layers.map(checkLayer);
  const sizes = [n];
  checked.forEach((l, m) => {
    const span = l.dilation * (l.kernel - 1) + 1;
    const padded = sizes[m] + 2 * l.padding;
    if (padded < span) throw new SettingError("rf.error_no_output", { n: m, cells: sizes[m], padded, span });
    sizes.push(Math.floor((padded - span) / l.stride) + 1);
  });
  const product = checked.reduce((p, l) => p * BigInt(l.kernel), 1n);
  if (product > 2n ** 53n) throw new SettingError("rf.error_paths", { product: product.toString() });
  return { layers: checked, sizes };
}

/**
 * Check a FieldExplorer state as check_traits does: throws a SettingError naming the setting.
 * @param {Record<string, any>} state
 * @returns {FieldConfig}
 */
export function fieldConfig(state) {
  const { layers, sizes } = checkStack(state.layers, state.size);
  const dims = state.dims;
  if (dims !== 1 && dims !== 2) throw new SettingError("rf.error_dims", { got: shown(dims) });
  const sel = state.selected;
  if (!Array.isArray(sel) || sel.length !== 3 || !sel.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new SettingError("rf.error_selected", { got: shown(sel) });
  }
  if (typeof state.title !== "string") throw new SettingError("error.str", { name: "title", got: shown(state.title) });
  checkLanguage(state.lang);
  return { layers, size: sizes[0], dims, sizes, title: state.title };
}

/** [layer, row, col] of the selected unit brought into its layer (field_explorer.chosen_unit).
 * @param {FieldConfig} cfg @param {unknown} selected */
export function chosenUnit(cfg, selected) {
  const sel = /** @type {number[]} */ (selected);
  const layer = Math.min(Math.max(sel[0], 1), cfg.sizes.length - 1);
  const n = cfg.sizes[layer];
  return [layer, cfg.dims === 2 ? Math.min(sel[1], n - 1) : 0, Math.min(sel[2], n - 1)];
}

/** The middle unit of the last layer. @param {Layer[]} layers @param {number} size @param {number} dims */
export function centreUnit(layers, size, dims) {
  const last = layerSizes(layers, size)[layers.length];
  return [layers.length, dims === 2 ? Math.floor(last / 2) : 0, Math.floor(last / 2)];
}

/** The traits of preset `name`; `title` said in the widget's language by the caller.
 * @param {string} name */
export function presetTraits(name) {
  const p = /** @type {Record<string, {size: number, dims: number, layers: any[][]}>} */ (PRESETS)[name];
  /** @type {Layer[]} */
  const layers = /** @type {Layer[]} */ (p.layers.map((l) => Object.fromEntries(KEYS.map((k, n) => [k, l[n]]))));
  return { layers, size: p.size, dims: p.dims, selected: centreUnit(layers, p.size, p.dims) };
}

/**
 * The stack after an edit: "add" (a copy of the last layer at the end), "remove" n,
 * "up" / "down" n (swap with its neighbour), or "set" n's key to value.  The caller sets it
 * (the check may still refuse it) with the chosen unit kept in range.
 * @param {Layer[]} layers @param {string} edit @param {number} n @param {string} [key] @param {any} [value]
 * @returns {Layer[]}
 */
export function editedLayers(layers, edit, n, key, value) {
  const out = layers.map((l) => Object.assign({}, l));
  if (edit === "add") out.push(Object.assign({}, out[out.length - 1] || { kind: "conv", kernel: 3, stride: 1, padding: 0, dilation: 1 }));
  else if (edit === "remove") out.splice(n, 1);
  else if (edit === "up" && n > 0) [out[n - 1], out[n]] = [out[n], out[n - 1]];
  else if (edit === "down" && n < out.length - 1) [out[n + 1], out[n]] = [out[n], out[n + 1]];
  else if (edit === "set" && key) {
    const layer = /** @type {Record<string, any>} */ (out[n]);
    layer[key] = value;
    if (key === "kind" && value !== "conv") layer.dilation = 1;
    if (key === "kind" && value !== "conv" && layer.padding > layer.kernel - 1) layer.padding = layer.kernel - 1;
  }
  return out;
}
