// @ts-check
// ImageWindow's state: the picture read from its bytes and checked whole as Python's
// image_window.check_traits checks it, with its messages (tests/vectors/image_window.json),
// into an ImageConfig that window_terms.js and window_text.js read as their Config.  No DOM.

import { MAX_IMAGE_PADDING, MAX_IMAGE_SIDE, MAX_KERNEL_SIDE, POOL_MODES } from "./constants.js";
import {
  SettingError, checkFinite, checkItems, checkViewSettings, checkedGeometry, givenArray, pair,
  settle, windowFitsError,
} from "./checks.js";
import { languageOf, msg, say } from "./strings.js";
import { pyRepr, shown, tupleText } from "./text.js";

/** @typedef {import("./checks.js").State} State */
/** @typedef {import("./window_terms.js").Config} Config */
/**
 * A checked ImageWindow state (imageConfig): window_terms.js's Config fields that
 * windowTerms, formatSum and formulaText read (X holds rows of typed arrays),
 * plus the picture and the pooling.
 * @typedef {object} ImageConfig
 * @property {"corr"} mode
 * @property {number} ci input channels, 1 or 3
 * @property {number} h
 * @property {number} w
 * @property {number[]} xShape the picture's shape as given
 * @property {number} xNdim
 * @property {string} pixelType "uint8" or "float32"
 * @property {Float64Array} pixels every value, (c, h, w) in C order
 * @property {Float64Array[][]} X [channel][row] -> the row's values
 * @property {number[][][][]} K the kernel as (1, c_i, k_h, k_w)
 * @property {Float64Array[]} kernelFlat each channel's kernel, row-major
 * @property {number[]} kShape (c_i, k_h, k_w)
 * @property {number[]} window (k_h, k_w)
 * @property {number} outChannels 1
 * @property {number[]} padding
 * @property {number[]} stride
 * @property {number[]} dilation
 * @property {number} bias
 * @property {number} oh feature map rows
 * @property {number} ow feature map columns
 * @property {string} pool "none", "max" or "avg"
 * @property {number[]} poolSize
 * @property {number[]} poolStride
 * @property {number} poh pooled rows (0 without pooling)
 * @property {number} pow pooled columns
 */
/** @typedef {{maps: Float64Array[], total: Float64Array}} Maps */
/** @typedef {{id: string, pixels: Float64Array, X: Float64Array[][], bad: number}} Decoded
 * (`bad`: the index of the first value that is not finite, or -1) */

/**
 * An ImageConfig where window_terms.js expects its own Config: the fields it reads agree.
 * @param {ImageConfig | object} cfg
 * @returns {Config}
 */
export function asConfig(cfg) {
  return /** @type {Config} */ (/** @type {unknown} */ (cfg));
}

/**
 * The message for `name` of `shape` (..., h, w) over `limit` per side, or null.
 * @param {number[]} shape @param {string} name @param {number} limit @param {string} lang
 */
function limitError(shape, name, limit, lang) {
  if (Math.max(...shape.slice(-2)) <= limit) return null;
  return say(lang, "error.image_limit", { name, shape: tupleText(shape), limit });
}

/**
 * The message for a picture of `shape` (..., h, w) over the limit, or null (as Python's).
 * @param {number[]} shape
 * @param {string} [name]
 * @param {string} [lang]
 */
export function imageLimitError(shape, name = "X", lang = "en") {
  return limitError(shape, name, MAX_IMAGE_SIDE, lang);
}

/**
 * The message for a kernel of `shape` (..., k_h, k_w) over the limit, or null.
 * @param {number[]} shape
 * @param {string} [name]
 * @param {string} [lang]
 */
export function kernelLimitError(shape, name = "K", lang = "en") {
  return limitError(shape, name, MAX_KERNEL_SIDE, lang);
}

/**
 * The bytes of a binary trait as a Uint8Array (no copy): anywidget gives a
 * DataView (ipywidgets 8) or an ArrayBuffer; null for anything else.
 * @param {unknown} value
 * @returns {Uint8Array | null}
 */
export function asBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}

/**
 * Pixel values (c * h * w, C order) as float64: byte / 255 for uint8, little-endian float32.
 * @param {Uint8Array} bytes
 * @param {string} type "uint8" or "float32"
 * @param {number} count
 */
export function decodePixels(bytes, type, count) {
  const out = new Float64Array(count);
  if (type === "uint8") {
    for (let n = 0; n < count; n++) out[n] = bytes[n] / 255;
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let n = 0; n < count; n++) out[n] = view.getFloat32(4 * n, true);
  }
  return out;
}

// The decoded values of each pixel buffer seen (a trait value is replaced, never changed).
/** @type {WeakMap<object, Decoded>} */
const decoded = new WeakMap();

/**
 * @param {unknown} key the trait value the bytes came from
 * @param {Uint8Array} bytes
 * @param {string} type
 * @param {number} c
 * @param {number} h
 * @param {number} w
 * @returns {Decoded}
 */
function decodedPicture(key, bytes, type, c, h, w) {
  const id = `${type} ${c} ${h} ${w}`;
  const hit = typeof key === "object" && key !== null ? decoded.get(key) : undefined;
  if (hit && hit.id === id) return hit;
  const pixels = decodePixels(bytes, type, c * h * w);
  /** @type {Float64Array[][]} */
  const X = [];
  for (let ch = 0; ch < c; ch++) {
    /** @type {Float64Array[]} */
    const rows = [];
    for (let r = 0; r < h; r++) rows.push(pixels.subarray((ch * h + r) * w, (ch * h + r + 1) * w));
    X.push(rows);
  }
  let bad = -1;
  if (type !== "uint8") bad = pixels.findIndex((v) => !Number.isFinite(v));
  const entry = { id, pixels, X, bad };
  if (typeof key === "object" && key !== null) decoded.set(/** @type {object} */ (key), entry);
  return entry;
}

/**
 * Shape (c_i, k_h, k_w) of a kernel trait of finite numbers, or null.
 * @param {any} kernel
 * @returns {number[] | null}
 */
export function kernelShape(kernel) {
  if (!Array.isArray(kernel) || !kernel.length) return null;
  const kh = Array.isArray(kernel[0]) ? kernel[0].length : 0;
  const kw = kh && Array.isArray(kernel[0][0]) ? kernel[0][0].length : 0;
  const ok = kernel.every((/** @type {unknown} */ ch) => Array.isArray(ch) && ch.length === kh && ch.every(
    (row) => Array.isArray(row) && row.length === kw &&
      row.every((v) => typeof v === "number" && Number.isFinite(v))));
  return ok && kh && kw ? [kernel.length, kh, kw] : null;
}

/**
 * Check an ImageWindow state and return what it describes.
 *
 * Returns `{ok: true, cfg}` or `{ok: false, error}`; never throws.  `cfg` holds
 * the geometry in window_terms.js's form (h, w, window, padding, stride, dilation,
 * bias, mode "corr", X as [channel][row] -> row of values, K as [[channel]]),
 * so windowTerms, formatSum and formulaText work on it, plus `pixels` (all
 * values, C order), the feature map size (oh, ow) and the pooling (pool,
 * poolSize, poolStride, poh, pow).  Messages are those of the Python checks.
 * @param {State | null | undefined} state
 * @returns {{ok: true, cfg: ImageConfig} | {ok: false, error: string}}
 */
export function imageConfig(state) {
  return settle(() => checkedImage(state || {}), languageOf(state));
}

/**
 * Check an ImageWindow state whole, as Python's image_window.check_traits does when a
 * trait is set: the drawing's settings (imageConfig), then kernel_name (a name of the
 * `_gallery`, when the state has one), selected and lang.
 * @param {State | null | undefined} state
 * @returns {{ok: true, cfg: ImageConfig} | {ok: false, error: string}}
 */
export function checkImageSettings(state) {
  const s = state || {};
  return settle(() => {
    const cfg = checkedImage(s);
    const names = s._gallery && typeof s._gallery === "object" ? Object.keys(s._gallery) : [];
    const name = s.kernel_name;
    if (name !== undefined && names.length && name !== "" && !(typeof name === "string" && names.includes(name))) {
      throw new SettingError("error.kernel_name", { names: names.map(pyRepr).join(", "), got: shown(name) });
    }
    checkViewSettings(s);
    return cfg;
  }, languageOf(state));
}

/**
 * The checks of Python's check_traits, in its order: the picture's shape, x_ndim, size,
 * type and bytes, its values, the kernel, then the constructor's geometry and pooling.
 * @param {State} state
 * @returns {ImageConfig}
 */
function checkedImage(state) {
  const picture = checkedPicture(state);
  const { c, h, w } = picture;
  const { K, kShape } = pictureKernel(state, picture);
  const [, kh, kw] = kShape;
  const { padding, stride, dilation, bias } = checkedGeometry(state);
  if (Math.max(...padding) > MAX_IMAGE_PADDING) {
    throw new SettingError("error.image_padding", { got: tupleText(padding), limit: MAX_IMAGE_PADDING });
  }
  const fits = windowFitsError(h, w, [kh, kw], padding, dilation, "kernel", "K");
  if (fits) throw new SettingError(fits.key, fits.params);
  const oh = Math.floor((h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((w + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
  return {
    mode: "corr", ci: c, h, w, xShape: picture.xShape, xNdim: picture.xShape.length,
    pixelType: picture.type, pixels: picture.pixels, X: picture.X, K: [K],
    kernelFlat: K.map((ch) => Float64Array.from(ch.flat())), kShape, window: [kh, kw],
    outChannels: 1, padding, stride, dilation, bias, oh, ow, ...featureMapPooling(state, oh, ow),
  };
}

/**
 * The picture: its shape, x_ndim, size, type, bytes and values, as Python checks them.
 * @param {State} state
 */
function checkedPicture(state) {
  const shape = state.image_shape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((n) => Number.isInteger(n) && n >= 1) ||
      (shape[0] !== 1 && shape[0] !== 3)) {
    throw new SettingError("error.picture_shape", { shape: shown(shape) });
  }
  const [c, h, w] = shape;
  const xNdim = state.x_ndim;
  if (xNdim !== 2 && xNdim !== 3) throw new SettingError("error.x_ndim", { got: shown(xNdim) });
  if (xNdim === 2 && c !== 1) throw new SettingError("error.x_2d", { channels: c });
  const xShape = xNdim === 2 ? [h, w] : shape;
  if (imageLimitError(xShape)) {
    throw new SettingError("error.image_limit", { name: "X", shape: tupleText(xShape), limit: MAX_IMAGE_SIDE });
  }
  const type = state.pixel_type;
  if (type !== "uint8" && type !== "float32") {
    throw new SettingError("error.pixel_type", { type: shown(type) });
  }
  const bytes = asBytes(state.pixels);
  const need = c * h * w * (type === "uint8" ? 1 : 4);
  if (!bytes || bytes.byteLength !== need) {
    throw new SettingError(bytes ? "error.picture_bytes" : "error.picture_no_bytes",
      { shape: tupleText(xShape), need, type, got: bytes ? bytes.byteLength : 0 });
  }
  const { pixels, X, bad } = decodedPicture(state.pixels, bytes, type, c, h, w);
  if (bad >= 0) {
    const v = pixels[bad];
    const at = [Math.floor(bad / (h * w)), Math.floor(bad / w) % h, bad % w];
    const kind = msg(Number.isNaN(v) ? "value.nan" : v > 0 ? "value.infinity" : "value.minus_infinity");
    throw new SettingError("error.nonfinite", { name: "X", kind, position: tupleText(xNdim === 2 ? at.slice(1) : at) });
  }
  return { c, h, w, xShape, type, pixels, X };
}

/**
 * The kernel (c_i, k_h, k_w) of a picture of `c` channels, as Python checks it.
 * @param {State} state @param {{c: number, xShape: number[]}} picture
 * @returns {{K: number[][][], kShape: number[]}}
 */
function pictureKernel(state, { c, xShape }) {
  const kernel = givenArray(state.kernel, "kernel", "(c_i, k_h, k_w)", 0, () => new SettingError("error.empty", {}));
  const kShape = kernel.shape;
  if (kShape[0] !== c) {
    throw new SettingError("error.kernel_channels", { ci: c, kci: kShape[0], k: tupleText(kShape) });
  }
  const given = xShape.length === 2 ? { value: kernel.given[0], shape: kShape.slice(1) } : { value: kernel.given, shape: kShape };
  if (kernelLimitError(given.shape)) {
    throw new SettingError("error.image_limit", { name: "K", shape: tupleText(given.shape), limit: MAX_KERNEL_SIDE });
  }
  checkItems(given.value, "K", given.shape);
  checkFinite(given.value, "K");
  if (Math.min(...given.shape) < 1) throw new SettingError("error.empty", { name: "K", shape: tupleText(given.shape) });
  /** @type {number[][][]} */
  const K = state.kernel.map((/** @type {number[][]} */ ch) => ch.map((row) => row.slice()));
  return { K, kShape };
}

/**
 * The pooling of the feature map (oh x ow), as Python checks it: pool, poolSize,
 * poolStride and the pooled size (poh, pow; 0 without pooling).
 * @param {State} state @param {number} oh @param {number} ow
 */
function featureMapPooling(state, oh, ow) {
  const pool = state.pool === undefined || state.pool === null ? "none" : state.pool;
  if (!POOL_MODES.includes(pool)) throw new SettingError("error.pool", { got: pyRepr(pool) });
  const poolSize = pair(state.pool_size, "pool_size", 1);
  const poolStride = pair(state.pool_stride, "pool_stride", 1);
  let poh = 0;
  let pow = 0;
  if (pool !== "none") {
    // The pooled input is the feature map.
    const poolFits = windowFitsError(oh, ow, poolSize, [0, 0], [1, 1], "window", "pool_size", "feature map");
    if (poolFits) throw new SettingError(poolFits.key, poolFits.params);
    poh = Math.floor((oh - poolSize[0]) / poolStride[0]) + 1;
    pow = Math.floor((ow - poolSize[1]) / poolStride[1]) + 1;
  }
  return { pool, poolSize, poolStride, poh, pow };
}
