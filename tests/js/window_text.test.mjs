// Tests of window_text.js: the arithmetic and the shape formula as text.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { formatSum, formulaText } from "../../d2l_utils/widgets/window_text.js";
import { computeOutput, windowTerms } from "../../d2l_utils/widgets/window_terms.js";
import { shownGroups } from "../../d2l_utils/widgets/sliding_state.js";
import { CONTROL_GROUPS } from "../../d2l_utils/widgets/constants.js";
import { checked, preset, vectors } from "./vectors.mjs";

test("seed sums of 6.2: 19, 25, 37, 43", () => {
  const cfg = checked(preset("corr2d").state);
  const sums = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([i, j]) => formatSum(cfg, windowTerms(cfg, 0, i, j)));
  assert.deepEqual(sums, [
    ["0×0 + 1×1 + 3×2 + 4×3 = 19"],
    ["1×0 + 2×1 + 4×2 + 5×3 = 25"],
    ["3×0 + 4×1 + 6×2 + 7×3 = 37"],
    ["4×0 + 5×1 + 7×2 + 8×3 = 43"],
  ]);
});

test("seed sums of pooling: max(...) = 4 and the average 2", () => {
  const max = checked(preset("max_pool").state);
  assert.deepEqual(formatSum(max, windowTerms(max, 0, 0, 0)), ["max(0, 1, 3, 4) = 4"]);
  const avg = checked(preset("avg_pool").state);
  assert.deepEqual(formatSum(avg, windowTerms(avg, 0, 0, 0)), ["(0 + 1 + 3 + 4) / 4 = 2"]);
});

test("padding: max leaves -inf out, average and correlation count it as 0", () => {
  const cfg = checked(preset("pool_pad_stride").state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 0)), ["max(0, 1, 4, 5) = 5"]);
  const avg = checked(Object.assign({}, preset("pool_pad_stride").state, { mode: "avg" }));
  assert.deepEqual(formatSum(avg, windowTerms(avg, 0, 0, 0)),
    ["(0 + 0 + 0 + 0 + 0 + 1 + 0 + 4 + 5) / 9 = 1.1111"]);
  const corr = checked(preset("padding").state);
  const terms = windowTerms(corr, 0, 0, 0).channels[0].terms;
  assert.equal(terms.filter((t) => t.pad).length, 5);
  assert.ok(terms.filter((t) => t.pad).every((t) => t.x === 0));
});

test("seed sum of two input channels: 19 + 37 = 56", () => {
  const cfg = checked(preset("multi_in").state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 0)), [
    "channel 0: 0×0 + 1×1 + 3×2 + 4×3 = 19",
    "channel 1: 1×1 + 2×2 + 4×3 + 5×4 = 37",
    "19 + 37 = 56",
  ]);
});

test("the bias is added last and written out", () => {
  const state = Object.assign({}, preset("corr2d").state, { bias: 0.5 });
  const cfg = checked(state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 0)), ["0×0 + 1×1 + 3×2 + 4×3 + 0.5 = 19.5"]);
  assert.equal(computeOutput(cfg)[0][1][1], 43.5);
});

test("formulas substitute the numbers and show floor() only when rows are dropped", () => {
  const exact = formulaText(checked(preset("padding").state));
  assert.equal(exact.rows.perSide, "(8 + 2×1 - 1×(3 - 1) - 1) / 1 + 1 = 7 / 1 + 1 = 7 + 1 = 8");
  assert.equal(exact.rows.total, "(8 - 3 + 2 + 1) / 1 = 8 / 1 = 8");
  assert.equal(exact.rows.dropped, 0);
  const strided = formulaText(checked(preset("stride").state));
  assert.equal(strided.rows.perSide,
    "floor((8 + 2×0 - 1×(3 - 1) - 1) / 3) + 1 = floor(5 / 3) + 1 = 1 + 1 = 2");
  assert.equal(strided.cols.total, "floor((8 - 5 + 2 + 4) / 4) = floor(9 / 4) = 2");
  assert.equal(strided.rows.dropped, 2);
  for (const c of vectors.cases) {
    const f = formulaText(checked(c.state));
    assert.deepEqual([f.rows.size, f.cols.size], c.output_shape.slice(1), c.name);
    for (const axis of [f.rows, f.cols]) {
      assert.equal(axis.perSide.includes("floor"), axis.dropped > 0, c.name);
      assert.ok(axis.total.endsWith(`= ${axis.size}`) || axis.total.includes(`= ${axis.size}   (k =`));
    }
  }
});

test("formulas leave out the terms of hidden controls at their defaults, never a used one", () => {
  const corr = checked(preset("corr2d").state);
  const plain = formulaText(corr, shownGroups(["values"]));
  assert.deepEqual(plain.symbols, { perSide: "n - k + 1", total: null });
  assert.equal(plain.rows.perSide, "3 - 2 + 1 = 2");
  assert.equal(plain.rows.total, null);
  const padded = formulaText(corr, shownGroups(["padding"]));
  assert.deepEqual(padded.symbols, { perSide: "n + 2p - k + 1", total: "floor((n - k + p + s) / s)" });
  assert.equal(padded.cols.perSide, "3 + 2×0 - 2 + 1 = 2");
  const strided = formulaText(checked(preset("stride").state), shownGroups([]));
  assert.deepEqual(strided.symbols,
    { perSide: "floor((n + 2p - k) / s) + 1", total: "floor((n - k + p + s) / s)" });
  assert.equal(strided.rows.perSide, "floor((8 + 2×0 - 3) / 3) + 1 = floor(5 / 3) + 1 = 1 + 1 = 2");
  assert.deepEqual(formulaText(corr), formulaText(corr, shownGroups(undefined)));
  for (const c of vectors.cases) {
    for (const groups of [[], ["values"], ["stride"], CONTROL_GROUPS]) {
      const f = formulaText(checked(c.state), shownGroups(groups));
      for (const axis of [f.rows, f.cols]) assert.ok(axis.perSide.endsWith(`= ${axis.size}`), c.name);
    }
  }
});
