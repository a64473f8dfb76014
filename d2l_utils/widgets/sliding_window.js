// SlidingWindow: a convolution or pooling window sliding over an input, with
// its arithmetic written out.  One self-contained ES module (no imports, no
// build step) for anywidget: `export default { render }`.  Everything shown is
// computed here from the synced traits, so the widget also works in a static
// page with no kernel.  The pure functions exported by name are tested against
// d2l_utils.reference through tests/vectors/sliding_window.json.

const MODES = ["corr", "max", "avg"];
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
function factorText(v) {
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

function inside(cfg, r, c) {
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

// ---------------------------------------------------------------------------
// The view.
// ---------------------------------------------------------------------------

const TRAITS = ["mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride",
  "dilation", "bias", "title", "selected", "out_channel", "playing", "speed", "preset_name",
  "_presets"];

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

const CSS = `
.d2l-sw { --sw-blue: #0072B2; --sw-blue-bg: #d4ebf8; --sw-orange: #D55E00; --sw-orange-bg: #fde3c8;
  --sw-yellow: #E69F00; --sw-grey: #5f6368; --sw-pad-bg: #eeeeee; --sw-cell: 32px; --sw-font: 13px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px;
  color: #1a1a1a; background: #ffffff; border: 1px solid #c8c8c8; border-radius: 6px;
  padding: 10px 12px; margin: 6px 0; max-width: 100%; box-sizing: border-box; line-height: 1.35; }
.d2l-sw * { box-sizing: border-box; }
.d2l-sw .sw-title { font-weight: 600; font-size: 15px; margin-bottom: 6px; }
.d2l-sw .sw-controls { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin-bottom: 8px; }
.d2l-sw .sw-controls label { display: inline-flex; align-items: center; gap: 4px; }
.d2l-sw .sw-controls .sw-group { display: inline-flex; align-items: center; gap: 3px; }
.d2l-sw input[type=number] { width: 3.6em; font: inherit; padding: 1px 3px; color: #1a1a1a; background: #fff; border: 1px solid #8a8a8a; border-radius: 3px; }
.d2l-sw select, .d2l-sw button { font: inherit; color: #1a1a1a; background: #f4f4f4; border: 1px solid #8a8a8a; border-radius: 4px; padding: 2px 8px; }
.d2l-sw button { min-width: 2.2em; cursor: pointer; }
.d2l-sw button.sw-play { min-width: 4.5em; }
.d2l-sw button:hover { background: #e6e6e6; }
.d2l-sw :focus-visible { outline: 3px solid #1a1a1a; outline-offset: 1px; }
.d2l-sw .sw-message { display: none; padding: 8px 10px; margin: 6px 0; border-left: 4px solid var(--sw-orange); background: #fff4ec; }
.d2l-sw .sw-message.sw-show { display: block; }
.d2l-sw .sw-main { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.d2l-sw .sw-main.sw-hidden, .d2l-sw .sw-hidden { display: none; }
.d2l-sw .sw-channel { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; flex-wrap: wrap; }
.d2l-sw .sw-op { font-size: 20px; color: var(--sw-grey); }
.d2l-sw .sw-caption { font-size: 12px; color: #3c3c3c; margin-bottom: 2px; }
.d2l-sw .sw-channel-pick { margin-left: 0.4em; }
.d2l-sw .sw-partial { min-width: 3em; font-variant-numeric: tabular-nums; font-weight: 600; }
.d2l-sw .sw-grid { position: relative; background: #9a9a9a; contain: layout paint style; }
.d2l-sw .sw-cell { position: absolute; width: var(--sw-cell); height: var(--sw-cell); display: flex; align-items: center; justify-content: center;
  background: #fff; font-size: var(--sw-font); font-variant-numeric: tabular-nums; cursor: default; user-select: none; overflow: hidden;
  contain: strict; }
.d2l-sw .sw-edit .sw-cell:not(.sw-pad) { cursor: text; }
.d2l-sw .sw-out .sw-cell { cursor: pointer; }
.d2l-sw .sw-cell.sw-pad { background: var(--sw-pad-bg); color: #595959;
  background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(0,0,0,0.07) 4px 6px); }
/* Highlights change paint only (no font-weight, no size): a step needs no layout. */
.d2l-sw .sw-cell.sw-win { background: var(--sw-blue-bg); box-shadow: inset 0 0 0 2px var(--sw-blue); color: #002b45; }
.d2l-sw .sw-cell.sw-win.sw-pad { background-color: #c3dced; }
.d2l-sw .sw-cell.sw-sel { background: var(--sw-orange-bg); box-shadow: inset 0 0 0 3px var(--sw-orange); color: #4a1c00; }
.d2l-sw .sw-cell.sw-win.sw-argmax { box-shadow: inset 0 0 0 3px var(--sw-orange); background: var(--sw-orange-bg); color: #4a1c00; }
.d2l-sw .sw-cell.sw-feeds { box-shadow: inset 0 0 0 2px var(--sw-orange); background: #fff0e0; }
.d2l-sw .sw-cell.sw-src { box-shadow: inset 0 0 0 3px #1a1a1a; }
/* The window's weights ("×2") are drawn from data-w, so they stay out of the cell's
   visible text and its accessible name stays a match (axe: label-content-name-mismatch). */
.d2l-sw .sw-cell.sw-win[data-w]::after { content: attr(data-w); position: absolute; right: 1px; bottom: 0;
  font-size: 9px; color: #003b5c; font-weight: 600; }
.d2l-sw.sw-small .sw-cell::after { display: none; }
.d2l-sw .sw-out:focus-visible { outline: 2px solid #1a1a1a; outline-offset: 2px; }
.d2l-sw .sw-out:focus-visible .sw-cell.sw-sel { outline: 3px solid #1a1a1a; outline-offset: -3px; }
.d2l-sw .sw-cell:focus-visible { outline: 3px solid #1a1a1a; outline-offset: -3px; z-index: 1; }
.d2l-sw .sw-cell input { width: 100%; height: 100%; border: 0; padding: 0; text-align: center; font: inherit; font-size: var(--sw-font); background: #fffbe6; color: #1a1a1a; }
.d2l-sw .sw-sum { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 14px; background: #f7f7f7;
  border-left: 4px solid var(--sw-blue); padding: 6px 10px; margin: 8px 0; white-space: pre-wrap; word-break: break-word; }
.d2l-sw .sw-player { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
.d2l-sw .sw-player input[type=range] { width: 180px; accent-color: var(--sw-blue); }
.d2l-sw .sw-formula { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; color: #1a1a1a; margin-top: 6px; }
.d2l-sw .sw-formula div { margin: 1px 0; }
.d2l-sw .sw-formula .sw-note { font-family: inherit; color: #3c3c3c; }
.d2l-sw .sw-help { font-size: 12px; color: #3c3c3c; margin-top: 4px; }
.d2l-sw .sw-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

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

class View {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.id = `d2l-sw-${++instances}`;
    this.structureKey = null;
    this.valuesKey = null;
    this.timer = null;
    this.cleanups = [];
    this.root = make("div", { class: "d2l-sw" });
    make("style", null, this.root, CSS);
    this.buildStatic();
    el.appendChild(this.root);
    this.batching = false;
    this.onChange = () => { if (!this.batching) this.refresh(); };
    this.onSelect = () => { if (!this.batching) this.showSelection(); };
    for (const name of TRAITS) {
      const handler = name === "selected" ? this.onSelect : this.onChange;
      model.on(`change:${name}`, handler);
      this.cleanups.push(() => model.off(`change:${name}`, handler));
    }
    if (this.get("playing")) this.set({ playing: false }); // never autoplay
    this.refresh();
  }

  get(name) {
    try { return this.model.get(name); } catch (err) { return undefined; }
  }

  // Write traits, tell the kernel if there is one, and redraw (also when the
  // model does not echo change events, e.g. a static page or a test double).
  set(values) {
    this.batching = true; // one redraw below, not one per trait
    try {
      for (const [key, value] of Object.entries(values)) {
        try { this.model.set(key, value); } catch (err) { /* keep drawing */ }
      }
    } finally {
      this.batching = false;
    }
    try { this.model.save_changes(); } catch (err) { /* no kernel: nothing to save to */ }
    if (Object.keys(values).length === 1 && "selected" in values) this.showSelection();
    else this.refresh();
  }

  state() {
    const state = {};
    for (const name of TRAITS) state[name] = this.get(name);
    return state;
  }

  buildStatic() {
    const root = this.root;
    this.titleEl = make("div", { class: "sw-title" }, root);
    const controls = make("div", { class: "sw-controls", role: "group", "aria-label": "Settings" }, root);
    const presetLabel = make("label", null, controls, "Preset ");
    this.presetSelect = make("select", { "aria-label": "Preset" }, presetLabel);
    this.presetSelect.addEventListener("change", () => this.applyPreset(this.presetSelect.value));
    const modeLabel = make("label", null, controls, "Operation ");
    this.modeSelect = make("select", { "aria-label": "Operation" }, modeLabel);
    for (const [value, text] of [["corr", "cross-correlation"], ["max", "max pooling"], ["avg", "average pooling"]]) {
      make("option", { value }, this.modeSelect, text);
    }
    this.modeSelect.addEventListener("change", () =>
      this.edit(switchMode(this.state(), this.modeSelect.value)));
    this.numbers = {};
    const pairControl = (name, text, min, max, onChange) => {
      const group = make("span", { class: "sw-group", role: "group", "aria-label": text }, controls);
      make("span", null, group, text);
      this.numbers[name] = ["rows", "columns"].map((axis, a) => {
        const input = make("input", { type: "number", min: String(min), max: String(max), step: "1",
          "aria-label": `${text}, ${axis}`, title: `${text} (${axis})` }, group);
        input.addEventListener("change", () => {
          const values = this.numbers[name].map((box) => Number(box.value));
          if (values.every((v) => Number.isInteger(v))) onChange(values);
        });
        if (a === 0) make("span", { "aria-hidden": "true" }, group, "×");
        return input;
      });
    };
    pairControl("input", "Input", 1, MAX_SIDE, ([h, w]) => this.edit(resizeInput(this.state(), h, w)));
    pairControl("window", "Window", 1, 16, ([kh, kw]) => this.edit(resizeWindow(this.state(), kh, kw)));
    pairControl("padding", "Padding", 0, 16, (v) => this.edit({ padding: v }));
    pairControl("stride", "Stride", 0, 16, (v) => this.edit({ stride: v }));
    pairControl("dilation", "Dilation", 0, 8, (v) => this.edit({ dilation: v }));
    const biasLabel = make("label", null, controls, "Bias ");
    this.biasInput = make("input", { type: "number", step: "any", "aria-label": "Bias" }, biasLabel);
    this.biasInput.addEventListener("change", () => {
      const v = Number(this.biasInput.value);
      if (this.biasInput.value.trim() !== "" && Number.isFinite(v)) this.edit({ bias: v });
    });
    this.message = make("div", { class: "sw-message", role: "status" }, root);
    this.main = make("div", { class: "sw-main" }, root);
    this.channelsEl = make("div", { class: "sw-channels" }, this.main);
    this.outBox = make("div", { class: "sw-outbox" }, this.main);
    this.sumEl = make("div", { class: "sw-sum", "aria-live": "polite", "aria-atomic": "true",
      "aria-label": "Arithmetic of the selected output" }, root);
    const player = make("div", { class: "sw-player", role: "group", "aria-label": "Step through the output" }, root);
    const button = (text, label, action) => {
      const b = make("button", { type: "button", "aria-label": label, title: label }, player, text);
      b.addEventListener("click", action);
      return b;
    };
    button("|◀", "First position", () => this.moveTo(0));
    button("◀", "Step back", () => this.step(-1));
    this.playButton = button("Play", "Play", () => this.togglePlay());
    this.playButton.classList.add("sw-play");
    button("▶", "Step forward", () => this.step(1));
    button("▶|", "Last position", () => this.moveTo(Infinity));
    const scrubLabel = make("label", null, player, "Position ");
    this.scrub = make("input", { type: "range", min: "0", max: "0", step: "1", "aria-label": "Output position" }, scrubLabel);
    this.scrub.addEventListener("input", () => this.moveTo(Number(this.scrub.value)));
    const speedLabel = make("label", null, player, "Speed ");
    this.speedSelect = make("select", { "aria-label": "Steps per second" }, speedLabel);
    for (const v of [0.5, 1, 2, 4, 8]) make("option", { value: String(v) }, this.speedSelect, `${v} / s`);
    this.speedSelect.addEventListener("change", () => {
      this.set({ speed: Number(this.speedSelect.value) });
      if (this.timer !== null) this.startTimer();
    });
    this.formulaEl = make("div", { class: "sw-formula", "aria-label": "Output shape" }, root);
    make("div", { class: "sw-help" }, root,
      "Arrow keys on the output move the window, Home/End jump to the first/last position. " +
      "Hover or focus an input cell to see every output it feeds. Click a number (or press Enter on it) to edit it.");
  }

  // Apply an edit made in the widget: it is no longer a preset.
  edit(values) {
    this.stop();
    this.set(Object.assign({ preset_name: "" }, values));
  }

  applyPreset(name) {
    const presets = this.get("_presets") || {};
    if (!presets[name]) return;
    this.stop();
    this.set(Object.assign({}, presets[name], { preset_name: name, selected: [0, 0], out_channel: 0 }));
  }

  refresh() {
    let described;
    try {
      described = describeState(this.state());
      this.syncControls(described);
      if (!described.ok) {
        this.stop();
        this.message.textContent = described.error;
        this.message.classList.add("sw-show");
        for (const node of [this.main, this.sumEl, this.formulaEl]) node.classList.add("sw-hidden");
        this.structureKey = null;
        return;
      }
      this.message.classList.remove("sw-show");
      for (const node of [this.main, this.sumEl, this.formulaEl]) node.classList.remove("sw-hidden");
      this.described = described;
      const cfg = described.cfg;
      this.channel = Math.min(Math.max(0, this.get("out_channel") | 0), cfg.outChannels - 1);
      const key = JSON.stringify([cfg.mode, cfg.xShape, cfg.kShape, cfg.window, cfg.padding,
        cfg.stride, cfg.dilation, cfg.outChannels]);
      if (key !== this.structureKey) {
        this.build(cfg);
        this.structureKey = key;
        this.valuesKey = null;
      }
      const valuesKey = JSON.stringify([cfg.X, cfg.K, cfg.bias, this.channel]);
      if (valuesKey !== this.valuesKey) {
        this.fillValues();
        this.valuesKey = valuesKey;
      }
      this.showFormula(described.formula, cfg);
      this.showSelection();
    } catch (err) {
      this.message.textContent = `Something went wrong drawing these settings: ${err}`;
      this.message.classList.add("sw-show");
    }
  }

  syncControls(described) {
    const state = this.state();
    this.titleEl.textContent = state.title || "";
    this.titleEl.classList.toggle("sw-hidden", !state.title);
    const presets = state._presets || {};
    const names = ["", ...Object.keys(presets)];
    if (this.presetSelect.options.length !== names.length) {
      this.presetSelect.textContent = "";
      for (const name of names) make("option", { value: name }, this.presetSelect, name || "(custom)");
    }
    this.presetSelect.value = presets[state.preset_name] ? state.preset_name : "";
    this.modeSelect.value = MODES.includes(state.mode) ? state.mode : "corr";
    const xShape = nestedShape(state.x, 3);
    const kShape = nestedShape(state.k, 4);
    const setPair = (name, values) => {
      if (!Array.isArray(values)) return;
      this.numbers[name].forEach((box, a) => {
        if (document.activeElement !== box) box.value = String(values[a]);
      });
    };
    if (xShape) setPair("input", xShape.slice(1));
    setPair("window", state.mode === "corr" ? (kShape ? kShape.slice(2) : null) : state.pool_size);
    setPair("padding", state.padding);
    setPair("stride", state.stride);
    setPair("dilation", state.dilation);
    const pooling = state.mode !== "corr";
    this.numbers.dilation.forEach((box) => { box.disabled = pooling; });
    this.biasInput.disabled = pooling;
    if (document.activeElement !== this.biasInput) this.biasInput.value = String(state.bias || 0);
    this.speedSelect.value = String(state.speed || 2);
    if (!this.speedSelect.value) this.speedSelect.value = "2";
  }

  // Build the grids for a new geometry.  Per step only classes and text change.
  build(cfg) {
    this.channelsEl.textContent = "";
    this.outBox.textContent = "";
    const side = Math.max(cfg.h + 2 * cfg.padding[0], cfg.w + 2 * cfg.padding[1], cfg.oh, cfg.ow);
    const cell = Math.max(18, Math.min(36, Math.floor(440 / side)));
    this.cellSize = cell;
    this.root.style.setProperty("--sw-cell", `${cell}px`);
    this.root.classList.toggle("sw-small", cell < 28);
    this.root.style.setProperty("--sw-font", `${Math.max(8, Math.min(14, Math.round(cell * 0.4)))}px`);
    const corr = cfg.mode === "corr";
    const shownChannels = corr ? cfg.ci : 1;
    this.inputGrids = [];
    this.kernelGrids = [];
    this.partialEls = [];
    for (let ch = 0; ch < shownChannels; ch++) {
      const row = make("div", { class: "sw-channel" }, this.channelsEl);
      const inBox = make("div", null, row);
      const inCaption = corr && cfg.ci > 1 ? `input channel ${ch}` : "input";
      this.inputCaption = make("div", { class: "sw-caption" }, inBox, inCaption);
      this.inputGrids.push(this.makeInputGrid(cfg, inBox, ch, inCaption));
      if (corr) {
        make("div", { class: "sw-op", "aria-hidden": "true" }, row, "⋆");
        const kBox = make("div", null, row);
        const kCaption = cfg.ci > 1 ? `kernel, channel ${ch}` : "kernel";
        this.kernelCaption = make("div", { class: "sw-caption" }, kBox, kCaption);
        this.kernelGrids.push(this.makeKernelGrid(cfg, kBox, ch, kCaption));
        if (cfg.ci > 1) {
          make("div", { class: "sw-op", "aria-hidden": "true" }, row, "→");
          this.partialEls.push(make("div", { class: "sw-partial", title: "partial sum of this channel" }, row));
        }
      }
    }
    const head = make("div", { class: "sw-caption" }, this.outBox);
    this.outCaption = make("span", null, head, "output");
    if (cfg.outChannels > 1) {
      const label = make("label", { class: "sw-channel-pick" }, head, "channel ");
      this.channelSelect = make("select", { "aria-label": "Output channel" }, label);
      for (let c = 0; c < cfg.outChannels; c++) make("option", { value: String(c) }, this.channelSelect, String(c));
      this.channelSelect.addEventListener("change", () => {
        this.set({ out_channel: Number(this.channelSelect.value) });
      });
    } else {
      this.channelSelect = null;
    }
    this.outGrid = this.makeOutputGrid(cfg, this.outBox);
    this.scrub.max = String(cfg.oh * cfg.ow - 1);
    this.windowCells = [];
    this.selectedCell = null;
    this.feedCells = [];
  }

  makeGrid(parent, rows, cols, label, extraClass) {
    const grid = make("div", { class: `sw-grid ${extraClass || ""}`, role: "grid", "aria-label": label,
      "aria-rowcount": String(rows), "aria-colcount": String(cols) }, parent);
    // Absolutely placed cells of fixed size: each is its own layout root, so a
    // step restyles ~2 windows of cells without laying out the whole grid.
    const step = this.cellSize + 1;
    grid.style.width = `${cols * step + 1}px`;
    grid.style.height = `${rows * step + 1}px`;
    const cells = [];
    for (let r = 0; r < rows; r++) {
      const rowEl = make("div", { role: "row", style: "display: contents" }, grid);
      const row = [];
      for (let c = 0; c < cols; c++) {
        const cell = make("div", { class: "sw-cell", role: "gridcell", tabindex: "-1",
          "aria-rowindex": String(r + 1), "aria-colindex": String(c + 1) }, rowEl);
        cell.style.left = `${c * step + 1}px`;
        cell.style.top = `${r * step + 1}px`;
        cell.dataset.r = String(r);
        cell.dataset.c = String(c);
        row.push(cell);
      }
      cells.push(row);
    }
    if (cells.length) cells[0][0].tabIndex = 0;
    grid.addEventListener("keydown", (event) => this.gridKeys(event, cells, grid));
    return { grid, cells };
  }

  // Arrow keys move the focus inside an input or kernel grid (roving tabindex).
  gridKeys(event, cells, grid) {
    const cell = event.target.closest && event.target.closest(".sw-cell");
    if (!cell || event.target.tagName === "INPUT") return;
    if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      cell.click();
      return;
    }
    const target = gridMove(event.key, Number(cell.dataset.r), Number(cell.dataset.c),
      cells.length, cells[0].length);
    if (!target) return;
    const [r, c] = target;
    event.preventDefault();
    cell.tabIndex = -1;
    cells[r][c].tabIndex = 0;
    cells[r][c].focus();
  }

  // The output grid keeps the focus itself and points at the selected cell with
  // aria-activedescendant: a step then moves no DOM focus, which is costly.
  outputKeys(event) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      this.togglePlay();
      return;
    }
    const target = gridMove(event.key, ...this.selected(), cfg.oh, cfg.ow);
    if (!target) return;
    const [i, j] = target;
    event.preventDefault();
    this.stop();
    this.select(i, j, true);
  }

  makeInputGrid(cfg, parent, ch, caption) {
    const [ph, pw] = cfg.padding;
    const rows = cfg.h + 2 * ph;
    const cols = cfg.w + 2 * pw;
    const { grid, cells } = this.makeGrid(parent, rows, cols,
      `${caption}, ${cfg.h} by ${cfg.w}` + (ph || pw ? `, padded by ${ph} and ${pw}` : ""), "sw-edit sw-in");
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const cell = cells[r][c];
        const pad = r < ph || c < pw || r >= ph + cfg.h || c >= pw + cfg.w;
        cell.classList.toggle("sw-pad", pad);
        this.inputCellContent(cell, cfg);
      }
    }
    const source = (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (cell) this.showFeeds(Number(cell.dataset.r) - ph, Number(cell.dataset.c) - pw, cell);
    };
    grid.addEventListener("mouseover", source);
    grid.addEventListener("focusin", source);
    grid.addEventListener("mouseleave", () => this.showFeeds(null));
    grid.addEventListener("focusout", () => this.showFeeds(null));
    grid.addEventListener("click", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (!cell || cell.classList.contains("sw-pad") || event.target.tagName === "INPUT") return;
      const r = Number(cell.dataset.r) - ph;
      const c = Number(cell.dataset.c) - pw;
      const xc = cfg.mode === "corr" ? ch : this.channel;
      this.editCell(cell, this.described.cfg.X[xc][r][c], (node) => this.inputCellContent(node, cfg), (v) => {
        const x = this.described.cfg.X.map((chan) => chan.map((row) => row.slice()));
        x[xc][r][c] = v;
        this.edit({ x });
      });
    });
    return { grid, cells };
  }

  inputCellContent(cell, cfg) {
    make("span", { class: "sw-v" }, cell);
  }

  makeKernelGrid(cfg, parent, ch, caption) {
    const [kh, kw] = cfg.window;
    const { grid, cells } = this.makeGrid(parent, kh, kw, `${caption}, ${kh} by ${kw}`, "sw-edit sw-kernel");
    for (const row of cells) for (const cell of row) cell.classList.add("sw-win");
    grid.addEventListener("click", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (!cell || event.target.tagName === "INPUT") return;
      const a = Number(cell.dataset.r);
      const b = Number(cell.dataset.c);
      const co = this.channel;
      this.editCell(cell, this.described.cfg.K[co][ch][a][b], () => {}, (v) => {
        const k = this.described.cfg.K.map((o) => o.map((chan) => chan.map((row) => row.slice())));
        k[co][ch][a][b] = v;
        this.edit({ k });
      });
    });
    return { grid, cells };
  }

  makeOutputGrid(cfg, parent) {
    const { grid, cells } = this.makeGrid(parent, cfg.oh, cfg.ow,
      `output, ${cfg.oh} by ${cfg.ow}; arrow keys move the window`);
    grid.classList.add("sw-out");
    grid.tabIndex = 0;
    cells.forEach((row, r) => row.forEach((cell, c) => {
      cell.removeAttribute("tabindex");
      cell.id = `${this.id}-out-${r}-${c}`;
    }));
    grid.addEventListener("keydown", (event) => this.outputKeys(event));
    grid.addEventListener("mouseover", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (cell) this.showCell(Number(cell.dataset.r), Number(cell.dataset.c));
    });
    grid.addEventListener("mouseleave", () => this.showSelection());
    grid.addEventListener("click", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (cell) { this.stop(); this.select(Number(cell.dataset.r), Number(cell.dataset.c), true); }
    });
    return { grid, cells };
  }

  // Put a text box in a cell; Enter or leaving it commits, Escape cancels.
  editCell(cell, value, restore, commit) {
    if (cell.querySelector("input")) return;
    const box = make("input", { type: "text", inputmode: "decimal", "aria-label": "New value" });
    box.value = formatNumber(value);
    cell.textContent = "";
    cell.appendChild(box);
    box.focus();
    box.select();
    let done = false;
    const finish = (save, refocus) => {
      if (done) return;
      done = true;
      const raw = box.value.trim().replace(/^\u2212/, "-");
      const v = Number(raw);
      const ok = save && raw !== "" && Number.isFinite(v);
      cell.textContent = "";
      restore(cell);
      this.valuesKey = null; // write the numbers back into the cell
      if (ok && v !== value) commit(v);
      else this.refresh();
      if (save && !ok && raw !== formatNumber(value)) {
        this.message.textContent = `"${raw}" is not a number; the value stays ${formatNumber(value)}.`;
        this.message.classList.add("sw-show");
      }
      if (refocus && cell.isConnected) { cell.tabIndex = 0; cell.focus(); }
    };
    box.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") { event.preventDefault(); finish(true, true); }
      if (event.key === "Escape") { event.preventDefault(); finish(false, true); }
    });
    box.addEventListener("blur", () => finish(true, false));
  }

  fillValues() {
    const { cfg, output } = this.described;
    const [ph, pw] = cfg.padding;
    const corr = cfg.mode === "corr";
    this.inputGrids.forEach(({ cells }, n) => {
      const ch = corr ? n : this.channel;
      for (let r = 0; r < cells.length; r++) {
        for (let c = 0; c < cells[r].length; c++) {
          const xr = r - ph;
          const xc = c - pw;
          const v = inside(cfg, xr, xc) ? cfg.X[ch][xr][xc] : null;
          const text = v === null ? (cfg.mode === "max" ? "-∞" : "0") : formatNumber(v);
          const cell = cells[r][c];
          cell.firstChild.textContent = text;
          cell.setAttribute("aria-label", v === null
            ? `padding ${text}, row ${xr}, column ${xc}` : `${text}, row ${xr}, column ${xc}`);
        }
      }
    });
    if (!corr && this.inputCaption) {
      this.inputCaption.textContent = cfg.ci > 1 ? `input channel ${this.channel}` : "input";
    }
    this.kernelGrids.forEach(({ cells }, ch) => {
      const K = cfg.K[this.channel][ch];
      cells.forEach((row, a) => row.forEach((cell, b) => {
        cell.textContent = formatNumber(K[a][b]);
        cell.setAttribute("aria-label", `weight ${formatNumber(K[a][b])}, row ${a}, column ${b}`);
      }));
    });
    const Y = output[this.channel];
    this.outGrid.cells.forEach((row, i) => row.forEach((cell, j) => {
      cell.textContent = formatNumber(Y[i][j]);
      cell.setAttribute("aria-label", `output ${formatNumber(Y[i][j])}, row ${i}, column ${j}`);
    }));
    if (this.channelSelect) this.channelSelect.value = String(this.channel);
    this.outCaption.textContent = cfg.mode === "corr" ? "output" + (cfg.bias ? ` (bias ${formatNumber(cfg.bias)} added)` : "")
      : `${cfg.mode === "max" ? "max" : "average"} pooling output`;
  }

  selected() {
    const cfg = this.described.cfg;
    const sel = this.get("selected");
    const i = Array.isArray(sel) ? Number(sel[0]) | 0 : 0;
    const j = Array.isArray(sel) ? Number(sel[1]) | 0 : 0;
    return [Math.min(Math.max(0, i), cfg.oh - 1), Math.min(Math.max(0, j), cfg.ow - 1)];
  }

  select(i, j, focus) {
    this.set({ selected: [i, j] });
    const grid = this.outGrid && this.outGrid.grid;
    if (focus && grid && document.activeElement !== grid) grid.focus({ preventScroll: true });
  }

  showSelection() {
    if (!this.described || this.structureKey === null) return;
    const [i, j] = this.selected();
    this.showCell(i, j);
    this.outGrid.grid.setAttribute("aria-activedescendant", this.outGrid.cells[i][j].id);
    this.scrub.value = String(i * this.described.cfg.ow + j);
    this.scrub.setAttribute("aria-valuetext", `row ${i}, column ${j}`);
  }

  // Highlight the window of output cell (i, j) and write out its arithmetic.
  showCell(i, j) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    for (const cell of this.windowCells) {
      cell.classList.remove("sw-win", "sw-argmax");
      delete cell.dataset.w;
    }
    this.windowCells = [];
    if (this.selectedCell) this.selectedCell.classList.remove("sw-sel");
    const result = windowTerms(cfg, this.channel, i, j);
    const [ph, pw] = cfg.padding;
    result.channels.forEach((chan, n) => {
      const grid = this.inputGrids[cfg.mode === "corr" ? n : 0];
      for (const t of chan.terms) {
        const cell = grid.cells[t.r + ph][t.c + pw];
        cell.classList.add("sw-win");
        if (cfg.mode === "max" && !t.pad && t.x === result.value) cell.classList.add("sw-argmax");
        if (t.k !== null) cell.dataset.w = `×${factorText(t.k)}`;
        this.windowCells.push(cell);
      }
      if (this.partialEls[n]) this.partialEls[n].textContent = `= ${formatNumber(chan.partial)}`;
    });
    this.selectedCell = this.outGrid.cells[i][j];
    this.selectedCell.classList.add("sw-sel");
    const where = `output${cfg.outChannels > 1 ? ` channel ${this.channel},` : ""} row ${i}, column ${j}`;
    this.sumEl.textContent = `${where}:\n${formatSum(cfg, result).join("\n")}`;
  }

  // Input cell (r, c) (unpadded coordinates) hovered or focused: mark every output it feeds.
  showFeeds(r, c, cell) {
    for (const node of this.feedCells) node.classList.remove("sw-feeds", "sw-src");
    this.feedCells = [];
    if (r === null || !this.described) return;
    cell.classList.add("sw-src");
    this.feedCells.push(cell);
    for (const [i, j] of feedsOutputs(this.described.cfg, r, c)) {
      const out = this.outGrid.cells[i][j];
      out.classList.add("sw-feeds");
      this.feedCells.push(out);
    }
  }

  showFormula(formula, cfg) {
    this.formulaEl.textContent = "";
    make("div", { class: "sw-note" }, this.formulaEl,
      "Output size per axis, with p the padding on each side (MXNet, PyTorch): floor((n + 2p - d(k - 1) - 1) / s) + 1");
    for (const [axis, f] of Object.entries(formula)) make("div", null, this.formulaEl, `  ${axis}: ${f.perSide}`);
    make("div", { class: "sw-note" }, this.formulaEl,
      "Dive into Deep Learning's form, with p the total padding (2 × per side): floor((n - k + p + s) / s)");
    for (const [axis, f] of Object.entries(formula)) make("div", null, this.formulaEl, `  ${axis}: ${f.total}`);
    const names = { rows: ["row", "rows", "bottom"], cols: ["column", "columns", "right"] };
    const dropped = Object.entries(formula).filter(([, f]) => f.dropped > 0).map(([axis, f]) => {
      const [one, many, side] = names[axis];
      return `${f.dropped === 1 ? `the last ${one}` : `the last ${f.dropped} ${many}`} (${side})`;
    });
    if (dropped.length) {
      make("div", { class: "sw-note" }, this.formulaEl,
        `The stride does not fit evenly: no window reaches ${dropped.join(" or ")} of the padded input, so floor() leaves them out.`);
    }
    void cfg;
  }

  positions() {
    const cfg = this.described.cfg;
    return cfg.oh * cfg.ow;
  }

  moveTo(position) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    const n = Math.min(Math.max(0, position), this.positions() - 1);
    this.set({ selected: [Math.floor(n / cfg.ow), n % cfg.ow] });
  }

  step(delta) {
    if (!this.described || this.structureKey === null) return false;
    const [i, j] = this.selected();
    const n = i * this.described.cfg.ow + j + delta;
    if (n < 0 || n >= this.positions()) return false;
    this.moveTo(n);
    return true;
  }

  togglePlay() {
    if (this.timer !== null) { this.stop(); return; }
    if (!this.described || this.structureKey === null) return;
    const [i, j] = this.selected();
    if (i * this.described.cfg.ow + j >= this.positions() - 1) this.moveTo(0);
    this.startTimer();
    this.showPlaying(true);
  }

  // The play button says what pressing it does; the model records whether it plays.
  showPlaying(playing) {
    const label = playing ? "Pause" : "Play";
    this.playButton.textContent = label;
    this.playButton.setAttribute("aria-label", label);
    this.playButton.title = label;
    this.set({ playing });
  }

  startTimer() {
    if (this.timer !== null) clearInterval(this.timer);
    const speed = Number(this.get("speed")) > 0 ? Number(this.get("speed")) : 2;
    this.timer = setInterval(() => { if (!this.step(1)) this.stop(); }, 1000 / speed);
  }

  stop() {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.showPlaying(false);
  }

  destroy() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const cleanup of this.cleanups) {
      try { cleanup(); } catch (err) { /* model already gone */ }
    }
    this.root.remove();
  }
}

function render({ model, el }) {
  try {
    const view = new View(model, el);
    return () => view.destroy();
  } catch (err) {
    const box = document.createElement("div");
    box.textContent = `The sliding-window widget could not start: ${err}`;
    el.appendChild(box);
    return () => box.remove();
  }
}

export default { render };
