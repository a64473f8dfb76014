// Tests of view_parts.js: the pieces both views build their controls from.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { gridMove, make, pairControl, selectedCell, setPair } from "../../d2l_utils/widgets/view_parts.js";
import { say } from "../../d2l_utils/widgets/strings.js";
import { installDocument } from "./fake_dom.mjs";

test("gridMove: arrows step and stop at the edges, Home/End jump, other keys do nothing", () => {
  assert.deepEqual(gridMove("ArrowRight", 0, 0, 2, 3), [0, 1]);
  assert.deepEqual(gridMove("ArrowDown", 0, 2, 2, 3), [1, 2]);
  assert.deepEqual(gridMove("ArrowLeft", 1, 0, 2, 3), [1, 0]);
  assert.deepEqual(gridMove("ArrowDown", 1, 1, 2, 3), [1, 1]);
  assert.deepEqual(gridMove("Home", 1, 2, 2, 3), [0, 0]);
  assert.deepEqual(gridMove("End", 0, 0, 2, 3), [1, 2]);
  assert.equal(gridMove("a", 0, 0, 2, 3), null);
});

test("selectedCell clamps a trait value to the map, and reads (0, 0) from what is no pair", () => {
  assert.deepEqual(selectedCell([5, -2], 3, 4), [2, 0]);
  assert.deepEqual(selectedCell(null, 3, 4), [0, 0]);
  assert.deepEqual(selectedCell([1.7, 2], 3, 4), [1, 2]);
});

test("a pair control hands both boxes on, NaN for an empty box or text that is no number", () => {
  const doc = installDocument();
  const parent = make("div", null, /** @type {any} */ (doc.body));
  const seen = [];
  const t = (key, params) => say("en", key, params);
  const { box, inputs } = pairControl(parent, { text: "Stride", min: 1, max: 9, className: "x", t,
    onValues: (values) => seen.push(values) });
  assert.equal(box.getAttribute("aria-label"), "Stride");
  assert.deepEqual(inputs.map((i) => i.getAttribute("aria-label")), ["Stride, rows", "Stride, columns"]);
  assert.equal(inputs[0].getAttribute("max"), "9");
  inputs[0].value = "2";
  inputs[1].value = " ";
  inputs[1].dispatch({ type: "change" });
  assert.equal(seen.length, 1);
  assert.equal(seen[0][0], 2);
  assert.ok(Number.isNaN(seen[0][1]));
  setPair(inputs, [4, 5]);
  assert.deepEqual(inputs.map((i) => i.value), ["4", "5"]);
  inputs[0].focus();
  setPair(inputs, [6, 7]);
  assert.deepEqual(inputs.map((i) => i.value), ["4", "7"], "the box being typed in is left alone");
});
