// Tests of checks.js: the checks both widgets make, with the Python checks' messages (the
// vectors prove them case by case; these are the building blocks).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  SettingError, checkFinite, checkItems, checkLanguage, checkedGeometry, givenArray, nestedShape, pair,
  settle, windowFitsError,
} from "../../d2l_utils/widgets/checks.js";
import { say } from "../../d2l_utils/widgets/strings.js";

test("a SettingError holds the English message and says it in the widget's language", () => {
  const err = new SettingError("error.at_least", { name: "stride", minimum: 1, got: "(0, 1)" });
  assert.equal(err.message, "stride must be at least 1, got (0, 1)");
  assert.equal(err.in("zh"), "stride 必须不小于 1，实际为 (0, 1)");
  assert.deepEqual(settle(() => { throw err; }, "zh"), { ok: false, error: err.in("zh") });
  assert.deepEqual(settle(() => 3), { ok: true, cfg: 3 });
  assert.equal(settle(() => { throw new Error("boom"); }).error,
    say("en", "error.cannot_show", { error: "Error: boom" }));
});

test("pairs: an int for both, two ints, a minimum", () => {
  assert.deepEqual(pair(2, "stride", 1), [2, 2]);
  assert.deepEqual(pair([0, 3], "padding", 0), [0, 3]);
  assert.throws(() => pair([1, 2, 3], "padding", 0), { message: "padding must be an int or a pair of ints, got (1, 2, 3)" });
  assert.throws(() => pair(-1, "padding", 0), { message: "padding must be non-negative, got -1" });
  assert.throws(() => pair([0, 1], "stride", 1), { message: "stride must be at least 1, got (0, 1)" });
});

test("nested lists: their shape, items and values are checked in row-major order", () => {
  assert.deepEqual(nestedShape([[1, 2], [3, 4]], 2), [2, 2]);
  assert.equal(nestedShape([[1, 2], [3]], 2), null);
  const given = givenArray([[[1, 2]]], "x", "(c_i, h, w)", 1, () => new SettingError("error.empty", {}));
  assert.deepEqual(given, { given: [[1, 2]], shape: [1, 2] });
  assert.throws(() => givenArray([[1]], "x", "(c_i, h, w)", 0, () => new SettingError("error.empty", {})),
    { message: "x must be a nested list of shape (c_i, h, w), got shape (1, 1)" });
  assert.throws(() => checkItems([[1, "a"]], "X", [1, 2]), { message: "X must be an array of real numbers, got 'a'" });
  assert.throws(() => checkFinite([[1, NaN]], "X"), { message: "X has NaN at position (0, 1)" });
});

test("geometry, the window's fit and the language", () => {
  assert.deepEqual(checkedGeometry({ padding: 1, stride: [2, 1], dilation: 1 }),
    { padding: [1, 1], stride: [2, 1], dilation: [1, 1], bias: 0 });
  assert.throws(() => checkedGeometry({ padding: 0, stride: 1, dilation: 1, bias: Infinity }),
    { message: "bias must be finite, got inf" });
  assert.equal(windowFitsError(3, 3, [2, 2], [0, 0], [1, 1], "kernel", "K"), null);
  const fits = windowFitsError(3, 3, [4, 2], [0, 0], [1, 1], "kernel", "K");
  assert.equal(say("en", fits.key, fits.params), "kernel K of shape (4, 2) is larger than input X of shape (3, 3)");
  assert.doesNotThrow(() => checkLanguage(undefined));
  assert.throws(() => checkLanguage("fr"), { message: "lang must be 'en' or 'zh', got 'fr'" });
});
