// field_maths.js against d2l_utils.receptive_field (tests/vectors/receptive_field.json,
// written by tests/make_field_vectors.py).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { fieldSizes, receptiveField, shade } from "../../d2l_utils/widgets/field_maths.js";
import { readVectors } from "./vectors.mjs";

const vectors = readVectors("receptive_field.json");

test("every field (presets and random stacks) is the reference's: sizes, jumps, spans, exact counts", () => {
  assert.ok(vectors.fields.length >= 60);
  for (const c of vectors.fields) {
    const f = receptiveField(c.layers, c.size, c.layer, c.unit);
    const what = JSON.stringify([c.preset, c.layers, c.size, c.layer, c.unit]);
    assert.deepEqual(f.sizes, c.field.sizes, what);
    assert.deepEqual(f.jumps, c.field.jumps, what);
    assert.deepEqual(f.fieldSizes, c.field.field_sizes, what);
    assert.deepEqual(f.spans, c.field.spans, what);
    assert.deepEqual(f.counts.map((a) => Array.from(a)), c.field.counts, what);
    assert.equal(f.padding, c.field.padding, what);
    assert.equal(f.wider, c.field.wider, what);
  }
});

test("the recurrence: a dilated stack of 1, 2, 4, 8 doubles its field", () => {
  const layers = [1, 2, 4, 8].map((d) => ({ kind: "conv", kernel: 3, stride: 1, padding: d, dilation: d }));
  assert.deepEqual(fieldSizes(layers), [1, 3, 7, 15, 31]);
});

test("the shades are field_html.shade's", () => {
  for (const { t, rgb } of vectors.shades) assert.deepEqual(shade(t), rgb, String(t));
});
