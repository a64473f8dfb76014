// Tests of typed.js: the one rule for what a reader types into a widget's boxes.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { edited, parseNumber, typedBias, typedPair, typedSizes } from "../../d2l_utils/widgets/typed.js";
import { biasEdit } from "../../d2l_utils/widgets/sliding_edits.js";
import { SettingError } from "../../d2l_utils/widgets/checks.js";
import { preset } from "./vectors.mjs";

test("typed numbers: a typographic minus reads, what is no finite number does not", () => {
  assert.deepEqual(parseNumber(" \u22122.5 "), { value: -2.5 });
  assert.deepEqual(parseNumber("1e308"), { value: 1e308 });
  assert.deepEqual(parseNumber("abc"), { error: '"abc" is not a number' });
  assert.deepEqual(parseNumber(""), { error: '"" is not a number' });
  assert.deepEqual(parseNumber("1e309"), { error: '"1e309" is too large for a 64-bit float' });
  const corr = preset("corr2d").state;
  assert.deepEqual(biasEdit(corr, "1e309"), { error: "bias must be a finite number, got 1e309" });
  assert.deepEqual(biasEdit(corr, " "), { error: "bias must be a finite number, got nothing" });
  assert.deepEqual(biasEdit(corr, "-1.5"), { traits: { bias: -1.5 } });
  assert.deepEqual(biasEdit(corr, "1e308"), { traits: { bias: 1e308 } });
});

test("pairs and sizes: two whole numbers pass, anything else is refused naming what was typed", () => {
  assert.deepEqual(typedPair([1, 2], "stride"), [1, 2]);
  assert.deepEqual(typedSizes([3, 4], "K"), [3, 4]);
  assert.throws(() => typedPair([1, NaN], "stride"), { message: "stride must be an int or a pair of ints, got (1, ?)" });
  assert.throws(() => typedSizes([2.5, 1], "K"), { message: "K must have a whole number of rows and columns, got (2.5, 1)" });
  assert.throws(() => typedPair([1], "padding"), SettingError);
});

test("a bias is a finite number; nothing typed is said in the widget's language", () => {
  assert.equal(typedBias(" \u22121.5"), -1.5);
  assert.deepEqual(edited({ lang: "en" }, () => ({ bias: typedBias("") })), { error: "bias must be a finite number, got nothing" });
  const zh = edited({ lang: "zh" }, () => ({ bias: typedBias("") }));
  assert.equal(zh.error, "偏置必须是有限数，实际为 空");
  assert.deepEqual(edited({}, () => ({ bias: typedBias("2") })), { traits: { bias: 2 } });
  assert.throws(() => edited({}, () => { throw new TypeError("not a SettingError"); }), TypeError);
});
