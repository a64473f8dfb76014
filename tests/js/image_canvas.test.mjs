// Tests of image_canvas.js: a canvas pair sized for a map and the window outlined on it, in
// the fake DOM (what is drawn is checked in Chromium).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { canvasPair, drawCells, drawWindow, putPixels, sizeCanvas } from "../../d2l_utils/widgets/image_canvas.js";
import { installDocument } from "./fake_dom.mjs";

test("a canvas pair is a focusable frame of two canvases, sized in CSS pixels per value", () => {
  const doc = installDocument();
  const pair = canvasPair(/** @type {any} */ (doc.body), "iw-map");
  assert.equal(pair.frame.getAttribute("tabindex"), "0");
  assert.deepEqual(pair.frame.children.map((c) => c.tagName), ["CANVAS", "CANVAS"]);
  sizeCanvas(pair, 4, 6, 10, [1, 2]);
  assert.equal(pair.frame.style.width, "60px");
  assert.equal(pair.base.style.height, "40px");
  assert.deepEqual([pair.overlay.width, pair.overlay.height], [60, 40]);
  assert.deepEqual([pair.scale, pair.offset], [10, [1, 2]]);
  putPixels(pair.base, new Uint8ClampedArray(6 * 4 * 4), 6, 4);
  assert.deepEqual([pair.base.width, pair.base.height], [6, 4]);
  assert.doesNotThrow(() => drawWindow(pair, [[0, 0], [0, 2], [2, 0], [2, 2]], "#0072B2"));
  assert.doesNotThrow(() => drawCells(pair, [[1, 1, "#1a1a1a"]]));
});
