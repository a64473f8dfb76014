// Tests of text.js: values written as Python writes them, numbers as the widgets show them.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { factorText, formatNumber, pyFloat, pyRepr, pyType, shown, tupleText, typedText } from "../../d2l_utils/widgets/text.js";
import { formatSum } from "../../d2l_utils/widgets/window_text.js";
import { windowTerms } from "../../d2l_utils/widgets/window_terms.js";
import { checked, preset } from "./vectors.mjs";

test("numbers: integers exactly, others rounded, negatives bracketed in sums", () => {
  assert.equal(formatNumber(19), "19");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatNumber(2 / 3), "0.6667");
  assert.equal(formatNumber(1e-7), "1.00e-7");
  assert.equal(formatNumber(-Infinity), "-∞");
  const cfg = checked(preset("edge").state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 1)), ["1×1 + 0×(-1) = 1"]);
});

test("Python's text of values: tuples, reprs, floats and type names", () => {
  assert.equal(tupleText([3, 4]), "(3, 4)");
  assert.equal(tupleText([3]), "(3,)");
  assert.equal(pyRepr([null, true, "a", NaN, -Infinity, { k: 1 }]), "[None, True, 'a', nan, -inf, {'k': 1}]");
  assert.equal(pyFloat(1), "1.0");
  assert.equal(pyFloat(0.5), "0.5");
  assert.equal(shown([1, 2]), "(1, 2)");
  assert.deepEqual([1, 1.5, "x", null, [], {}, true].map(pyType), ["int", "float", "str", "NoneType", "list", "dict", "bool"]);
  assert.equal(factorText(-2), "(-2)");
  assert.equal(typedText([1, NaN]), "(1, ?)");
});
