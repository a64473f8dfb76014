// Tests of window_terms.js (the window's geometry and numbers) against d2l_utils.reference,
// through tests/vectors/sliding_window.json.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { computeOutput, feedsOutputs, outputShape, outputSize, windowIndices, windowTerms } from "../../d2l_utils/widgets/window_terms.js";
import { assertClose, checked, preset, vectors } from "./vectors.mjs";

test("the vectors cover every preset and random cases", () => {
  assert.equal(vectors.cases.filter((c) => c.preset).length, 10);
  assert.ok(vectors.cases.length >= 40);
  assert.ok(vectors.invalid.length >= 5);
});

for (const c of vectors.cases) {
  test(`output and windows of ${c.name} match the reference`, () => {
    const cfg = checked(c.state);
    assert.deepEqual(outputShape(cfg), c.output_shape);
    const Y = computeOutput(cfg);
    assert.deepEqual([Y.length, Y[0].length, Y[0][0].length], c.output_shape);
    Y.forEach((rows, ch) => rows.forEach((row, i) => row.forEach((v, j) =>
      assertClose(v, c.output[ch][i][j], `${c.name} [${ch}, ${i}, ${j}]`))));
    assert.ok(c.windows.length > 0);
    for (const win of c.windows) {
      const [i, j] = win.cell;
      assert.deepEqual(windowIndices(cfg, i, j), win.indices, `${c.name} window ${i},${j}`);
      const result = windowTerms(cfg, win.channel, i, j);
      assertClose(result.value, win.value, `${c.name} terms ${i},${j}`);
      for (const chan of result.channels) {
        assert.deepEqual(chan.terms.map((t) => [t.r, t.c]), win.indices);
      }
    }
  });
}

test("output channels pick their own kernel", () => {
  const c = preset("multi_in_out");
  const cfg = checked(c.state);
  for (let co = 0; co < 3; co++) {
    assert.equal(windowTerms(cfg, co, 1, 1).value, c.output[co][1][1]);
  }
});

test("outputSize is the per-side formula", () => {
  assert.equal(outputSize(8, 3, 1, 2), 4);
  assert.equal(outputSize(8, 3, 1, 1, 2), 6);
});

test("feedsOutputs is the inverse of windowIndices", () => {
  for (const c of vectors.cases) {
    const cfg = checked(c.state);
    const [ph, pw] = cfg.padding;
    const reads = new Map();
    for (let i = 0; i < cfg.oh; i++) {
      for (let j = 0; j < cfg.ow; j++) {
        for (const [r, col] of windowIndices(cfg, i, j)) {
          const key = `${r},${col}`;
          if (!reads.has(key)) reads.set(key, []);
          reads.get(key).push([i, j]);
        }
      }
    }
    for (let r = -ph; r < cfg.h + ph; r++) {
      for (let col = -pw; col < cfg.w + pw; col++) {
        const expected = (reads.get(`${r},${col}`) || []).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        assert.deepEqual(feedsOutputs(cfg, r, col), expected, `${c.name} input ${r},${col}`);
      }
    }
  }
});
