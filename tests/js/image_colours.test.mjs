// Tests of image_colours.js: the colour map (the static picture's 256 colours), gray levels,
// and a reader's own picture as planes.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { UPLOAD_SIDE } from "../../d2l_utils/widgets/constants.js";
import { colourMap, darkGray, divergingColor, divergingLUT, fitSize, luma, planarFromRGBA, valueRange } from "../../d2l_utils/widgets/image_colours.js";
import { imageVectors as vectors } from "./vectors.mjs";

test("gray levels use Pillow's integer luma; planes come out channel-first", () => {
  assert.equal(luma(255, 255, 255), 255);
  assert.equal(luma(255, 0, 0), 76);
  assert.equal(luma(0, 255, 0), 150);
  assert.equal(luma(0, 0, 255), 29);
  const rgba = new Uint8Array([10, 20, 30, 255, 40, 50, 60, 255]);
  assert.deepEqual(Array.from(planarFromRGBA(rgba, 2, 1, 3)), [10, 40, 20, 50, 30, 60]);
  assert.deepEqual(Array.from(planarFromRGBA(rgba, 2, 1, 1)), [luma(10, 20, 30), luma(40, 50, 60)]);
});

test("own pictures are scaled down to the upload side, never up", () => {
  assert.deepEqual(fitSize(1024, 512, UPLOAD_SIDE), [256, 128]);
  assert.deepEqual(fitSize(100, 40, UPLOAD_SIDE), [100, 40]);
  assert.deepEqual(fitSize(5000, 3, 256), [256, 1]);
});

test("the diverging colours: purple below zero, near white at zero, orange above", () => {
  assert.deepEqual(divergingColor(0), [0x2d, 0x00, 0x4b]);
  assert.deepEqual(divergingColor(0.5), [0xf7, 0xf7, 0xf7]);
  assert.deepEqual(divergingColor(1), [0x7f, 0x3b, 0x08]);
  const rgba = colourMap(new Float64Array([-2, 0, 2]), 2);
  assert.deepEqual(Array.from(rgba.subarray(0, 4)), [0x2d, 0x00, 0x4b, 255]);
  assert.deepEqual(Array.from(rgba.subarray(8, 12)), [0x7f, 0x3b, 0x08, 255]);
  assert.deepEqual(valueRange(new Float64Array([-1, 3])), { min: -1, max: 3, limit: 3 });
  assert.equal(valueRange(new Float64Array([0, 0])).limit, 1);
});

test("the 256 colours are those of the static picture (image_html.py)", () => {
  const lut = divergingLUT();
  vectors.colours.forEach((rgb, n) => assert.deepEqual(Array.from(lut.subarray(3 * n, 3 * n + 3)), rgb, `colour ${n}`));
  const words = colourMap(new Float64Array([-1, -0.5, 0, 0.25, 1]), 1);
  [[-1, 0], [-0.5, 64], [0, 128], [0.25, 159], [1, 255]].forEach(([v, n], m) => assert.deepEqual(
    Array.from(words.subarray(4 * m, 4 * m + 3)), vectors.colours[n], `value ${v}`));
});

test("inset text is white on gray levels below luminance 0.179, black above", () => {
  assert.equal(darkGray(0), true);
  assert.equal(darkGray(117), true);   // luminance 0.178
  assert.equal(darkGray(118), false);  // luminance 0.181
  assert.equal(darkGray(255), false);
});
