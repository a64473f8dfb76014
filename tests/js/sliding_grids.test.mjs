// Tests of sliding_grids.js: the grids of a SlidingWindow view, drawn in the fake DOM
// (the browser tests drive them in Chromium).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import widget from "../../d2l_utils/widgets/sliding_window.js";
import { fakeModel, installDocument } from "./fake_dom.mjs";
import { preset } from "./vectors.mjs";

function draw(name, extra = {}) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const model = fakeModel(Object.assign(structuredClone(preset(name).state), { selected: [0, 0], out_channel: 0,
    playing: false, speed: 2, preset_name: "", controls: ["values", "padding"], _presets: {} }, extra));
  widget.render({ model, el });
  const grids = el.children[0].descendants().filter((n) => n.getAttribute("role") === "grid");
  return { doc, model, grids };
}

test("the input grid holds the padding, the kernel its weights, the output its cells", () => {
  const { grids } = draw("padding");
  const [input, kernel, output] = grids;
  assert.equal(input.getAttribute("aria-rowcount"), "10"); // 8 rows and 1 of padding on each side
  assert.equal(input.getAttribute("aria-label"), "input, 8 by 8, padded by 1 and 1");
  assert.equal(kernel.getAttribute("aria-colcount"), "3");
  assert.equal(output.getAttribute("aria-rowcount"), "8");
  const pads = input.descendants().filter((n) => n.classList.contains("sw-pad"));
  assert.equal(pads.length, 10 * 10 - 8 * 8);
  const marked = input.descendants().filter((n) => n.classList.contains("sw-win"));
  assert.equal(marked.length, 9, "the window of output (0, 0) is marked");
});

test("a weight clicked becomes a text box; Enter sets the kernel, a value that is no number is refused", () => {
  const { model, grids } = draw("corr2d");
  const cell = grids[1].descendants().find((n) => n.classList.contains("sw-cell"));
  cell.dispatch({ type: "click" });
  const box = cell.querySelector("input");
  box.value = "5";
  box.dispatch({ type: "keydown", key: "Enter" });
  assert.equal(model.traits.k[0][0][0][0], 5);
  cell.dispatch({ type: "click" });
  const again = cell.querySelector("input");
  again.value = "abc";
  again.dispatch({ type: "keydown", key: "Enter" });
  assert.equal(model.traits.k[0][0][0][0], 5);
});

test("arrow keys move the output's selection, stopping at the edge", () => {
  const { model, grids } = draw("corr2d");
  const output = grids[2];
  output.dispatch({ type: "keydown", key: "ArrowRight" });
  assert.deepEqual(model.traits.selected, [0, 1]);
  output.dispatch({ type: "keydown", key: "ArrowRight" });
  assert.deepEqual(model.traits.selected, [0, 1]);
  output.dispatch({ type: "keydown", key: "End" });
  assert.deepEqual(model.traits.selected, [1, 1]);
});
