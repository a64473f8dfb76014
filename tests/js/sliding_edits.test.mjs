// Tests of sliding_edits.js: what the reader types or picks in a SlidingWindow, as traits or
// the message that refuses it.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { normalize } from "../../d2l_utils/widgets/sliding_state.js";
import { pairEdit, resizeInput, resizeWindow, switchMode, valueEdit } from "../../d2l_utils/widgets/sliding_edits.js";
import { checked, preset } from "./vectors.mjs";

const TOO_LARGE = " is too large to draw here (at most 64 rows and columns and 8 channels)";

test("size boxes: what the state cannot hold is refused with a message", () => {
  const corr = preset("corr2d").state;
  const pool = preset("max_pool").state;
  const multi = preset("multi_in_out").state;
  const refused = [
    [corr, "input", [0, 3], "X must not be empty, got shape (0, 3)"],
    [multi, "input", [3, 0], "X must not be empty, got shape (2, 3, 0)"],
    [corr, "input", [1.5, 3], "X must have a whole number of rows and columns, got (1.5, 3)"],
    [corr, "input", [NaN, 3], "X must have a whole number of rows and columns, got (?, 3)"],
    [corr, "input", [65, 3], "X of shape (65, 3)" + TOO_LARGE],
    [corr, "input", [1e9, 1e9], "X of shape (1000000000, 1000000000)" + TOO_LARGE],
    [corr, "window", [0, 2], "K must not be empty, got shape (0, 2)"],
    [multi, "window", [2, 0], "K must not be empty, got shape (3, 2, 2, 0)"],
    [corr, "window", [2, 2.5], "K must have a whole number of rows and columns, got (2, 2.5)"],
    [corr, "window", [65, 2], "K of shape (65, 2)" + TOO_LARGE],
    [pool, "window", [0, 2], "pool_size must be at least 1, got (0, 2)"],
    [pool, "window", [1.5, 2], "pool_size must be an int or a pair of ints, got (1.5, 2)"],
    [pool, "window", [65, 2], "window pool_size of shape (65, 2) is larger than input X of shape (3, 3)"],
    [corr, "padding", [1.5, 0], "padding must be an int or a pair of ints, got (1.5, 0)"],
    [corr, "stride", [1, NaN], "stride must be an int or a pair of ints, got (1, ?)"],
    [corr, "dilation", [0.5, 1], "dilation must be an int or a pair of ints, got (0.5, 1)"],
  ];
  for (const [state, control, values, error] of refused) {
    assert.deepEqual(pairEdit(state, control, values), { error }, `${control} ${values}`);
  }
});

test("size boxes: whole numbers become traits, and normalize() names what does not fit", () => {
  const corr = preset("corr2d").state;
  const edit = (control, values) => {
    const result = pairEdit(corr, control, values);
    assert.equal(result.error, undefined, result.error);
    return Object.assign({}, corr, result.traits);
  };
  assert.deepEqual(edit("input", [3, 4]).x[0][0], [0, 1, 2, 0]);
  assert.deepEqual(edit("window", [3, 2]).k[0][0], [[0, 1], [2, 3], [0, 0]]);
  assert.equal(normalize(edit("stride", [0, 1])).error, "stride must be at least 1, got (0, 1)");
  assert.equal(normalize(edit("padding", [-1, 0])).error, "padding must be non-negative, got (-1, 0)");
  assert.equal(normalize(edit("padding", [31, 0])).error,
    "X of shape (3, 3) padded by (31, 0) to (65, 3)" + TOO_LARGE);
  assert.equal(normalize(edit("window", [4, 2])).error,
    "kernel K of shape (4, 2) is larger than input X of shape (3, 3)");
});

test("values that would overflow a working state are refused; a broken state takes any", () => {
  const corr = preset("corr2d").state;
  const x = (a, b) => [[[0, a, 2], [3, b, 5], [6, 7, 8]]];
  assert.deepEqual(valueEdit(corr, { x: x(1e308, 4) }), { traits: { x: x(1e308, 4) } });
  const one = Object.assign({}, corr, { x: x(1e308, 4) });
  assert.deepEqual(valueEdit(one, { x: x(1e308, 1e308) }),
    { error: "output has infinity at position (0, 0): the sums overflow float64" });
  assert.deepEqual(valueEdit(one, { bias: 1.7e308 }),
    { error: "output has infinity at position (0, 0): the sums overflow float64" });
  const broken = Object.assign({}, corr, { stride: [0, 1] });
  assert.deepEqual(valueEdit(broken, { x: x(1e308, 1e308) }), { traits: { x: x(1e308, 1e308) } });
});

test("resizing keeps values and switching modes gives a valid state", () => {
  const state = preset("corr2d").state;
  const bigger = Object.assign({}, state, resizeInput(state, 4, 5));
  assert.deepEqual(bigger.x[0][0], [0, 1, 2, 0, 0]);
  assert.deepEqual(bigger.x[0][3], [0, 0, 0, 0, 0]);
  assert.deepEqual(checked(bigger).outputShape, [1, 3, 4]);
  const wide = Object.assign({}, state, resizeWindow(state, 2, 3));
  assert.deepEqual(wide.k[0][0], [[0, 1, 0], [2, 3, 0]]);
  const pooled = Object.assign({}, preset("padding").state, switchMode(preset("padding").state, "max"));
  assert.deepEqual(checked(pooled).outputShape, [1, 8, 8]);
  const back = Object.assign({}, pooled, switchMode(pooled, "corr"));
  assert.deepEqual(checked(back).outputShape, [1, 8, 8]);
  const multi = preset("multi_in").state;
  const pooledMulti = Object.assign({}, multi, switchMode(multi, "avg"));
  assert.deepEqual(checked(pooledMulti).outputShape, [2, 2, 2]);
  assert.deepEqual(checked(Object.assign({}, pooledMulti, switchMode(pooledMulti, "corr"))).outputShape, [1, 2, 2]);
});
