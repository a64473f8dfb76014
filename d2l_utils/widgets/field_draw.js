// @ts-check
// FieldExplorer's drawing (DOM): one canvas per layer, a pixel per cell scaled up by CSS,
// the chosen unit's field shaded by path count in every earlier layer.  The texts a
// reader hears (aria-label, title) say the same.

import { SUPPRESS, make } from "./view_parts.js";
import { CHOSEN, OUTSIDE, shade } from "./field_maths.js";

/** @typedef {import("./field_maths.js").Field} Field */

// The 256 shades a share of paths is drawn in (shade(t) at t = n / 255, 0 outside).
const LUT = Array.from({ length: 256 }, (_, n) => shade(n / 255));
/** Longest side, in CSS pixels, of a layer's canvas. */
const SIDE = 180;

/** Shares of the most paths, 0..255 per cell. @param {Float64Array} counts */
function levels(counts) {
  let top = 0;
  for (const c of counts) if (c > top) top = c;
  const out = new Uint8Array(counts.length);
  if (top > 0) {
    for (let n = 0; n < counts.length; n++) {
      const c = counts[n];
      out[n] = c > 0 ? Math.max(1, Math.round((c / top) * 255)) : 0;
    }
  }
  return out;
}

/**
 * A layer's canvas: `cells` per axis, `dims` axes; returns the canvas and its scale.
 * @param {HTMLElement} parent @param {number} cells @param {number} dims @param {string} caption
 */
export function layerCanvas(parent, cells, dims, caption) {
  const box = make("div", { class: "rf-grid" }, parent);
  // Notebook 7's shortcuts take the arrow keys before the canvas's keydown listener unless it
  // opts out (Lumino's data-lm-suppress-shortcuts; seen in tests/browser/test_frontends.py).
  const canvas = /** @type {HTMLCanvasElement} */ (make("canvas", { tabindex: "0", role: "img", ...SUPPRESS }, box));
  canvas.width = cells;
  canvas.height = dims === 2 ? cells : 1;
  const scale = Math.max(1, Math.min(16, Math.floor(SIDE / cells)));
  canvas.style.setProperty("width", `${cells * scale}px`);
  canvas.style.setProperty("height", `${(dims === 2 ? cells : 1) * Math.max(scale, dims === 2 ? 1 : 8)}px`);
  make("span", null, box, caption);
  return { canvas, scale };
}

/**
 * Paint a layer: the field (row counts x column counts) shaded, the unit (if here) marked.
 * @param {HTMLCanvasElement} canvas @param {Float64Array | null} rows @param {Float64Array | null} cols
 * @param {number[] | null} unit [row, col] of the chosen unit in this layer
 */
export function paintLayer(canvas, rows, cols, unit) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const w = canvas.width;
  const h = canvas.height;
  const image = ctx.createImageData(w, h);
  const data = image.data;
  const colLevels = cols ? levels(cols) : new Uint8Array(w);
  const rowLevels = rows ? levels(rows) : Uint8Array.from({ length: h }, () => (cols ? 255 : 0));
  for (let r = 0; r < h; r++) {
    const rl = rowLevels[r];
    let p = r * w * 4;
    for (let c = 0; c < w; c++, p += 4) {
      const colour = rl && colLevels[c] ? LUT[Math.max(1, Math.round((rl * colLevels[c]) / 255))] : OUTSIDE;
      data[p] = colour[0]; data[p + 1] = colour[1]; data[p + 2] = colour[2]; data[p + 3] = 255;
    }
  }
  if (unit) {
    const p = (unit[0] * w + unit[1]) * 4;
    data[p] = CHOSEN[0]; data[p + 1] = CHOSEN[1]; data[p + 2] = CHOSEN[2];
  }
  ctx.putImageData(image, 0, 0);
}

/** Cells of a layer the field covers (non-zero counts). @param {Float64Array} counts */
export function covered(counts) {
  let n = 0;
  for (const c of counts) if (c > 0) n++;
  return n;
}
