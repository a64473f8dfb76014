// @ts-check
// ImageWindow's numbers: the whole feature map on typed arrays (each channel's map, their
// sum and the bias) and its pooling, in d2l_utils.reference's order so they agree to the
// last bit (tests/vectors/image_window.json); the cell a click picks and the words a
// screen reader hears for a window.  No DOM.

import { say } from "./strings.js";
import { windowTerms } from "./window_terms.js";
import { formatSum } from "./window_text.js";
import { asConfig } from "./image_state.js";

/** @typedef {import("./image_state.js").ImageConfig} ImageConfig */
/** @typedef {import("./window_terms.js").Config} Config */
/** @typedef {import("./window_terms.js").WindowResult} WindowResult */
/** @typedef {{maps: Float64Array[], total: Float64Array}} Maps */

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
 *
 * One function of ~70 lines on purpose: it is the hot loop of every redraw (a 512 x 512
 * RGB picture in well under a frame), and V8 keeps its locals in registers only while
 * the loops stay in one function.
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
 * in row-major order and divides once, as window_terms.js's windowTerms.
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
 * window_terms.js's configuration for pooling `map` (oh x ow): windowTerms/formatSum read it.
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
 * The arithmetic of feature-map cell (i, j): window_terms.js's windowTerms and formatSum lines.
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
