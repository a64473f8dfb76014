// @ts-check
// ImageWindow's colours and pixels: the diverging colour map of the feature maps (the
// same 256 colours as image_html.py's), the picture as RGBA bytes, a reader's own picture
// as planar channels, and the gray levels white text reads on.  No DOM.

import { DIVERGING } from "./constants.js";

/** @typedef {import("./image_state.js").ImageConfig} ImageConfig */

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
 * True if white text reads better than black on gray level g (0-255): relative luminance
 * below 0.179, where both reach a contrast of about 4.6 (WCAG AA asks 4.5).
 * @param {number} g
 */
export function darkGray(g) {
  const c = g / 255;
  return (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4) < 0.179;
}
