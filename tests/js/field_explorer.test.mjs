// The FieldExplorer view (field_explorer.js, field_draw.js) in a fake DOM: it draws a canvas
// per layer with what a reader hears, answers keys and clicks, puts back a refused setting
// with Python's message and keeps drawing.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { fakeModel, installDocument } from "./fake_dom.mjs";
import widget from "../../d2l_utils/widgets/field_explorer.js";
import { presetTraits } from "../../d2l_utils/widgets/field_state.js";
import { readVectors, settle } from "./vectors.mjs";

const vectors = readVectors("receptive_field.json");

function drawView(traits) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const model = fakeModel(Object.assign({ title: "", lang: "en" }, traits));
  const remove = widget.render({ model, el });
  const root = el.children[0];
  const part = (cls) => root.descendants().find((node) => node.classList.contains(cls));
  const canvases = () => root.descendants().filter((n) => n.tagName === "CANVAS");
  return { model, remove, root, part, canvases, message: () => part("rf-message").textContent };
}

test("the module's default export has render", () => {
  assert.equal(typeof widget.render, "function");
});

test("a preset draws a canvas per layer and says the field, the padding and the recurrence", () => {
  const view = drawView(presetTraits("ten_5x5"));
  assert.equal(view.canvases().length, 11);
  assert.equal(view.canvases()[0].getAttribute("aria-label"),
    "input: 240 cells per axis; the chosen unit's field covers 1681 of them");
  assert.match(view.part("rf-summary").textContent, /^Unit \(100, 100\) of layer 10 sees 41 input cells per axis, from 100 to 140/);
  assert.match(view.part("rf-maths").textContent, /r_10 = r_9 \+ d_10 \(k_10 − 1\) × j_9 = 37 \+ 1 × \(5 − 1\) × 1 = 41$/);
  view.remove();
});

test("keys move the unit in its layer and Page Up changes the layer; the edge runs into padding", () => {
  const view = drawView(Object.assign(presetTraits("stride_2"), { selected: [5, 0, 0] }));
  assert.match(view.part("rf-summary").textContent, /from -31 to 31.*\n.*runs into padding: 31 cells before/);
  const last = view.canvases()[5];
  last.dispatch({ type: "keydown", key: "ArrowRight" });
  assert.deepEqual(view.model.traits.selected, [5, 0, 1]);
  last.dispatch({ type: "keydown", key: "PageUp" });
  assert.deepEqual(view.model.traits.selected, [4, 0, 1]);
  view.remove();
});

for (const c of vectors.refused.filter((r) => ["layers", "size", "dims"].includes(r.trait))) {
  test(`settings: ${c.trait}=${JSON.stringify(c.value).slice(0, 40)} set in the model is put back with Python's message`, async () => {
    const view = drawView(vectors.good);
    const kept = view.model.traits[c.trait];
    const before = view.part("rf-summary").textContent;
    view.model.set(c.trait, c.value);
    await settle();
    assert.equal(view.model.traits[c.trait], kept);
    assert.equal(view.message(), c.error);
    assert.equal(view.part("rf-summary").textContent, before);
    view.remove();
  });
}

test("a layer edited in the page past its limit is refused saying why, then an edit that fits is drawn", () => {
  const view = drawView(presetTraits("lenet"));
  const box = view.root.descendants().find((n) => n.getAttribute("aria-label") === "layer 1: padding");
  box.value = "9";
  box.dispatch({ type: "change" });
  assert.equal(view.model.traits.layers[0].padding, 2);
  assert.equal(view.message(), "layers[0]['padding'] must be an int from 0 to 4, got 9");
  box.value = "0";
  box.dispatch({ type: "change" });
  assert.equal(view.model.traits.layers[0].padding, 0);
  assert.equal(view.message(), "");
  assert.equal(view.canvases()[1].getAttribute("aria-label").split(":")[1].trim(), "24 cells per axis; the chosen unit's field covers 144 of them");
  view.remove();
});

test("in Chinese every word comes from strings.json", () => {
  const view = drawView(Object.assign(presetTraits("dilated"), { lang: "zh" }));
  assert.match(view.part("rf-summary").textContent, /^第 4 层的单元 \(32, 32\) 在每个轴上看到 31 个输入元素/);
  view.remove();
});
