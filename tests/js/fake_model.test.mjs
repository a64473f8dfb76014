// Tests of tests/widget_page/fake_model.mjs, the fake anywidget model the Node tests and the
// widget pages share: the browser tests' "without change events" runs rely on watched().
import test from "node:test";
import assert from "node:assert/strict";

import { fakeModel, watched } from "../widget_page/fake_model.mjs";

test("fakeModel keeps its own copy of the state and calls the listeners of a set trait", () => {
  const state = { n: 1, m: 2 };
  const model = fakeModel(state);
  const heard = [];
  const onN = () => heard.push(`n=${model.get("n")}`);
  model.on("change:n", onN);
  model.on("change:m", () => heard.push("m"));
  model.set("n", 5);
  assert.deepEqual(heard, ["n=5"]);
  assert.equal(state.n, 1);
  assert.deepEqual(model.traits, { n: 5, m: 2 });
  model.off("change:n", onN);
  model.set("n", 6);
  assert.deepEqual(heard, ["n=5"]);
  assert.deepEqual(Object.values(model.listeners).map((l) => l.length), [0, 1]);
  model.save_changes();
});

test("watched logs every set and, without events, lets no listener in", () => {
  const log = [];
  const model = fakeModel({ n: 1 }, { events: false, log });
  const heard = [];
  model.on("change:n", () => heard.push("n"));
  model.set("n", 2);
  model.set("n", 2);
  assert.deepEqual(heard, []);
  assert.deepEqual(log, ["n", "n"]);
  assert.equal(model.get("n"), 2);
});

test("watched wraps any model's set with its own this (d2l-widgets.js's Model is a class)", () => {
  class Model {
    constructor() { this.state = {}; this.heard = []; }
    set(name, value) { this.state[name] = value; this.heard.push(name); }
    on() { throw new Error("no listener expected"); }
  }
  const log = [];
  const model = watched(new Model(), { log });
  model.set("selected", [0, 1]);
  assert.deepEqual([log, model.heard, model.state], [["selected"], ["selected"], { selected: [0, 1] }]);
  assert.throws(() => model.on("change:x", () => {}));
  assert.doesNotThrow(() => watched(new Model(), { events: false }).on("change:x", () => {}));
});
