// @ts-check
// The window's geometry and numbers: which input cells each output reads, and the
// multiply-adds (or max / average) behind each output, in the order of
// d2l_utils.reference, so the numbers agree to the last bit (tests/vectors/).  Both
// views read a checked Config (sliding_state.js, image_state.js).  No DOM.

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
