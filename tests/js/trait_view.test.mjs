// Tests of trait_view.js: a view's plumbing with its model (judging each state whole,
// putting back what does not fit, the language), on the fake anywidget model of
// fake_dom.mjs.  The two views run on it in their own tests.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { TraitView, saveTraits, viewRenderer } from "../../d2l_utils/widgets/trait_view.js";
import { fakeModel, installDocument } from "./fake_dom.mjs";
import { settle } from "./vectors.mjs";

const positive = (state) => (state.n > 0 ? { ok: true } : { ok: false, error: `n must be positive, got ${state.n}` });

class Counter extends TraitView {
  constructor(model) {
    super(model, ["n"], positive);
    this.drawn = 0;
    this.refused = [];
    this.listen();
  }
  refresh() { this.drawn += 1; }
  refuseSetting(error) { this.refused.push(error); }
}

test("an edit that does not fit is refused before it is written; one that fits is", () => {
  const model = fakeModel({ n: 1 });
  const view = new Counter(model);
  assert.equal(view.set({ n: 0 }), false);
  assert.equal(model.traits.n, 1);
  assert.deepEqual(view.refused, ["n must be positive, got 0"]);
  assert.equal(view.set({ n: 2 }), true);
  assert.equal(model.traits.n, 2);
  assert.deepEqual(view.state(), { n: 2, lang: "en" });
});

test("a change arriving in the model that does not fit is put back a microtask later", async () => {
  const model = fakeModel({ n: 1 });
  const view = new Counter(model);
  model.set("n", -3);
  await settle();
  assert.equal(model.traits.n, 1);
  assert.deepEqual(view.refused, ["n must be positive, got -3"]);
  view.release();
  model.set("n", 5);
  assert.equal(view.drawn, 0, "a released view draws nothing");
});

test("saveTraits passes over a model that cannot save", () => {
  const model = fakeModel({});
  model.save_changes = () => { throw new Error("no kernel"); };
  assert.doesNotThrow(() => saveTraits(model, { n: 1 }));
  assert.equal(model.traits.n, 1);
});

test("viewRenderer says why a view cannot start, in the model's language", () => {
  const doc = installDocument();
  const el = doc.createElement("div");
  class Broken { constructor() { throw new Error("no canvas"); } }
  const remove = viewRenderer(/** @type {any} */ (Broken), "sw.could_not_start")({ model: fakeModel({ lang: "en" }), el });
  assert.match(el.textContent, /no canvas/);
  remove();
  assert.equal(el.children.length, 0);
});
