// The SlidingWindow's pure functions: widget state -> geometry, numbers and text.
// No DOM: Node tests import this module directly (tests/js/), and the views
// (sliding_window.js, ...) import what they draw from it.  anywidget takes one
// module, so d2l_utils/widgets/bundle.py joins this file and a view into the
// `_esm` string.  The numbers and messages are tested against d2l_utils.reference
// through tests/vectors/sliding_window.json.

export const MODES = ["corr", "max", "avg"];
/** Largest input drawn (rows or columns); bigger inputs get a message. */
export const MAX_SIDE = 64;
/** Largest number of input or output channels drawn. */
export const MAX_CHANNELS = 8;

// ---------------------------------------------------------------------------
// Pure functions: state -> numbers and text.  None of them touches the DOM.
// ---------------------------------------------------------------------------

/** Python's text for a tuple of ints: [3, 4] -> "(3, 4)". */
export function tupleText(values) {
  return "(" + values.join(", ") + ")";
}

/** A number as the widget writes it: integers exactly, others to 4 decimals. */
export function formatNumber(v) {
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (typeof v !== "number" || Number.isNaN(v)) return "?";
  if (Object.is(v, -0)) return "0";
  if (Number.isInteger(v)) return String(v);
  const rounded = Number(v.toFixed(4));
  return rounded !== 0 ? String(rounded) : v.toPrecision(3);
}

/** A factor inside a product or sum: negative numbers get parentheses. */
export function factorText(v) {
  const text = formatNumber(v);
  return text.startsWith("-") ? "(" + text + ")" : text;
}

/** Shape of a nested list of finite numbers `depth` levels deep, or null. */
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
  return [value.length, ...inner];
}

class SettingError extends Error {}

function pair(value, name, minimum) {
  const ok = Array.isArray(value) && value.length === 2 &&
    value.every((n) => Number.isInteger(n));
  const shown = Array.isArray(value) ? tupleText(value) : String(value);
  if (!ok) throw new SettingError(`${name} must be an int or a pair of ints, got ${shown}`);
  if (Math.min(...value) < minimum) {
    const kind = minimum === 0 ? "non-negative" : `at least ${minimum}`;
    throw new SettingError(`${name} must be ${kind}, got ${shown}`);
  }
  return [value[0], value[1]];
}

function windowFitsError(h, w, window, padding, dilation, what, kName) {
  const [kh, kw] = window;
  const extent = [(kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1];
  const padded = [h + 2 * padding[0], w + 2 * padding[1]];
  if (extent[0] <= padded[0] && extent[1] <= padded[1]) return null;
  let size = `${what} ${kName} of shape ${tupleText([kh, kw])}`;
  if (extent[0] !== kh || extent[1] !== kw) size += ` (dilated to ${tupleText(extent)})`;
  let where = `input X of shape ${tupleText([h, w])}`;
  if (padded[0] !== h || padded[1] !== w) {
    where += ` padded by ${tupleText(padding)} to ${tupleText(padded)}`;
  }
  return `${size} is larger than ${where}`;
}

/**
 * Check a widget state (the synced traits) and return the geometry it describes.
 *
 * Returns `{ok: true, cfg}` or `{ok: false, error}`; never throws.  The error
 * messages are those of d2l_utils.checks for the same settings.
 */
export function normalize(state) {
  try {
    return { ok: true, cfg: checkedConfig(state || {}) };
  } catch (err) {
    const error = err instanceof SettingError ? err.message : `cannot show these settings (${err})`;
    return { ok: false, error };
  }
}

function checkedConfig(state) {
  const mode = state.mode;
  if (!MODES.includes(mode)) {
    throw new SettingError(`mode must be 'corr', 'max' or 'avg', got '${mode}'`);
  }
  const xNdim = state.x_ndim === 3 ? 3 : 2;
  const xShape4 = nestedShape(state.x, 3);
  if (xShape4 === null) throw new SettingError("X must be a rectangular array of finite numbers");
  const [ci, h, w] = xShape4;
  if (xNdim === 2 && ci !== 1) {
    throw new SettingError(`X must be 2-D with shape (h, w), got ${ci} channels`);
  }
  const xShape = xNdim === 2 ? [h, w] : [ci, h, w];
  if (Math.min(...xShape4) < 1) {
    throw new SettingError(`X must not be empty, got shape ${tupleText(xShape)}`);
  }
  const padding = pair(state.padding, "padding", 0);
  const stride = pair(state.stride, "stride", 1);
  const dilation = pair(state.dilation, "dilation", 1);
  const bias = state.bias === undefined ? 0 : state.bias;
  if (typeof bias !== "number" || !Number.isFinite(bias)) {
    throw new SettingError(`bias must be a finite number, got ${bias}`);
  }
  const cfg = { mode, xNdim, ci, h, w, xShape, X: state.x, padding, stride, dilation, bias };
  if (mode === "corr") {
    const kNdim = state.k_ndim;
    if (![2, 3, 4].includes(kNdim)) throw new SettingError(`k_ndim must be 2, 3 or 4, got ${kNdim}`);
    const kShape4 = nestedShape(state.k, 4);
    if (kShape4 === null) throw new SettingError("K must be a rectangular array of finite numbers");
    const [co, kci, kh, kw] = kShape4;
    const kShape = kShape4.slice(4 - kNdim);
    if (kShape4.slice(0, 4 - kNdim).some((n) => n !== 1)) {
      throw new SettingError(`K with k_ndim ${kNdim} must have a single ${kNdim === 3 ? "output" : "input and output"} channel`);
    }
    if (Math.min(...kShape4) < 1) {
      throw new SettingError(`K must not be empty, got shape ${tupleText(kShape)}`);
    }
    if (kNdim === 2 && xNdim === 3) {
      throw new SettingError(`X of shape ${tupleText(xShape)} has channels, so K must be 3-D with shape (c_i, k_h, k_w) or 4-D with shape (c_o, c_i, k_h, k_w), got shape ${tupleText(kShape)}`);
    }
    if (kNdim > 2 && xNdim === 2) {
      throw new SettingError(`K of shape ${tupleText(kShape)} has input channels, so X must be 3-D with shape (c_i, h, w), got shape ${tupleText(xShape)}`);
    }
    if (kNdim > 2 && kci !== ci) {
      throw new SettingError(`X has ${ci} input channels (shape ${tupleText(xShape)}) but K has ${kci} (shape ${tupleText(kShape)})`);
    }
    const fits = windowFitsError(h, w, [kh, kw], padding, dilation, "kernel", "K");
    if (fits) throw new SettingError(fits);
    Object.assign(cfg, { kNdim, kShape, K: state.k, window: [kh, kw], outChannels: co });
  } else {
    if (dilation[0] !== 1 || dilation[1] !== 1) {
      throw new SettingError(`dilation must be 1 for pooling, got ${tupleText(dilation)}`);
    }
    if (bias !== 0) throw new SettingError(`bias must be 0 for pooling, got ${bias}`);
    const window = pair(state.pool_size, "pool_size", 1);
    if (padding[0] > Math.floor(window[0] / 2) || padding[1] > Math.floor(window[1] / 2)) {
      throw new SettingError(`padding ${tupleText(padding)} must be at most half of pool_size ${tupleText(window)} on each axis`);
    }
    const fits = windowFitsError(h, w, window, padding, dilation, "window", "pool_size");
    if (fits) throw new SettingError(fits);
    Object.assign(cfg, { kNdim: 0, kShape: null, K: null, window, outChannels: ci });
  }
  const [oh, ow] = [0, 1].map((a) => outputSize(
    [h, w][a], cfg.window[a], padding[a], stride[a], dilation[a]));
  if (Math.max(h, w) > MAX_SIDE || Math.max(ci, cfg.outChannels) > MAX_CHANNELS) {
    throw new SettingError(`X of shape ${tupleText(xShape)} is too large to draw here (at most ${MAX_SIDE} rows and columns and ${MAX_CHANNELS} channels)`);
  }
  return Object.assign(cfg, { oh, ow, outputShape: [cfg.outChannels, oh, ow] });
}

/** Output length along one axis: floor((n + 2p - d(k - 1) - 1) / s) + 1. */
export function outputSize(n, k, p, s, d = 1) {
  return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/** Output shape [channels, rows, cols] of a checked configuration. */
export function outputShape(cfg) {
  return cfg.outputShape.slice();
}

/** Input coordinates [[row, col], ...] that output cell (i, j) reads, row-major.
 * Unpadded coordinates: negative or past the edge where the window covers padding. */
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

/** Output cells [[i, j], ...] whose windows read input cell (r, c) (unpadded coordinates). */
export function feedsOutputs(cfg, r, c) {
  const cells = [];
  const rows = axisFeeds(r, cfg.window[0], cfg.padding[0], cfg.stride[0], cfg.dilation[0], cfg.oh);
  const cols = axisFeeds(c, cfg.window[1], cfg.padding[1], cfg.stride[1], cfg.dilation[1], cfg.ow);
  for (const i of rows) for (const j of cols) cells.push([i, j]);
  return cells;
}

function axisFeeds(r, k, p, s, d, n) {
  const out = [];
  for (let a = 0; a < k; a++) {
    const t = r + p - a * d;
    if (t >= 0 && t % s === 0 && t / s < n) out.push(t / s);
  }
  return out.sort((x, y) => x - y);
}

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
 */
export function windowTerms(cfg, co, i, j) {
  const indices = windowIndices(cfg, i, j);
  const channels = [];
  if (cfg.mode === "corr") {
    const K = cfg.K[co];
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

/** The whole output as [channels][rows][cols], computed term by term. */
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
 * The arithmetic of a windowTerms result as lines of text, e.g.
 * "0×0 + 1×1 + 3×2 + 4×3 = 19", "max(0, 1, 3, 4) = 4", "(0 + 1 + 3 + 4) / 4 = 2".
 * With several input channels, one line per channel ("channel 0: ... = 19")
 * and a last line adding them ("19 + 37 = 56").  Padding counts as 0 in
 * sums and averages and is left out of a max.
 */
export function formatSum(cfg, result) {
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
  const products = (ch) => ch.terms.map((t) => `${factorText(t.x)}×${factorText(t.k)}`).join(" + ");
  const biasText = cfg.bias !== 0 ? ` + ${factorText(cfg.bias)}` : "";
  if (result.channels.length === 1) {
    return [`${products(result.channels[0])}${biasText} = ${value}`];
  }
  const lines = result.channels.map(
    (ch) => `channel ${ch.channel}: ${products(ch)} = ${formatNumber(ch.partial)}`);
  const partials = result.channels.map((ch) => factorText(ch.partial)).join(" + ");
  lines.push(`${partials}${biasText} = ${value}`);
  return lines;
}

/**
 * The output-shape formulas with the numbers of `cfg` substituted, per axis.
 *
 * Returns `{rows: {perSide, total, dropped}, cols: {...}}`: `perSide` is
 * floor((n + 2p - d(k - 1) - 1) / s) + 1 with p the padding on each side,
 * `total` is Dive into Deep Learning's floor((n - k + p_t + s) / s) with
 * p_t = 2p the total padding (k the dilated extent), and `dropped` how many
 * rows/columns of the padded input no window reaches.  "floor" is written
 * only when the division is not exact, that is when rows/columns are dropped.
 */
export function formulaText(cfg) {
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
    const div = (top, text) => dropped
      ? `floor(${text} / ${s})`
      : `${text} / ${s}`;
    const perSide = `${div(numerator, `(${n} + 2×${p} - ${d}×(${k} - 1) - 1)`)} + 1 = ` +
      `${div(numerator, String(numerator))} + 1 = ${Math.floor(numerator / s)} + 1 = ${size}`;
    const kText = d === 1 ? String(k) : String(extent);
    const top = n - extent + 2 * p + s;
    const total = `${div(top, `(${n} - ${kText} + ${2 * p} + ${s})`)} = ${div(top, String(top))} = ${size}` +
      (d === 1 ? "" : `   (k = ${d}×(${k} - 1) + 1 = ${extent}, the dilated window)`);
    out[axis] = { perSide, total, dropped, size };
  });
  return out;
}

/** Everything the view shows for a state, or the message to show instead; never throws. */
export function describeState(state) {
  const norm = normalize(state);
  if (!norm.ok) return norm;
  try {
    return { ok: true, cfg: norm.cfg, output: computeOutput(norm.cfg), formula: formulaText(norm.cfg) };
  } catch (err) {
    return { ok: false, error: `cannot show these settings (${err})` };
  }
}

// ---------------------------------------------------------------------------
// State edits (pure): resizing, mode changes.  They return new trait values.
// ---------------------------------------------------------------------------

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

/** Traits for an input of h x w (existing values kept, new cells 0). */
export function resizeInput(state, h, w) {
  return { x: state.x.map((ch) => resized(ch, h, w)) };
}

/** Traits for a kernel / pooling window of kh x kw (new kernel cells 0). */
export function resizeWindow(state, kh, kw) {
  if (state.mode !== "corr") return { pool_size: [kh, kw] };
  return { k: state.k.map((o) => o.map((ch) => resized(ch, kh, kw))) };
}

/** Traits for switching to `mode`, keeping the window size. */
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
  const padding = (state.padding || [0, 0]).map((p, a) => Math.min(p, Math.floor(window[a] / 2)));
  return { mode, k: [], k_ndim: 0, pool_size: window, dilation: [1, 1], bias: 0, padding };
}


// Where a key moves a cursor at (r, c) in a rows x cols grid: arrows step (stopping
// at the edges), Home and End jump to the corners; null for any other key.
export function gridMove(key, r, c, rows, cols) {
  const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  if (key in moves) {
    return [Math.min(rows - 1, Math.max(0, r + moves[key][0])),
      Math.min(cols - 1, Math.max(0, c + moves[key][1]))];
  }
  if (key === "Home") return [0, 0];
  if (key === "End") return [rows - 1, cols - 1];
  return null;
}
