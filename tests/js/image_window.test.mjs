// Tests of the ImageWindow view (image_window.js and image_maps.js) in a fake DOM: a setting
// that does not fit is put back and the drawing stays; the reader's typed input.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { fakeModel, installDocument, readable } from "./fake_dom.mjs";
import widget from "../../d2l_utils/widgets/image_window.js";
import { MAX_IMAGE_PADDING } from "../../d2l_utils/widgets/constants.js";
import { fromJson, imageVectors as vectors, label, settle } from "./vectors.mjs";

const baseState = (name) => Object.assign(fromJson(vectors.trait_bases[name]), { _gallery: vectors.gallery });

test("the module's default export has render", () => {
  assert.equal(typeof widget.render, "function");
});

async function drawView(state) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const model = fakeModel(state);
  const remove = widget.render({ model, el });
  for (let n = 0; n < 3; n++) await settle(); // the first drawing takes two tasks
  const root = el.children[0];
  const part = (cls) => root.descendants().find((node) => node.classList.contains(cls));
  const drawing = () => ["iw-main", "iw-sum", "iw-formula", "iw-controls"].map((cls) =>
    [part(cls).className, readable(part(cls)).join("|"),
      part(cls).descendants().map((n) => `${n.className}:${n.value}`).join("|")]);
  const message = () => part("iw-message").textContent;
  return { el, model, remove, root, drawing, message };
}

for (const c of vectors.trait_sets) {
  test(`settings: ${label(c)} set in the model is put back and the drawing stays`, async () => {
    const view = await drawView(baseState(c.base));
    const before = view.drawing();
    const kept = view.model.traits[c.trait];
    assert.equal(view.message(), "");
    view.model.set(c.trait, fromJson(c.value));
    await settle();
    assert.equal(view.model.traits[c.trait], kept);
    assert.equal(view.message(), c.error);
    assert.deepEqual(view.drawing(), before);
    view.model.set("title", "next");
    assert.equal(view.message(), "");
    view.remove();
  });
}

test("settings: an edit of the view's own that does not fit is refused before it is written", async () => {
  const view = await drawView(baseState("gray"));
  const box = view.root.descendants().find((n) => n.getAttribute("aria-label") === "Kernel size, rows");
  box.value = "16";
  box.dispatch({ type: "change" });
  assert.equal(view.model.traits.kernel.length, 1);
  assert.equal(view.model.traits.kernel[0].length, 3);
  assert.equal(view.message(), "K of shape (16, 3) is too large for the image view: at most 15 rows and 15 columns");
  assert.ok(!view.root.descendants().find((n) => n.classList.contains("iw-main")).classList.contains("iw-hidden"));
});

test("settings: padding typed past the limit is refused with Python's message, and the picture stays", async () => {
  const view = await drawView(baseState("gray"));
  const box = view.root.descendants().find((n) => n.getAttribute("aria-label") === "Padding, rows");
  assert.equal(box.getAttribute("max"), String(MAX_IMAGE_PADDING));
  const before = view.drawing().slice(0, 3);
  box.value = String(MAX_IMAGE_PADDING + 1);
  box.dispatch({ type: "change" });
  assert.deepEqual(view.model.traits.padding, [0, 0]);
  const refused = vectors.trait_sets.find((c) => c.trait === "padding" && JSON.stringify(c.value) === "[15,0]");
  assert.equal(view.message(), refused.error);
  assert.deepEqual(view.drawing().slice(0, 3), before);
  box.value = String(MAX_IMAGE_PADDING);
  box.dispatch({ type: "change" });
  assert.deepEqual(view.model.traits.padding, [MAX_IMAGE_PADDING, 0]);
  assert.equal(view.message(), "");
});

test("typed input: a size, a bias or a weight that is no number is refused saying why", async () => {
  const view = await drawView(baseState("gray"));
  const find = (label) => view.root.descendants().find((n) => n.getAttribute("aria-label") === label);
  const size = find("Kernel size, rows");
  size.value = "2.5";
  size.dispatch({ type: "change" });
  assert.equal(view.message(), "K must have a whole number of rows and columns, got (2.5, 3)");
  assert.equal(view.model.traits.kernel[0].length, 3);
  const stride = find("Stride, columns");
  stride.value = "";
  stride.dispatch({ type: "change" });
  assert.equal(view.message(), "stride must be an int or a pair of ints, got (1, ?)");
  const bias = find("Bias");
  bias.value = "";
  bias.dispatch({ type: "change" });
  assert.equal(view.message(), "bias must be a finite number, got nothing");
  assert.equal(view.model.traits.bias, 0);
  const weight = find("weight row 0, column 0");
  weight.value = "";
  weight.dispatch({ type: "change" });
  assert.equal(view.message(), '"" is not a number; the value stays -1.');
  bias.value = "0.5";
  bias.dispatch({ type: "change" });
  assert.equal(view.model.traits.bias, 0.5);
  assert.equal(view.message(), "");
});
