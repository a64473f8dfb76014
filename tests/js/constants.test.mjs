// Tests of constants.js: the names the modules use are constants.json's values (the file
// Python's constants.py reads too).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as constants from "../../d2l_utils/widgets/constants.js";

const JSON_FILE = JSON.parse(readFileSync(new URL("../../d2l_utils/widgets/constants.json", import.meta.url), "utf8"));

test("every constant is the data file's, under its name in capitals", () => {
  const names = Object.keys(JSON_FILE).filter((key) => key !== "about");
  for (const key of names) {
    const name = key === "speeds" ? "SPEEDS" : key.toUpperCase();
    assert.deepEqual(constants[name], JSON_FILE[key], name);
  }
  assert.deepEqual(Object.keys(constants).sort(), names.map((key) => key.toUpperCase()).sort());
});

test("the image view's padding limit lets the largest kernel see every pixel, and no more", () => {
  assert.equal(constants.MAX_IMAGE_PADDING, constants.MAX_KERNEL_SIDE - 1);
});
