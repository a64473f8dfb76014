// Tests of image_edits.js: what the reader types or picks in an ImageWindow, as traits or the
// message that refuses it.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { galleryKernel, imageBiasEdit, imagePairEdit, resizeKernel } from "../../d2l_utils/widgets/image_edits.js";
import { imageVectors as vectors } from "./vectors.mjs";

test("kernel edits: resizing keeps overlapping weights, the gallery fills every channel", () => {
  assert.deepEqual(resizeKernel([[[1, 2], [3, 4]]], 1, 3), [[[1, 2, 0]]]);
  const edit = galleryKernel(vectors.gallery, "[[1, -1]]", 3);
  assert.deepEqual(edit, { kernel: [[[1, -1]], [[1, -1]], [[1, -1]]], kernel_name: "[[1, -1]]" });
  assert.equal(galleryKernel(vectors.gallery, "nope", 1), null);
});

test("pair controls: two whole numbers become the trait, anything else is refused saying why", () => {
  const state = { kernel: [[[1, 2], [3, 4]]], lang: "en" };
  assert.deepEqual(imagePairEdit(state, "size", [1, 3]), { traits: { kernel: [[[1, 2, 0]]], kernel_name: "" } });
  assert.deepEqual(imagePairEdit(state, "poolStride", [2, 3]), { traits: { pool_stride: [2, 3] } });
  assert.deepEqual(imagePairEdit(state, "padding", [1, NaN]), { error: "padding must be an int or a pair of ints, got (1, ?)" });
  assert.deepEqual(imagePairEdit(state, "size", [1.5, 2]), { error: "K must have a whole number of rows and columns, got (1.5, 2)" });
  assert.equal(imagePairEdit({ ...state, lang: "zh" }, "stride", [NaN, 1]).error, "stride 必须是一个整数或一对整数，实际为 (?, 1)");
  assert.deepEqual(imageBiasEdit(state, "1e309"), { error: "bias must be a finite number, got 1e309" });
  assert.deepEqual(imageBiasEdit(state, "-0.5"), { traits: { bias: -0.5 } });
});
