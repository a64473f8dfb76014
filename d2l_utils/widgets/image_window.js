// @ts-check
// ImageWindow: the sliding window over a picture, with the feature map beside it.
// The window's arithmetic, shape formula and messages come from window_core.js
// (shared with SlidingWindow); this module adds what a picture needs: pixels read
// from bytes, a fast whole-map cross-correlation and pooling on typed arrays, a
// diverging colour map, and the view (canvases, zoomed inset, kernel gallery,
// a reader's own picture).  d2l_utils/widgets/bundle.py joins the two files into
// the `_esm` that anywidget runs.  The pure functions exported by name are tested
// against d2l_utils.reference through tests/vectors/image_window.json.
/** @typedef {import("./window_core.js").State} State */
/** @typedef {import("./window_core.js").Config} Config */
/** @typedef {import("./window_core.js").WindowResult} WindowResult */
/**
 * A checked ImageWindow state (imageConfig): window_core's Config fields that
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
 * An ImageConfig where window_core expects its own Config: the fields it reads agree.
 * @param {ImageConfig | object} cfg
 * @returns {Config}
 */
function asConfig(cfg) {
  return /** @type {Config} */ (/** @type {unknown} */ (cfg));
}

import {
  SettingError, checkFinite, checkItems, checkViewSettings, checkedGeometry, factorText, formatNumber,
  formatSum, formulaText, givenArray, gridMove, languageOf, msg, pair, pyRepr, say, sayer, settle, shown,
  tupleText, viewRenderer, windowFitsError, windowTerms,
  TraitView,
} from "./window_core.js";

/** Largest picture, per side (as d2l_utils.widgets.image_window.MAX_IMAGE_SIDE). */
export const MAX_IMAGE_SIDE = 512;
/** Largest kernel, per side (as MAX_KERNEL_SIDE in Python). */
export const MAX_KERNEL_SIDE = 15;
/** A reader's own picture is scaled in the page to at most this many pixels per side. */
export const UPLOAD_SIDE = 256;
export const POOL_MODES = ["none", "max", "avg"];

// ---------------------------------------------------------------------------
// Pure functions: state -> numbers, colours and text.  None of them touches the DOM.
// ---------------------------------------------------------------------------

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
function kernelShape(kernel) {
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
 * the geometry in window_core's form (h, w, window, padding, stride, dilation,
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
  const kernel = givenArray(state.kernel, "kernel", "(c_i, k_h, k_w)", 0, () => new SettingError("error.empty", {}));
  const kShape = kernel.shape;
  if (kShape[0] !== c) {
    throw new SettingError("error.kernel_channels", { ci: c, kci: kShape[0], k: tupleText(kShape) });
  }
  const given = xNdim === 2 ? { value: kernel.given[0], shape: kShape.slice(1) } : { value: kernel.given, shape: kShape };
  if (kernelLimitError(given.shape)) {
    throw new SettingError("error.image_limit", { name: "K", shape: tupleText(given.shape), limit: MAX_KERNEL_SIDE });
  }
  checkItems(given.value, "K", given.shape);
  checkFinite(given.value, "K");
  if (Math.min(...given.shape) < 1) throw new SettingError("error.empty", { name: "K", shape: tupleText(given.shape) });
  const [, kh, kw] = kShape;
  const { padding, stride, dilation, bias } = checkedGeometry(state);
  const fits = windowFitsError(h, w, [kh, kw], padding, dilation, "kernel", "K");
  if (fits) throw new SettingError(fits.key, fits.params);
  const oh = Math.floor((h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((w + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
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
  /** @type {number[][][]} */
  const K = state.kernel.map((/** @type {number[][]} */ ch) => ch.map((row) => row.slice()));
  return {
    mode: "corr", ci: c, h, w, xShape, xNdim: xShape.length, pixelType: type, pixels, X,
    K: [K], kernelFlat: K.map((ch) => Float64Array.from(ch.flat())), kShape, window: [kh, kw],
    outChannels: 1, padding, stride, dilation, bias, oh, ow, pool, poolSize, poolStride, poh, pow,
  };
}

/**
 * Each channel's cross-correlation and their sum plus bias, as Float64Arrays (oh * ow).
 *
 * Per output, the products are added in the kernel's row-major order starting
 * from 0, channels are added in order and the bias last: the order of
 * d2l_utils.reference.corr2d / corr2d_multi_in, so the numbers agree to the last
 * bit.  Taps on padding are skipped (they add 0).  Outputs whose window lies
 * inside the picture (all but a border as wide as the padding) take a loop with
 * no bounds checks over precomputed tap offsets.  `reuse` (a previous result of the same
 * size) is overwritten instead of allocating new arrays.
 * @param {ImageConfig} cfg
 * @param {Maps | null} [reuse]
 * @returns {Maps}
 */
export function featureMaps(cfg, reuse) {
  const { ci, h, w, oh, ow, pixels, kernelFlat } = cfg;
  const [kh, kw] = cfg.window;
  const [ph, pw] = cfg.padding;
  const [sh, sw] = cfg.stride;
  const [dh, dw] = cfg.dilation;
  const taps = kh * kw;
  const offsets = new Int32Array(taps);
  for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) offsets[a * kw + b] = a * dh * w + b * dw;
  // Output rows/columns whose whole window is inside the picture.
  /** @type {(n: number, p: number, s: number, extent: number, size: number) => number[]} */
  const inner = (n, p, s, extent, size) => [Math.max(0, Math.ceil(p / s)),
    Math.min(size - 1, Math.floor((n - extent + p) / s))];
  const [iLo, iHi] = inner(h, ph, sh, (kh - 1) * dh + 1, oh);
  const [jLo, jHi] = inner(w, pw, sw, (kw - 1) * dw + 1, ow);
  const fits = reuse && reuse.total.length === oh * ow && reuse.maps.length === ci;
  const maps = [];
  const total = fits ? reuse.total.fill(0) : new Float64Array(oh * ow);
  for (let ch = 0; ch < ci; ch++) {
    const out = fits ? reuse.maps[ch] : new Float64Array(oh * ow);
    const k = kernelFlat[ch];
    const base = ch * h * w;
    for (let i = 0; i < oh; i++) {
      const rowInside = i >= iLo && i <= iHi;
      for (let j = 0; j < ow; j++) {
        let acc = 0;
        if (rowInside && j >= jLo && j <= jHi) {
          const x = base + (i * sh - ph) * w + j * sw - pw;
          if (taps === 9 && kw === 3) {
            // 3 x 3, the gallery's size: the same sum written out, which V8 runs ~2x faster.
            const x1 = x + offsets[3];
            const x2 = x + offsets[6];
            acc += pixels[x] * k[0]; acc += pixels[x + dw] * k[1]; acc += pixels[x + 2 * dw] * k[2];
            acc += pixels[x1] * k[3]; acc += pixels[x1 + dw] * k[4]; acc += pixels[x1 + 2 * dw] * k[5];
            acc += pixels[x2] * k[6]; acc += pixels[x2 + dw] * k[7]; acc += pixels[x2 + 2 * dw] * k[8];
          } else {
            for (let t = 0; t < taps; t++) acc += pixels[x + offsets[t]] * k[t];
          }
        } else {
          for (let a = 0; a < kh; a++) {
            const r = i * sh - ph + a * dh;
            if (r < 0 || r >= h) continue;
            for (let b = 0; b < kw; b++) {
              const c = j * sw - pw + b * dw;
              if (c >= 0 && c < w) acc += pixels[base + r * w + c] * k[a * kw + b];
            }
          }
        }
        out[i * ow + j] = acc;
        total[i * ow + j] += acc; // 0 + channel 0 + channel 1 + ..., in order
      }
    }
    maps.push(out);
  }
  for (let n = 0; n < total.length; n++) total[n] += cfg.bias;
  return { maps, total };
}

/**
 * Max or average pooling of a map (rows x cols, C order) with windows `size`
 * moved by `stride`, no padding, as d2l_utils.reference.pool2d; the average adds
 * in row-major order and divides once, as window_core's windowTerms.
 * @param {Float64Array} map
 * @param {number} rows
 * @param {number} cols
 * @param {string} mode "max" or "avg"
 * @param {number[]} size
 * @param {number[]} stride
 */
export function poolMap(map, rows, cols, mode, size, stride) {
  const [kh, kw] = size;
  const [sh, sw] = stride;
  const oh = Math.floor((rows - kh) / sh) + 1;
  const ow = Math.floor((cols - kw) / sw) + 1;
  const out = new Float64Array(Math.max(0, oh) * Math.max(0, ow));
  const n = kh * kw;
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let acc = mode === "max" ? -Infinity : 0;
      for (let a = 0; a < kh; a++) {
        const row = (i * sh + a) * cols + j * sw;
        for (let b = 0; b < kw; b++) {
          const v = map[row + b];
          if (mode === "max") { if (v > acc) acc = v; } else acc += v;
        }
      }
      out[i * ow + j] = mode === "max" ? acc : acc / n;
    }
  }
  return { data: out, rows: oh, cols: ow };
}

/**
 * window_core's configuration for pooling `map` (oh x ow): windowTerms/formatSum read it.
 * @param {ImageConfig} cfg
 * @param {Float64Array} map
 * @returns {Config}
 */
export function poolConfig(cfg, map) {
  /** @type {Float64Array[][]} */
  const X = [[]];
  for (let r = 0; r < cfg.oh; r++) X[0].push(map.subarray(r * cfg.ow, (r + 1) * cfg.ow));
  return asConfig({ mode: cfg.pool, ci: 1, h: cfg.oh, w: cfg.ow, X, K: null, window: cfg.poolSize,
    padding: [0, 0], stride: cfg.poolStride, dilation: [1, 1], bias: 0, oh: cfg.poh, ow: cfg.pow,
    outChannels: 1 });
}

/**
 * The arithmetic of feature-map cell (i, j): window_core's windowTerms and formatSum lines.
 * @param {ImageConfig} cfg
 * @param {number} i
 * @param {number} j
 * @param {string} [lang]
 * @returns {{result: WindowResult, lines: string[]}}
 */
export function cellArithmetic(cfg, i, j, lang = "en") {
  const result = windowTerms(asConfig(cfg), 0, i, j);
  return { result, lines: formatSum(asConfig(cfg), result, lang) };
}

/**
 * Smallest and largest value of a map, and the symmetric limit max(|min|, |max|) (1 if all 0).
 * @param {Float64Array} data
 */
export function valueRange(data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let n = 0; n < data.length; n++) {
    const v = data[n];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!data.length) { lo = 0; hi = 0; }
  const limit = Math.max(Math.abs(lo), Math.abs(hi));
  return { min: lo, max: hi, limit: limit > 0 ? limit : 1 };
}

// ColorBrewer's PuOr, a diverging scheme readable with the common colour-vision
// deficiencies: purple for negative, white-grey for zero, orange-brown for positive.
const DIVERGING = ["#2d004b", "#542788", "#8073ac", "#b2abd2", "#d8daeb", "#f7f7f7",
  "#fee0b6", "#fdb863", "#e08214", "#b35806", "#7f3b08"];

/** @param {string} hex "#rrggbb" */
function hexRGB(hex) {
  return [1, 3, 5].map((n) => parseInt(hex.slice(n, n + 2), 16));
}

/**
 * The diverging colour at t in [0, 1] (0.5 is zero), as [r, g, b] bytes.
 * @param {number} t
 */
export function divergingColor(t) {
  const x = Math.min(1, Math.max(0, t)) * (DIVERGING.length - 1);
  const n = Math.min(DIVERGING.length - 2, Math.floor(x));
  const f = x - n;
  const [a, b] = [hexRGB(DIVERGING[n]), hexRGB(DIVERGING[n + 1])];
  return a.map((v, m) => Math.round(v + (b[m] - v) * f));
}

/** @type {Uint8Array | null} */
let lut = null;

/** 256 colours of the diverging map, r, g, b per entry. */
export function divergingLUT() {
  if (!lut) {
    lut = new Uint8Array(256 * 3);
    for (let n = 0; n < 256; n++) lut.set(divergingColor(n / 255), 3 * n);
  }
  return lut;
}

/** @type {Uint32Array | null} */
let packed = null;

/**
 * RGBA bytes of a map (rows x cols) coloured on the scale -limit .. +limit, zero in the middle.
 * @param {Float64Array} data
 * @param {number} limit
 */
export function colourMap(data, limit) {
  if (!packed) { // each colour as the 4 bytes r, g, b, 255 read as one 32-bit word
    const table = divergingLUT();
    const bytes = new Uint8Array(256 * 4);
    for (let n = 0; n < 256; n++) bytes.set([table[3 * n], table[3 * n + 1], table[3 * n + 2], 255], 4 * n);
    packed = new Uint32Array(bytes.buffer);
  }
  const colours = packed;
  const rgba = new Uint8ClampedArray(data.length * 4);
  const words = new Uint32Array(rgba.buffer);
  const scale = 127.5 / limit;
  for (let n = 0; n < data.length; n++) {
    const t = Math.round(data[n] * scale + 127.5);
    words[n] = colours[t < 0 ? 0 : t > 255 ? 255 : t];
  }
  return rgba;
}

/**
 * Every `step`-th row and column of a map (rows x cols): a small picture of a large map.
 * @param {Float64Array} data
 * @param {number} rows
 * @param {number} cols
 * @param {number} step
 */
export function thinned(data, rows, cols, step) {
  const r2 = Math.ceil(rows / step);
  const c2 = Math.ceil(cols / step);
  const out = new Float64Array(r2 * c2);
  for (let i = 0; i < r2; i++) for (let j = 0; j < c2; j++) out[i * c2 + j] = data[i * step * cols + j * step];
  return { data: out, rows: r2, cols: c2 };
}

/**
 * RGBA bytes of the picture: gray or RGB; values outside [0, 1] stretch the scale to fit.
 * @param {ImageConfig} cfg
 */
export function pictureRGBA(cfg) {
  const { ci, h, w, pixels } = cfg;
  const range = valueRange(pixels);
  const lo = Math.min(0, range.min);
  const span = Math.max(1, range.max) - lo || 1;
  const n = h * w;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    for (let m = 0; m < 3; m++) {
      rgba[4 * p + m] = Math.round((pixels[(ci === 3 ? m * n : 0) + p] - lo) / span * 255);
    }
    rgba[4 * p + 3] = 255;
  }
  return rgba;
}

/**
 * Gray level of an sRGB pixel by ITU-R 601-2 luma, as Pillow's convert("L") and images.to_gray.
 * @param {number} r
 * @param {number} g
 * @param {number} b
 */
export function luma(r, g, b) {
  return (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
}

/**
 * RGBA bytes (width x height) as planar uint8 channels: 1 (gray) or 3 (RGB).
 * @param {ArrayLike<number>} rgba
 * @param {number} width
 * @param {number} height
 * @param {number} channels
 */
export function planarFromRGBA(rgba, width, height, channels) {
  const n = width * height;
  const out = new Uint8Array(channels * n);
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2]];
    if (channels === 1) out[p] = luma(r, g, b);
    else { out[p] = r; out[n + p] = g; out[2 * n + p] = b; }
  }
  return out;
}

/**
 * Size [width, height] of a picture scaled down (never up) to at most `side` per side.
 * @param {number} width
 * @param {number} height
 * @param {number} side
 */
export function fitSize(width, height, side) {
  const s = Math.min(1, side / Math.max(width, height));
  return [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
}

/**
 * The feature-map cell whose window is centred nearest picture pixel (r, c), clamped.
 * @param {ImageConfig} cfg
 * @param {number} r
 * @param {number} c
 * @returns {[number, number]}
 */
export function cellAt(cfg, r, c) {
  /** @type {(n: number, a: number) => number} */
  const centre = (n, a) => Math.round((n + cfg.padding[a] - (cfg.dilation[a] * (cfg.window[a] - 1)) / 2) / cfg.stride[a]);
  /** @type {(v: number, n: number) => number} */
  const clamp = (v, n) => Math.min(n - 1, Math.max(0, v));
  return [clamp(centre(r, 0), cfg.oh), clamp(centre(c, 1), cfg.ow)];
}

/**
 * Traits for a kernel of kh x kw: kept values where they overlap, new weights 0.
 * @param {number[][][]} kernel (c_i, k_h, k_w)
 * @param {number} kh
 * @param {number} kw
 * @returns {number[][][]}
 */
export function resizeKernel(kernel, kh, kw) {
  return kernel.map((ch) => Array.from({ length: kh }, (_, a) => Array.from({ length: kw },
    (_, b) => (ch[a] !== undefined && typeof ch[a][b] === "number" ? ch[a][b] : 0))));
}

/**
 * Traits for gallery kernel `name`: the same 2-D kernel on each of `channels` channels.
 * @param {Record<string, number[][]> | null | undefined} gallery
 * @param {string} name
 * @param {number} channels
 */
export function galleryKernel(gallery, name, channels) {
  const K = gallery && gallery[name];
  if (!K) return null;
  return { kernel: Array.from({ length: channels }, () => K.map((row) => row.slice())), kernel_name: name };
}

/**
 * The pooled cell whose window starts nearest at or before feature-map cell (i, j); it holds
 * the cell unless the pool stride is larger than the pool window.
 * @param {ImageConfig} cfg
 * @param {number} i
 * @param {number} j
 * @returns {[number, number]}
 */
export function pooledCellOf(cfg, i, j) {
  return [Math.min(cfg.poh - 1, Math.floor(i / cfg.poolStride[0])),
    Math.min(cfg.pow - 1, Math.floor(j / cfg.poolStride[1]))];
}

/**
 * True if white text reads better than black on gray level g (0-255): relative luminance
 * below 0.179, where both reach a contrast of about 4.6 (WCAG AA asks 4.5).
 * @param {number} g
 */
export function darkGray(g) {
  const c = g / 255;
  return (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4) < 0.179;
}

/**
 * The screen reader's name of the picture canvas for window (i, j).
 * @param {ImageConfig} cfg
 * @param {number} i
 * @param {number} j
 * @param {string} [lang]
 */
export function pictureLabel(cfg, i, j, lang = "en") {
  const [r0, c0] = [i * cfg.stride[0] - cfg.padding[0], j * cfg.stride[1] - cfg.padding[1]];
  const ext = [0, 1].map((a) => cfg.dilation[a] * (cfg.window[a] - 1));
  return say(lang, cfg.ci === 3 ? "iw.picture_label_rgb" : "iw.picture_label_gray", {
    h: cfg.h, w: cfg.w, kh: cfg.window[0], kw: cfg.window[1],
    r0, r1: r0 + ext[0], c0, c1: c0 + ext[1] });
}

// ---------------------------------------------------------------------------
// The view.
// ---------------------------------------------------------------------------

const TRAITS = ["pixels", "pixel_type", "image_shape", "x_ndim", "kernel", "kernel_name", "bias",
  "padding", "stride", "dilation", "pool", "pool_size", "pool_stride", "title", "selected",
  "_gallery"];
// Keys the focusable canvases use; only these are kept from the notebook's shortcuts.
// The channels of an RGB picture (keys of strings.json).
const COLOURS = ["iw.red", "iw.green", "iw.blue"];
const MOVE_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);
const DISPLAY = 300; // CSS pixels of the picture's longer side (padding included)

/**
 * @param {string} tag
 * @param {Record<string, string> | null} [attrs]
 * @param {HTMLElement | null} [parent]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
function make(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
  }
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

let instances = 0;

/**
 * anywidget's model interface, as much of it as the view uses (a static page's model
 * may have no kernel behind it: save_changes then does nothing).
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {(event: string, callback: () => void) => void} on
 * @property {(event: string, callback: () => void) => void} off
 * @property {() => void} save_changes
 */
/**
 * A canvas with an overlay canvas for the window, in a focusable frame; `scale` CSS
 * pixels per value, `offset` the padding rows and columns drawn before the values.
 * @typedef {{frame: HTMLElement, base: HTMLCanvasElement, overlay: HTMLCanvasElement,
 *   scale: number, offset: number[]}} CanvasPair
 */

/**
 * @param {HTMLElement} node
 * @returns {HTMLInputElement}
 */
const asInput = (node) => /** @type {HTMLInputElement} */ (node);
/**
 * @param {HTMLElement} node
 * @returns {HTMLSelectElement}
 */
const asSelect = (node) => /** @type {HTMLSelectElement} */ (node);

/**
 * @param {HTMLCanvasElement} canvas
 * @returns {CanvasRenderingContext2D}
 */
function context2d(canvas) {
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser gives no 2-D canvas");
  return ctx;
}

class View extends TraitView {
  /**
   * @param {Model} model
   * @param {HTMLElement} el
   */
  constructor(model, el) {
    super(model, TRAITS, checkImageSettings);
    this.id = `d2l-iw-${++instances}`;
    /** The language of every word shown; a new `lang` draws a new view (render). */
    this.lang = languageOf({ lang: this.get("lang") });
    /** @param {string} key @param {Record<string, unknown>} [params] */
    this.t = (key, params) => say(this.lang, key, params);
    const t = this.t;
    /** @type {string | null} */
    this.imageKey = null;
    /** @type {string | null} */
    this.mapsKey = null;
    /** @type {number[] | null} the feature-map cell under the mouse */
    this.hover = null;
    /** @type {Record<string, any> | null} the picture's traits before a reader's own */
    this.original = null;
    /** @type {ImageConfig | null} */
    this.cfg = null;
    /** @type {Float64Array[] | null} */
    this.maps = null;
    /** @type {Float64Array | null} */
    this.total = null;
    /** @type {Config | null} */
    this.poolCfg = null;
    /** @type {HTMLElement[][]} */
    this.insetCells = [];
    /** @type {HTMLCanvasElement[]} */
    this.channelCanvases = [];
    this.channelRowKey = "";
    this.scale = 1;
    this.legendDrawn = false;
    this.firstDrawing = true;
    /** @type {WeakMap<object, string>} */
    this.stamps = new WeakMap();
    this.root = make("div", { class: "d2l-iw", ...(this.lang === "zh" ? { lang: "zh-CN" } : {}) });
    const root = this.root;
    this.titleEl = make("div", { class: "iw-title" }, root);
    const controls = make("div", { class: "iw-controls", role: "group", "aria-label": t("label.settings") }, root);
    const kernelLabel = make("label", null, controls, `${t("label.kernel")} `);
    this.kernelSelect = asSelect(make("select", { "aria-label": t("label.kernel") }, kernelLabel));
    this.kernelSelect.addEventListener("change", () => {
      const edit = galleryKernel(this.get("_gallery"), this.kernelSelect.value, this.channels());
      if (edit) this.set(edit);
    });
    /** @type {Record<string, HTMLInputElement[]>} */
    this.numbers = {};
    /**
     * @param {string} name
     * @param {string} text label (said in the widget's language)
     * @param {number} min
     * @param {number} max
     * @param {(values: number[]) => void} onChange
     */
    const pairControl = (name, text, min, max, onChange) => {
      const group = make("span", { class: "iw-group", role: "group", "aria-label": text }, controls);
      make("span", null, group, text);
      this.numbers[name] = [t("axis.rows"), t("axis.columns")].map((axis, a) => {
        const input = asInput(make("input", { type: "number", min: String(min), max: String(max), step: "1",
          "aria-label": t("control.axis_label", { control: text, axis }),
          title: t("control.axis_title", { control: text, axis }) }, group));
        input.addEventListener("change", () => {
          const values = (this.numbers[name] || []).map((box) => Number(box.value));
          if (values.every((v) => Number.isInteger(v))) onChange(values);
        });
        if (a === 0) make("span", { "aria-hidden": "true" }, group, "×");
        return input;
      });
    };
    pairControl("size", t("iw.kernel_size"), 1, MAX_KERNEL_SIDE, ([kh, kw]) =>
      this.set({ kernel: resizeKernel(this.get("kernel") || [], kh || 1, kw || 1), kernel_name: "" }));
    pairControl("padding", t("label.padding"), 0, 64, (v) => this.set({ padding: v }));
    pairControl("stride", t("label.stride"), 1, 64, (v) => this.set({ stride: v }));
    pairControl("dilation", t("label.dilation"), 1, 16, (v) => this.set({ dilation: v }));
    const biasLabel = make("label", null, controls, `${t("label.bias")} `);
    this.biasInput = asInput(make("input", { type: "number", step: "any", "aria-label": t("label.bias") }, biasLabel));
    this.biasInput.addEventListener("change", () => {
      const v = Number(this.biasInput.value);
      if (this.biasInput.value.trim() !== "" && Number.isFinite(v)) this.set({ bias: v });
    });
    const poolLabel = make("label", null, controls, `${t("iw.pooling")} `);
    this.poolSelect = asSelect(make("select", { "aria-label": t("iw.pooling_of_map") }, poolLabel));
    for (const [value, text] of [["none", "iw.pool_none"], ["max", "iw.pool_max"], ["avg", "iw.pool_avg"]]) {
      make("option", { value }, this.poolSelect, t(text));
    }
    this.poolSelect.addEventListener("change", () => this.set({ pool: this.poolSelect.value }));
    pairControl("poolSize", t("iw.pool_window"), 1, 16, (v) => this.set({ pool_size: v }));
    pairControl("poolStride", t("iw.pool_stride"), 1, 16, (v) => this.set({ pool_stride: v }));

    const upload = make("div", { class: "iw-upload" }, root);
    const fileLabel = make("label", { class: "iw-file" }, upload, `${t("iw.own_picture")} `);
    this.fileInput = asInput(make("input", { type: "file", accept: "image/*", "aria-label": t("iw.own_picture") }, fileLabel));
    this.fileInput.addEventListener("change", () => {
      const file = this.fileInput.files && this.fileInput.files[0];
      if (file) this.usePicture(file);
    });
    this.resetButton = make("button", { type: "button", class: "iw-hidden" }, upload, t("iw.original_picture"));
    this.resetButton.addEventListener("click", () => {
      if (this.original) this.set(Object.assign({}, this.original, { selected: [0, 0] }));
      this.resetButton.classList.add("iw-hidden");
    });
    make("span", { class: "iw-note" }, upload, t("iw.drop_note"));

    this.message = make("div", { class: "iw-message", role: "status" }, root);
    this.main = make("div", { class: "iw-main" }, root);
    const pictureBox = make("div", { class: "iw-box" }, this.main);
    this.pictureCaption = make("div", { class: "iw-caption" }, pictureBox, t("iw.picture"));
    this.picture = this.makeCanvasPair(pictureBox, "iw-picture");
    const mapBox = make("div", { class: "iw-box" }, this.main);
    this.mapCaption = make("div", { class: "iw-caption" }, mapBox, t("iw.feature_map"));
    this.map = this.makeCanvasPair(mapBox, "iw-map");
    this.legend = make("div", { class: "iw-legend" }, mapBox);
    this.legendBar = /** @type {HTMLCanvasElement} */ (make("canvas", { width: "160", height: "10", role: "img" }, this.legend));
    this.legendText = make("div", { class: "iw-legend-text" }, this.legend);
    this.poolBox = make("div", { class: "iw-box iw-hidden" }, this.main);
    this.poolCaption = make("div", { class: "iw-caption" }, this.poolBox, t("iw.pooled"));
    this.pooled = this.makeCanvasPair(this.poolBox, "iw-pooled");
    this.channelRow = make("div", { class: "iw-channel-maps" }, root);

    const detail = make("div", { class: "iw-detail" }, root);
    this.insetBox = make("div", { class: "iw-insets", "aria-hidden": "true" }, detail);
    this.kernelBox = make("div", { class: "iw-kernels" }, detail);
    this.sumEl = make("div", { class: "iw-sum", id: `${this.id}-sum`, "aria-live": "polite",
      "aria-atomic": "true", "aria-label": t("iw.arithmetic") }, root);
    this.poolSumEl = make("div", { class: "iw-sum iw-pool-sum iw-hidden" }, root);
    this.formulaEl = make("div", { class: "iw-formula", "aria-label": t("iw.map_shape") }, root);
    make("div", { class: "iw-help" }, root, t("iw.help"));

    this.wireCanvases();
    // Lumino (JupyterLab, Notebook 7) leaves keys alone in elements that opt out.
    for (const node of root.querySelectorAll("input, select, button")) {
      node.setAttribute("data-lm-suppress-shortcuts", "true");
    }
    el.appendChild(this.root);
    this.listen();
    // The first drawing (decoding, every map) runs in tasks of its own: a page that
    // draws several widgets while it loads then has no single long task.
    this.firstDraw = setTimeout(() => this.refresh(), 0);
    this.cleanups.push(() => clearTimeout(this.firstDraw));
  }


  // A canvas for the picture or a map, and an overlay canvas for the window drawn on it.
  /**
   * @param {HTMLElement} parent
   * @param {string} cls
   * @returns {CanvasPair}
   */
  makeCanvasPair(parent, cls) {
    const frame = make("div", { class: `iw-frame ${cls}`, tabindex: "0",
      "data-lm-suppress-shortcuts": "true", role: "group" }, parent);
    const base = /** @type {HTMLCanvasElement} */ (make("canvas", { class: "iw-base", role: "img" }, frame));
    const overlay = /** @type {HTMLCanvasElement} */ (make("canvas", { class: "iw-overlay", "aria-hidden": "true" }, frame));
    return { frame, base, overlay, scale: 1, offset: [0, 0] };
  }

  wireCanvases() {
    /**
     * @param {CanvasPair} target
     * @param {MouseEvent} event
     * @returns {[number, number]}
     */
    const pixelAt = (target, event) => {
      const rect = target.base.getBoundingClientRect();
      return [Math.floor((event.clientY - rect.top) / target.scale) - target.offset[0],
        Math.floor((event.clientX - rect.left) / target.scale) - target.offset[1]];
    };
    /** @param {KeyboardEvent} event */
    const keys = (event) => {
      if (!MOVE_KEYS.has(event.key) || !this.cfg) return;
      event.stopPropagation(); // Notebook 7 and JupyterLab would move to another cell
      event.preventDefault();
      const [i, j] = this.selected();
      const target = gridMove(event.key, i, j, this.cfg.oh, this.cfg.ow);
      if (target) this.select(target);
    };
    for (const target of [this.picture, this.map]) {
      target.frame.addEventListener("keydown", keys);
      this.cleanups.push(() => target.frame.removeEventListener("keydown", keys));
    }
    this.picture.frame.addEventListener("click", (event) => {
      if (!this.cfg) return;
      const [r, c] = pixelAt(this.picture, event);
      this.select(cellAt(this.cfg, r, c));
    });
    /**
     * @param {MouseEvent} event
     * @returns {[number, number] | null}
     */
    const mapCell = (event) => {
      const [i, j] = pixelAt(this.map, event);
      return this.cfg && i >= 0 && j >= 0 && i < this.cfg.oh && j < this.cfg.ow ? [i, j] : null;
    };
    this.map.frame.addEventListener("click", (event) => {
      const cell = mapCell(event);
      if (cell) this.select(cell);
    });
    this.map.frame.addEventListener("mousemove", (event) => {
      const cell = mapCell(event);
      if (cell && (!this.hover || cell[0] !== this.hover[0] || cell[1] !== this.hover[1])) {
        this.hover = cell;
        this.showCell(cell[0], cell[1], false);
      }
    });
    this.map.frame.addEventListener("mouseleave", () => { this.hover = null; this.showSelection(); });
    this.pooled.frame.addEventListener("mousemove", (event) => {
      if (!this.cfg || this.cfg.pool === "none") return;
      const [i, j] = pixelAt(this.pooled, event);
      if (i >= 0 && j >= 0 && i < this.cfg.poh && j < this.cfg.pow) this.showPoolCell(i, j);
    });
    this.pooled.frame.addEventListener("mouseleave", () => this.showSelection());
    const frame = this.picture.frame;
    frame.addEventListener("dragover", (event) => { event.preventDefault(); frame.classList.add("iw-drop"); });
    frame.addEventListener("dragleave", () => frame.classList.remove("iw-drop"));
    frame.addEventListener("drop", (event) => {
      event.preventDefault();
      frame.classList.remove("iw-drop");
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) this.usePicture(file);
    });
  }

  channels() {
    const shape = this.get("image_shape");
    return Array.isArray(shape) ? shape[0] : 1;
  }

  // Read a picture file in the page, scale it down and make it the input.
  /** @param {File} file */
  async usePicture(file) {
    try {
      if (!/^image\//.test(file.type || "")) {
        throw new Error(file.name ? this.t("iw.not_a_picture", { name: file.name }) : this.t("iw.file_not_a_picture"));
      }
      const bitmap = await createImageBitmap(file);
      const [w, h] = fitSize(bitmap.width, bitmap.height, UPLOAD_SIDE);
      const canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d", { willReadFrequently: true }));
      ctx.drawImage(bitmap, 0, 0, w, h);
      if (bitmap.close) bitmap.close();
      const channels = this.channels() === 3 ? 3 : 1;
      const bytes = planarFromRGBA(ctx.getImageData(0, 0, w, h).data, w, h, channels);
      if (!this.original) {
        /** @type {Record<string, any>} */
        const original = {};
        for (const name of ["pixels", "pixel_type", "image_shape", "x_ndim"]) original[name] = this.get(name);
        this.original = original;
      }
      this.set({ pixels: new DataView(bytes.buffer), pixel_type: "uint8", image_shape: [channels, h, w],
        x_ndim: channels === 3 ? 3 : 2, selected: [0, 0] });
      this.resetButton.classList.remove("iw-hidden");
      this.root.dataset.upload = `${w}x${h}`;
    } catch (err) {
      this.showMessage(this.t("iw.unreadable", { error: err instanceof Error ? err.message : String(err) }));
    }
  }

  /** A setting that does not fit was refused; the drawing stays. @param {string} error */
  refuseSetting(error) {
    this.showMessage(error);
  }

  /** @param {string} text */
  showMessage(text) {
    this.message.textContent = text;
    this.message.classList.toggle("iw-show", !!text);
  }

  /** The synced traits, and the language the view speaks. */
  state() {
    return Object.assign(super.state(), { lang: this.lang });
  }

  refresh() {
    clearTimeout(this.firstDraw);
    /** @type {[string, number][]} */
    const times = [["start", performance.now()]];
    /** @param {string} name */
    const lap = (name) => { times.push([name, performance.now()]); };
    try {
      const state = this.state();
      const described = imageConfig(state);
      this.syncControls(state);
      if (!described.ok) {
        this.showMessage(described.error);
        for (const node of [this.main, this.sumEl, this.formulaEl, this.channelRow, this.insetBox]) node.classList.add("iw-hidden");
        this.cfg = null;
        this.imageKey = null;
        this.mapsKey = null;
        return;
      }
      this.showMessage("");
      for (const node of [this.main, this.sumEl, this.formulaEl, this.channelRow, this.insetBox]) node.classList.remove("iw-hidden");
      const cfg = described.cfg;
      this.cfg = cfg;
      const imageKey = JSON.stringify([cfg.ci, cfg.h, cfg.w, cfg.padding, state.pixel_type]) + ":" + this.pixelStamp(state.pixels);
      const mapsKey = JSON.stringify([imageKey, state.kernel, cfg.bias, cfg.stride, cfg.dilation, cfg.pool, cfg.poolSize, cfg.poolStride]);
      lap("config");
      if (imageKey !== this.imageKey) { this.drawPicture(cfg); this.imageKey = imageKey; }
      lap("picture");
      if (mapsKey !== this.mapsKey && this.firstDrawing) {
        // The first drawing shows the picture in one task and the maps in the next, so a
        // page that draws while it loads has no long task (a cold JIT is slow).
        this.firstDrawing = false;
        this.firstDraw = setTimeout(() => this.refresh(), 0);
        return;
      }
      if (mapsKey !== this.mapsKey) {
        this.computeAndDraw(cfg, lap);
        this.buildDetail(cfg);
        lap("detail");
        this.mapsKey = mapsKey;
      }
      this.showFormula(cfg);
      this.showSelection();
      lap("selection");
      // Where the last redraw spent its time, for tools/bench_images.py.
      this.root.dataset.timing = JSON.stringify(times.slice(1).map(([name, t], n) =>
        [name, +(t - (times[n] || times[0])[1]).toFixed(2)]));
    } catch (err) {
      this.showMessage(this.t("view.went_wrong", { error: String(err) }));
    }
  }

  // Identity of the pixel buffer: a new upload or trait value is a new object.
  /** @param {unknown} value */
  pixelStamp(value) {
    if (value === null || typeof value !== "object") return String(value);
    const stamp = this.stamps.get(value) || String(++instances);
    this.stamps.set(value, stamp);
    return stamp;
  }

  /** @param {State} state */
  syncControls(state) {
    this.titleEl.textContent = state.title || "";
    this.titleEl.classList.toggle("iw-hidden", !state.title);
    const gallery = state._gallery || {};
    const names = ["", ...Object.keys(gallery)];
    if (this.kernelSelect.options.length !== names.length) {
      this.kernelSelect.textContent = "";
      for (const name of names) make("option", { value: name }, this.kernelSelect, name || this.t("iw.your_kernel"));
    }
    this.kernelSelect.value = gallery[state.kernel_name] ? state.kernel_name : "";
    /**
     * @param {string} name
     * @param {unknown} values
     */
    const setPair = (name, values) => {
      if (!Array.isArray(values)) return;
      (this.numbers[name] || []).forEach((box, a) => {
        if (document.activeElement !== box) box.value = String(values[a]);
      });
    };
    const shape = kernelShape(state.kernel);
    if (shape) setPair("size", shape.slice(1));
    setPair("padding", state.padding);
    setPair("stride", state.stride);
    setPair("dilation", state.dilation);
    setPair("poolSize", state.pool_size);
    setPair("poolStride", state.pool_stride);
    if (document.activeElement !== this.biasInput) this.biasInput.value = String(state.bias || 0);
    this.poolSelect.value = POOL_MODES.includes(state.pool) ? state.pool : "none";
    const pooling = this.poolSelect.value !== "none";
    for (const box of [...(this.numbers.poolSize || []), ...(this.numbers.poolStride || [])]) box.disabled = !pooling;
  }

  // Size a canvas pair for rows x cols cells of `scale` CSS pixels.
  /**
   * @param {CanvasPair} target
   * @param {number} rows
   * @param {number} cols
   * @param {number} scale
   * @param {number[]} offset
   */
  sizeCanvas(target, rows, cols, scale, offset) {
    const ratio = window.devicePixelRatio || 1;
    target.scale = scale;
    target.offset = offset;
    const [cssW, cssH] = [cols * scale, rows * scale];
    for (const canvas of [target.base, target.overlay]) {
      canvas.style.width = `${cssW}px`;
      canvas.style.height = `${cssH}px`;
    }
    const [ow, oh] = [Math.max(1, Math.round(cssW * ratio)), Math.max(1, Math.round(cssH * ratio))];
    if (target.overlay.width !== ow) target.overlay.width = ow;
    if (target.overlay.height !== oh) target.overlay.height = oh;
    target.frame.style.width = `${cssW}px`;
    target.frame.style.height = `${cssH}px`;
  }

  // Put RGBA bytes (cols x rows) on a canvas at one canvas pixel per value; CSS scales it up.
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Uint8ClampedArray} rgba
   * @param {number} cols
   * @param {number} rows
   */
  putPixels(canvas, rgba, cols, rows) {
    if (canvas.width !== cols) canvas.width = cols;
    if (canvas.height !== rows) canvas.height = rows;
    const data = /** @type {Uint8ClampedArray<ArrayBuffer>} */ (rgba);
    context2d(canvas).putImageData(new ImageData(data, cols, rows), 0, 0);
  }

  /** @param {ImageConfig} cfg */
  drawPicture(cfg) {
    const [ph, pw] = cfg.padding;
    const rows = cfg.h + 2 * ph;
    const cols = cfg.w + 2 * pw;
    this.scale = DISPLAY / Math.max(rows, cols);
    this.sizeCanvas(this.picture, rows, cols, this.scale, [ph, pw]);
    const rgba = new Uint8ClampedArray(rows * cols * 4);
    const inner = pictureRGBA(cfg);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const o = 4 * (r * cols + c);
        const v = (r + c) % 2 ? 205 : 225; // padding: a light check, clearly not picture
        rgba[o] = v; rgba[o + 1] = v; rgba[o + 2] = v; rgba[o + 3] = 255;
      }
    }
    for (let r = 0; r < cfg.h; r++) { // the picture's rows over the padding, one copy each
      rgba.set(inner.subarray(4 * r * cfg.w, 4 * (r + 1) * cfg.w), 4 * ((r + ph) * cols + pw));
    }
    this.putPixels(this.picture.base, rgba, cols, rows);
    const size = { h: cfg.h, w: cfg.w, padding: tupleText(cfg.padding) };
    this.pictureCaption.textContent = this.t(cfg.ci === 3 ? (ph || pw ? "iw.picture_rgb_padded" : "iw.picture_rgb")
      : (ph || pw ? "iw.picture_gray_padded" : "iw.picture_gray"), size);
    this.picture.frame.setAttribute("aria-label", this.t("iw.picture_keys"));
    this.picture.frame.setAttribute("aria-describedby", `${this.id}-sum`);
  }

  /**
   * @param {ImageConfig} cfg
   * @param {(name: string) => void} [lap] notes the time of each part
   */
  computeAndDraw(cfg, lap = () => {}) {
    const reuse = this.maps && this.total ? { maps: this.maps, total: this.total } : null;
    const { maps, total } = featureMaps(cfg, reuse);
    lap("featureMaps");
    this.maps = maps;
    this.total = total;
    const range = valueRange(total);
    this.sizeCanvas(this.map, cfg.oh, cfg.ow, this.scale, [0, 0]);
    this.putPixels(this.map.base, colourMap(total, range.limit), cfg.ow, cfg.oh);
    const t = this.t;
    this.map.base.setAttribute("aria-label", t("iw.map_label", { rows: cfg.oh, cols: cfg.ow,
      min: formatNumber(range.min), max: formatNumber(range.max) }));
    this.map.frame.setAttribute("aria-label", t("iw.map_keys"));
    this.map.frame.setAttribute("aria-describedby", `${this.id}-sum`);
    this.mapCaption.textContent = t(cfg.ci === 3 ? "iw.map_caption_rgb" : "iw.map_caption", { rows: cfg.oh, cols: cfg.ow }) +
      (cfg.bias ? t("iw.map_caption_bias", { bias: formatNumber(cfg.bias) }) : "");
    this.drawLegend(range);
    lap("drawMap");
    // RGB: each channel's own map, small, on the same colour scale.  The boxes stay
    // while the sizes do; a recompute only redraws the three canvases.
    const rowKey = cfg.ci === 3 ? `${cfg.oh} ${cfg.ow} ${this.scale} ${cfg.bias}` : "";
    if (rowKey !== this.channelRowKey) {
      this.channelRow.textContent = "";
      this.channelCanvases = [];
      if (cfg.ci === 3) {
        COLOURS.forEach((colour, ch) => {
          const name = t(colour);
          const box = make("div", { class: "iw-box" }, this.channelRow);
          make("div", { class: "iw-caption" }, box, t("iw.channel_map_caption", { name }));
          const canvas = /** @type {HTMLCanvasElement} */ (make("canvas", { class: "iw-small", role: "img",
            "aria-label": t("iw.channel_map_label", { name, rows: cfg.oh, cols: cfg.ow }) }, box));
          canvas.style.width = `${cfg.ow * this.scale / 2}px`;
          canvas.style.height = `${cfg.oh * this.scale / 2}px`;
          this.channelCanvases.push(canvas);
          if (ch < 2) make("div", { class: "iw-op", "aria-hidden": "true" }, this.channelRow, "+");
        });
        make("div", { class: "iw-op", "aria-hidden": "true" }, this.channelRow,
          `${cfg.bias ? `+ ${formatNumber(cfg.bias)} ` : ""}${t("iw.equals_map_above")}`);
      }
      this.channelRowKey = rowKey;
    }
    // Shown at half the scale: about one value per screen pixel is enough.
    const step = Math.max(1, Math.floor(2 / this.scale));
    this.channelCanvases.forEach((canvas, ch) => {
      const small = thinned(maps[ch] || total, cfg.oh, cfg.ow, step);
      this.putPixels(canvas, colourMap(small.data, range.limit), small.cols, small.rows);
    });
    lap("channelMaps");
    this.poolBox.classList.toggle("iw-hidden", cfg.pool === "none");
    this.poolSumEl.classList.toggle("iw-hidden", cfg.pool === "none");
    if (cfg.pool !== "none") {
      const pooled = poolMap(total, cfg.oh, cfg.ow, cfg.pool, cfg.poolSize, cfg.poolStride);
      this.poolCfg = poolConfig(cfg, total);
      this.sizeCanvas(this.pooled, pooled.rows, pooled.cols, this.scale, [0, 0]);
      this.putPixels(this.pooled.base, colourMap(pooled.data, range.limit), pooled.cols, pooled.rows);
      const max = cfg.pool === "max";
      const sizes = { size: tupleText(cfg.poolSize), stride: tupleText(cfg.poolStride), rows: pooled.rows, cols: pooled.cols };
      this.poolCaption.textContent = t(max ? "iw.max_pool_caption" : "iw.avg_pool_caption", sizes);
      this.pooled.base.setAttribute("aria-label", t(max ? "iw.max_pooled_label" : "iw.avg_pooled_label", sizes));
    }
    lap("pooling");
  }

  /** @param {{min: number, max: number, limit: number}} range */
  drawLegend(range) {
    if (!this.legendDrawn) {
      const ctx = context2d(this.legendBar);
      const width = this.legendBar.width;
      for (let x = 0; x < width; x++) {
        const [r, g, b] = divergingColor(x / (width - 1));
        ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.fillRect(x, 0, 1, this.legendBar.height);
      }
      this.legendDrawn = true;
    }
    const limit = formatNumber(range.limit);
    this.legendBar.setAttribute("aria-label", this.t("iw.scale_label", { limit }));
    this.legendText.textContent = `-${limit}   0   ${limit}  ·  ` +
      this.t("iw.values_range", { min: formatNumber(range.min), max: formatNumber(range.max) });
  }

  // The zoomed pixels under the window (one inset per channel) and the kernel editors.
  /** @param {ImageConfig} cfg */
  buildDetail(cfg) {
    const [kh, kw] = cfg.window;
    this.insetBox.textContent = "";
    this.insetCells = [];
    const t = this.t;
    const names = cfg.ci === 3 ? COLOURS.map((colour) => t(colour)) : [t("iw.pixels")];
    const cell = Math.max(14, Math.min(44, Math.floor(200 / Math.max(kh, kw))));
    this.insetBox.style.setProperty("--iw-cell", `${cell}px`);
    this.insetBox.classList.toggle("iw-tiny", cell < 30);
    for (let ch = 0; ch < cfg.ci; ch++) {
      const box = make("div", { class: "iw-box" }, this.insetBox);
      make("div", { class: "iw-caption" }, box, t("iw.under_window", { name: names[ch] }));
      const grid = make("div", { class: "iw-inset" }, box);
      if (cfg.ci === 3) grid.style.borderTop = `4px solid ${["#d00000", "#009e73", "#0072b2"][ch]}`;
      grid.style.gridTemplateColumns = `repeat(${kw}, var(--iw-cell))`;
      const cells = [];
      for (let n = 0; n < kh * kw; n++) cells.push(make("div", { class: "iw-px" }, grid));
      this.insetCells.push(cells);
    }
    this.kernelBox.textContent = "";
    const K = cfg.K[0] || [];
    const same = K.every((ch) => JSON.stringify(ch) === JSON.stringify(K[0]));
    const editors = same ? [0] : K.map((_, ch) => ch);
    for (const ch of editors) {
      const box = make("div", { class: "iw-box" }, this.kernelBox);
      const caption = same ? t(cfg.ci === 3 ? "iw.kernel_every_channel" : "caption.kernel")
        : t("iw.kernel_of", { name: names[ch] });
      make("div", { class: "iw-caption" }, box, caption);
      const grid = make("div", { class: "iw-kgrid", role: "group", "aria-label": t("grid.size", { caption, rows: kh, cols: kw }) }, box);
      grid.style.gridTemplateColumns = `repeat(${kw}, 4.2em)`;
      (K[ch] || []).forEach((row, a) => row.forEach((v, b) => {
        const input = asInput(make("input", { type: "number", step: "any", value: formatNumber(v),
          "aria-label": t("iw.weight_cell", { row: a, col: b }), "data-lm-suppress-shortcuts": "true" }, grid));
        input.value = String(v);
        input.addEventListener("change", () => {
          const value = Number(input.value);
          if (input.value.trim() === "" || !Number.isFinite(value)) return;
          /** @type {number[][][]} */
          const old = this.get("kernel") || [];
          const kernel = old.map((c, m) => c.map((r, x) => r.map((w, y) =>
            ((same || m === ch) && x === a && y === b ? value : w))));
          this.set({ kernel, kernel_name: "" });
        });
      }));
    }
  }

  /** @param {ImageConfig} cfg */
  showFormula(cfg) {
    const formula = formulaText(asConfig(cfg), undefined, this.lang);
    const t = this.t;
    this.formulaEl.textContent = "";
    make("div", { class: "iw-note" }, this.formulaEl, t("iw.formula"));
    /** @type {[string, import("./window_core.js").AxisFormula][]} */
    const axes = [["formula.rows", formula.rows], ["formula.cols", formula.cols]];
    for (const [axis, f] of axes) {
      make("div", null, this.formulaEl, "  " + t("formula.axis", { axis: t(axis), formula: f.perSide }));
    }
  }

  /** @returns {[number, number]} the selected feature-map cell, clamped to the map */
  selected() {
    const [oh, ow] = this.cfg ? [this.cfg.oh, this.cfg.ow] : [1, 1];
    const sel = this.get("selected");
    const i = Array.isArray(sel) ? Number(sel[0]) | 0 : 0;
    const j = Array.isArray(sel) ? Number(sel[1]) | 0 : 0;
    return [Math.min(Math.max(0, i), oh - 1), Math.min(Math.max(0, j), ow - 1)];
  }

  /** @param {number[]} cell */
  select([i, j]) {
    this.set({ selected: [i, j] });
  }

  showSelection() {
    if (!this.cfg) return;
    const [i, j] = this.selected();
    this.showCell(i, j, true);
  }

  /**
   * Draw window (i, j) on the picture, mark its cell on the map, fill the insets and the sum.
   * @param {number} i
   * @param {number} j
   * @param {boolean} isSelection false while the mouse hovers another cell
   */
  showCell(i, j, isSelection) {
    const cfg = this.cfg;
    if (!cfg) return;
    const { result, lines } = cellArithmetic(cfg, i, j, this.lang);
    this.drawWindow(this.picture, result.channels[0].terms.map((t) => [t.r, t.c]), "#0072B2");
    const [si, sj] = this.selected();
    /** @type {[number, number, string][]} */
    const marks = [[si, sj, "#1a1a1a"]];
    if (!isSelection) marks.push([i, j, "#0072B2"]);
    this.drawCells(this.map, marks);
    const t = this.t;
    const names = cfg.ci === 3 ? COLOURS.map((colour) => t(colour)) : [""];
    // Filled once per kernel tap on every step: cut the templates up once.
    const tap = sayer(this.lang, "iw.tap");
    const tapPadding = sayer(this.lang, "iw.tap_padding");
    result.channels.forEach((chan, ch) => {
      const cells = this.insetCells[ch];
      chan.terms.forEach((term, n) => {
        const node = cells[n];
        const v = term.pad ? 0 : term.x;
        const g = Math.round(Math.min(1, Math.max(0, v)) * 255);
        // Each channel's values as gray levels (the channel's colour marks its inset).
        node.style.background = term.pad ? "" : `rgb(${g}, ${g}, ${g})`;
        node.classList.toggle("iw-pad", term.pad);
        node.classList.toggle("iw-dark", !term.pad && darkGray(g));
        node.textContent = formatNumber(v);
        node.dataset.w = `×${factorText(term.k)}`;
        const product = `${formatNumber(v)} × ${formatNumber(term.k)}`;
        node.title = `${names[ch]} ${term.pad ? tapPadding({ product })
          : tap({ row: term.r, col: term.c, product })}`;
      });
    });
    const terms = result.channels[0].terms;
    /** @param {"r" | "c"} key */
    const span = (key) => t("iw.span", { first: (terms[0] || { r: 0, c: 0 })[key], last: (terms[terms.length - 1] || { r: 0, c: 0 })[key] });
    const where = t("iw.sum_where", { row: i, col: j, rows: span("r"), cols: span("c") });
    this.sumEl.textContent = `${where}\n${lines.join("\n")}`;
    if (cfg.pool !== "none" && isSelection) {
      const [pi, pj] = pooledCellOf(cfg, i, j);
      this.showPoolCell(pi, pj, true);
    }
    this.picture.base.setAttribute("aria-label", pictureLabel(cfg, i, j, this.lang));
    this.root.dataset.selected = `${i},${j}`;
  }

  // Pooled cell (i, j): its window on the feature map and its max(...) or average.
  // With `keep` the selected window stays marked on the feature map too.
  /**
   * @param {number} i
   * @param {number} j
   * @param {boolean} [keep]
   */
  showPoolCell(i, j, keep) {
    if (!this.poolCfg) return;
    const result = windowTerms(this.poolCfg, 0, i, j);
    /** @type {[number, number, string][]} */
    const marks = (result.channels[0]?.terms || []).map((t) => [t.r, t.c, "#D55E00"]);
    if (keep) marks.push([...this.selected(), "#1a1a1a"]);
    this.drawCells(this.map, marks);
    this.drawCells(this.pooled, [[i, j, "#1a1a1a"]]);
    this.poolSumEl.textContent = this.t("iw.pool_where", { row: i, col: j, sum: formatSum(this.poolCfg, result, this.lang).join("\n") });
  }

  // Outline the window's taps on the picture: the whole extent, and each tap when dilated.
  /**
   * @param {CanvasPair} target
   * @param {number[][]} taps [row, column] of each tap
   * @param {string} colour
   */
  drawWindow(target, taps, colour) {
    const ctx = context2d(target.overlay);
    const ratio = target.overlay.width / (parseFloat(target.overlay.style.width) || 1);
    const unit = target.scale * ratio;
    ctx.clearRect(0, 0, target.overlay.width, target.overlay.height);
    const rs = taps.map((t) => t[0] || 0);
    const cs = taps.map((t) => t[1] || 0);
    const [r0, r1, c0, c1] = [Math.min(...rs), Math.max(...rs), Math.min(...cs), Math.max(...cs)];
    const [or, oc] = [target.offset[0] || 0, target.offset[1] || 0];
    const [x, y, bw, bh] = [(c0 + oc) * unit, (r0 + or) * unit, (c1 - c0 + 1) * unit, (r1 - r0 + 1) * unit];
    ctx.lineWidth = Math.max(2, 2 * ratio);
    ctx.strokeStyle = "#ffffff";
    ctx.strokeRect(x - ctx.lineWidth, y - ctx.lineWidth, bw + 2 * ctx.lineWidth, bh + 2 * ctx.lineWidth);
    ctx.strokeStyle = colour;
    ctx.strokeRect(x, y, bw, bh);
    if (taps.length > 1 && (r1 - r0 + 1) * (c1 - c0 + 1) > taps.length && unit >= 3) {
      ctx.fillStyle = "rgba(0, 114, 178, 0.45)";
      for (const [r, c] of taps) ctx.fillRect(((c || 0) + oc) * unit, ((r || 0) + or) * unit, unit, unit);
    }
  }

  // Outline cells [[row, col, colour], ...] of a map.
  /**
   * @param {CanvasPair} target
   * @param {[number, number, string][]} cells
   */
  drawCells(target, cells) {
    const ctx = context2d(target.overlay);
    const ratio = target.overlay.width / (parseFloat(target.overlay.style.width) || 1);
    const unit = target.scale * ratio;
    ctx.clearRect(0, 0, target.overlay.width, target.overlay.height);
    ctx.lineWidth = Math.max(2, 2 * ratio);
    for (const [r, c, colour] of cells) {
      ctx.strokeStyle = "#ffffff";
      ctx.strokeRect(c * unit - ctx.lineWidth, r * unit - ctx.lineWidth, unit + 2 * ctx.lineWidth, unit + 2 * ctx.lineWidth);
      ctx.strokeStyle = colour;
      ctx.strokeRect(c * unit, r * unit, unit, unit);
    }
  }

  destroy() {
    this.release();
    this.root.remove();
  }
}

/**
 * anywidget's entry point: draw the widget of `model` in `el`.
 * @param {{model: Model, el: HTMLElement}} args
 * @returns {() => void} removes the view
 */
function render({ model, el }) {
  return viewRenderer(View, "iw.could_not_start")({ model, el });
}

export default { render };
