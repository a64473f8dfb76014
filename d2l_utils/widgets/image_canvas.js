// @ts-check
// The image view's canvases (DOM): a picture or map drawn one canvas pixel per value and
// scaled by CSS, with an overlay canvas on which the window and the selected cells are
// outlined.

import { make } from "./view_parts.js";

/**
 * A canvas with an overlay canvas for the window, in a focusable frame; `scale` CSS
 * pixels per value, `offset` the padding rows and columns drawn before the values.
 * @typedef {{frame: HTMLElement, base: HTMLCanvasElement, overlay: HTMLCanvasElement,
 *   scale: number, offset: number[]}} CanvasPair
 */

/**
 * @param {HTMLCanvasElement} canvas
 * @returns {CanvasRenderingContext2D}
 */
export function context2d(canvas) {
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser gives no 2-D canvas");
  return ctx;
}

// A canvas for the picture or a map, and an overlay canvas for the window drawn on it.
/**
 * @param {HTMLElement} parent
 * @param {string} cls
 * @returns {CanvasPair}
 */
export function canvasPair(parent, cls) {
  const frame = make("div", { class: `iw-frame ${cls}`, tabindex: "0",
    "data-lm-suppress-shortcuts": "true", role: "group" }, parent);
  const base = /** @type {HTMLCanvasElement} */ (make("canvas", { class: "iw-base", role: "img" }, frame));
  const overlay = /** @type {HTMLCanvasElement} */ (make("canvas", { class: "iw-overlay", "aria-hidden": "true" }, frame));
  return { frame, base, overlay, scale: 1, offset: [0, 0] };
}

// Size a canvas pair for rows x cols cells of `scale` CSS pixels.
/**
 * @param {CanvasPair} target
 * @param {number} rows
 * @param {number} cols
 * @param {number} scale
 * @param {number[]} offset
 */
export function sizeCanvas(target, rows, cols, scale, offset) {
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
export function putPixels(canvas, rgba, cols, rows) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const data = /** @type {Uint8ClampedArray<ArrayBuffer>} */ (rgba);
  context2d(canvas).putImageData(new ImageData(data, cols, rows), 0, 0);
}

// Outline the window's taps on the picture: the whole extent, and each tap when dilated.
/**
 * @param {CanvasPair} target
 * @param {number[][]} taps [row, column] of each tap
 * @param {string} colour
 * @param {string} [halo] the line around it, apart from the picture
 */
export function drawWindow(target, taps, colour, halo = "#ffffff") {
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
  ctx.strokeStyle = halo;
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
 * @param {string} [halo]
 */
export function drawCells(target, cells, halo = "#ffffff") {
  const ctx = context2d(target.overlay);
  const ratio = target.overlay.width / (parseFloat(target.overlay.style.width) || 1);
  const unit = target.scale * ratio;
  ctx.clearRect(0, 0, target.overlay.width, target.overlay.height);
  ctx.lineWidth = Math.max(2, 2 * ratio);
  for (const [r, c, colour] of cells) {
    ctx.strokeStyle = halo;
    ctx.strokeRect(c * unit - ctx.lineWidth, r * unit - ctx.lineWidth, unit + 2 * ctx.lineWidth, unit + 2 * ctx.lineWidth);
    ctx.strokeStyle = colour;
    ctx.strokeRect(c * unit, r * unit, unit, unit);
  }
}
