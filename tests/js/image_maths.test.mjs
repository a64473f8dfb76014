// Tests of image_maths.js: the feature maps and pooling of the image view equal
// d2l_utils.reference to the last bit (tests/vectors/image_window.json).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { cellAt, cellArithmetic, featureMaps, pictureLabel, poolConfig, poolMap } from "../../d2l_utils/widgets/image_maths.js";
import { windowTerms } from "../../d2l_utils/widgets/window_terms.js";
import { checkedImage as checked, imageVectors as vectors, rows } from "./vectors.mjs";

for (const c of vectors.cases) {
  test(`feature maps of "${c.name}" equal the reference to the last bit`, () => {
    const cfg = checked(c.state);
    const { maps, total } = featureMaps(cfg);
    assert.deepEqual([cfg.oh, cfg.ow], [c.feature_map.length, c.feature_map[0].length]);
    maps.forEach((map, ch) => assert.deepEqual(rows(map, cfg.oh, cfg.ow), c.channel_maps[ch], `channel ${ch}`));
    assert.deepEqual(rows(total, cfg.oh, cfg.ow), c.feature_map);
  });

  test(`window terms of "${c.name}" read the reference's windows and add up to the map`, () => {
    const cfg = checked(c.state);
    const { total } = featureMaps(cfg);
    for (const { cell: [i, j], indices } of c.windows) {
      const { result, lines } = cellArithmetic(cfg, i, j);
      for (const chan of result.channels) assert.deepEqual(chan.terms.map((t) => [t.r, t.c]), indices);
      assert.equal(result.value, total[i * cfg.ow + j], `cell ${i}, ${j}`);
      assert.match(lines.at(-1), / = \S+$/);
    }
  });

  if (c.pooled) {
    test(`pooling of "${c.name}" equals the reference`, () => {
      const cfg = checked(c.state);
      const { total } = featureMaps(cfg);
      const pooled = poolMap(total, cfg.oh, cfg.ow, cfg.pool, cfg.poolSize, cfg.poolStride);
      assert.deepEqual([pooled.rows, pooled.cols, cfg.poh, cfg.pow],
        [c.pooled.length, c.pooled[0].length, c.pooled.length, c.pooled[0].length]);
      const pcfg = poolConfig(cfg, total);
      c.pooled.forEach((row, i) => row.forEach((expected, j) => {
        const got = pooled.data[i * pooled.cols + j];
        // NumPy's mean may add in another order: averages agree to rounding.
        const tol = cfg.pool === "max" ? 0 : 1e-12 * Math.max(1, Math.abs(expected));
        assert.ok(Math.abs(got - expected) <= tol, `pooled ${i}, ${j}: ${got} != ${expected}`);
        assert.equal(windowTerms(pcfg, 0, i, j).value, got, `window_core's terms at ${i}, ${j}`);
      }));
    });
  }
}

test("featureMaps reuses a previous result's arrays and still equals the reference", () => {
  const [a, b] = vectors.cases.filter((c) => c.name.startsWith("photo, ")).slice(3, 5);
  const first = featureMaps(checked(a.state));
  const again = featureMaps(checked(b.state), first);
  assert.equal(again.total, first.total); // the same array, overwritten
  assert.deepEqual(rows(again.total, b.feature_map.length, b.feature_map[0].length), b.feature_map);
});

test("the written-out sum of 6.2's corr2d is 0×0 + 1×1 + 3×2 + 4×3 = 19", () => {
  const cfg = checked(vectors.cases.find((c) => c.name.startsWith("corr2d")).state);
  assert.deepEqual(cellArithmetic(cfg, 0, 0).lines, ["0×0 + 1×1 + 3×2 + 4×3 = 19"]);
  assert.deepEqual(cellArithmetic(cfg, 1, 1).lines, ["4×0 + 5×1 + 7×2 + 8×3 = 43"]);
});

test("RGB sums are written per channel, then added with the bias", () => {
  const c = vectors.cases.find((x) => x.name.startsWith("RGB photo, a kernel per channel"));
  const cfg = checked(c.state);
  const { lines, result } = cellArithmetic(cfg, 0, 0);
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^channel 0: /);
  assert.match(lines[3], / \+ 0\.5 = /);
  assert.equal(result.value, c.feature_map[0][0]);
});

test("a click on the picture picks the window centred nearest it", () => {
  const c = vectors.cases.find((x) => x.name === "photo, Sobel x, padding 1, stride 2");
  const cfg = checked(c.state);
  assert.deepEqual(cellAt(cfg, 0, 0), [0, 0]);
  assert.deepEqual(cellAt(cfg, 4, 6), [2, 3]);
  assert.deepEqual(cellAt(cfg, 99, -5), [cfg.oh - 1, 0]);
  assert.match(pictureLabel(cfg, 1, 2), /grayscale picture, 16 by 16 pixels; the 3 by 3 window covers rows 1 to 3, columns 3 to 5/);
});
