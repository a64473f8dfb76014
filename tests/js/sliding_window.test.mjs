// Tests of the SlidingWindow view (sliding_window.js and sliding_grids.js) in a fake DOM: a
// setting that does not fit is put back and the drawing stays; the view's own edits.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { fakeModel, installDocument, readable } from "./fake_dom.mjs";
import widget from "../../d2l_utils/widgets/sliding_window.js";
import { fromJson, label, settle, vectors } from "./vectors.mjs";

const presetStates = Object.fromEntries(vectors.cases.filter((c) => c.preset).map((c) => [c.preset, c.state]));
const baseState = (name) => Object.assign(structuredClone(vectors.trait_bases[name]), { _presets: presetStates });

test("the module's default export is anywidget's { render }", () => {
  assert.equal(typeof widget.render, "function");
  assert.deepEqual(Object.keys(widget), ["render"]);
});

function drawView(state) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const model = fakeModel(state);
  const remove = widget.render({ model, el });
  const root = el.children[0];
  const part = (cls) => root.descendants().find((node) => node.classList.contains(cls));
  // What the reader sees of the settings: the grids, the arithmetic, the formula, the boxes.
  const drawing = () => ["sw-main", "sw-sum", "sw-formula", "sw-controls"].map((cls) =>
    [part(cls).className, readable(part(cls)).join("|"),
      part(cls).descendants().map((n) => `${n.className}:${n.value}`).join("|")]);
  const message = () => (part("sw-message").classList.contains("sw-show") ? part("sw-message").textContent : "");
  return { el, model, remove, root, drawing, message };
}

for (const c of vectors.trait_sets) {
  test(`settings: ${label(c)} set in the model is put back and the drawing stays`, async () => {
    const base = baseState(c.base);
    const view = drawView(base);
    const before = view.drawing();
    assert.equal(view.message(), "");
    view.model.set(c.trait, fromJson(c.value));
    await settle();
    assert.deepEqual(view.model.traits[c.trait], vectors.trait_bases[c.base][c.trait]);
    assert.equal(view.message(), c.error);
    assert.deepEqual(view.drawing(), before);
    // The next change that fits draws it and clears the message.
    view.model.set("title", "next");
    assert.equal(view.message(), "");
    view.remove();
  });
}

test("settings: changes that fit only together, arriving one by one, are kept", async () => {
  const view = drawView(baseState("corr2d"));
  view.model.set("x", [[[5]]]);       // alone: the kernel (2, 2) is larger than X
  view.model.set("k", [[[[2]]]]);     // with it: fits
  await settle();
  assert.deepEqual(view.model.traits.x, [[[5]]]);
  assert.equal(view.message(), "");
  assert.ok(readable(view.root).join("\n").includes("5×2 = 10"));
});

test("settings: an edit of the view's own that does not fit is refused before it is written", () => {
  const view = drawView(baseState("corr2d"));
  const saved = [];
  view.model.save_changes = () => saved.push(JSON.stringify(view.model.traits.stride));
  const before = view.drawing();
  const box = view.root.descendants().find((n) => n.getAttribute("aria-label") === "Stride, rows");
  box.value = "0";
  box.dispatch({ type: "change" });
  assert.deepEqual(view.model.traits.stride, [1, 1]);
  assert.deepEqual(saved, []);
  assert.equal(view.message(), "stride must be at least 1, got (0, 1)");
  assert.deepEqual(view.drawing().slice(0, 3), before.slice(0, 3));
  box.value = "2";
  box.dispatch({ type: "change" });
  assert.deepEqual(view.model.traits.stride, [2, 1]);
  assert.equal(view.message(), "");
});

test("settings: a state that never fitted is drawn with its message and takes any edit", async () => {
  const view = drawView(Object.assign(baseState("corr2d"), { stride: [0, 0] }));
  assert.equal(view.message(), "stride must be at least 1, got (0, 0)");
  view.model.set("stride", [0, 1]);
  await settle();
  assert.deepEqual(view.model.traits.stride, [0, 1]);
  view.model.set("stride", [1, 1]);
  assert.equal(view.message(), "");
});
