// Tests of sliding_state.js: a SlidingWindow state checked with Python's messages
// (tests/vectors/sliding_window.json) and described, and the control groups.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { CONTROL_GROUPS } from "../../d2l_utils/widgets/constants.js";
import { checkSettings, describeState, groupsNeeded, normalize, presetsFor, shownGroups } from "../../d2l_utils/widgets/sliding_state.js";
import { fromJson, label, preset, vectors } from "./vectors.mjs";

const presetStates = Object.fromEntries(vectors.cases.filter((c) => c.preset).map((c) => [c.preset, c.state]));
const baseState = (name) => Object.assign(structuredClone(vectors.trait_bases[name]), { _presets: presetStates });

for (const c of vectors.overflow) {
  test(`overflow: ${c.name} gives the reference's message`, () => {
    assert.equal(normalize(c.state).ok, true);
    const described = describeState(c.state);
    assert.equal(described.ok, false);
    assert.equal(described.error, c.error);
  });
}

for (const c of vectors.invalid) {
  test(`invalid: ${c.name} gives the reference's message`, () => {
    const norm = normalize(c.state);
    assert.equal(norm.ok, false);
    assert.equal(norm.error, c.error);
    const described = describeState(c.state);
    assert.equal(described.ok, false);
    assert.equal(described.error, c.error);
  });
}

test("settings that cannot work give a message, never an exception", () => {
  const base = preset("corr2d").state;
  const bad = [
    undefined, null, {}, "corr", 42,
    Object.assign({}, base, { mode: "min" }),
    Object.assign({}, base, { stride: [0, 1] }),
    Object.assign({}, base, { stride: "2" }),
    Object.assign({}, base, { padding: [1.5, 0] }),
    Object.assign({}, base, { padding: null }),
    Object.assign({}, base, { x: [] }),
    Object.assign({}, base, { x: [[[1, 2], [3]]] }),
    Object.assign({}, base, { x: [[[1, "a"], [3, 4]]] }),
    Object.assign({}, base, { x: [[[1, NaN], [3, 4]]] }),
    Object.assign({}, base, { k: [[[[1, 2, 3, 4, 5]]]] }),
    Object.assign({}, base, { k: "K" }),
    Object.assign({}, base, { k_ndim: 7 }),
    Object.assign({}, base, { bias: "one" }),
    Object.assign({}, base, { x: [new Array(100).fill(new Array(100).fill(0))] }),
    Object.assign({}, preset("max_pool").state, { dilation: [2, 2] }),
    Object.assign({}, preset("max_pool").state, { pool_size: [0, 2] }),
    Object.assign({}, preset("max_pool").state, { bias: 1 }),
  ];
  for (const state of bad) {
    let described;
    assert.doesNotThrow(() => { described = describeState(state); });
    assert.equal(described.ok, false, JSON.stringify(state)?.slice(0, 80));
    assert.equal(typeof described.error, "string");
    assert.ok(described.error.length > 10, described.error);
  }
  assert.equal(describeState(Object.assign({}, base, { mode: "min" })).error,
    "mode must be 'corr', 'max' or 'avg', got 'min'");
  assert.equal(describeState(Object.assign({}, preset("max_pool").state, { dilation: [2, 2] })).error,
    "dilation must be 1 for pooling, got (2, 2)");
});

test("control groups: the trait's names, every group when it is no list", () => {
  assert.deepEqual(CONTROL_GROUPS, ["values", "presets", "play", "padding", "stride", "dilation",
    "channels", "pooling"]);
  assert.deepEqual([...shownGroups(undefined)], CONTROL_GROUPS);
  assert.deepEqual([...shownGroups(["play", "bogus", "values"])], ["play", "values"]);
  assert.deepEqual([...shownGroups([])], []);
});

test("control groups each preset needs, and the presets a page's controls can show", () => {
  const presets = Object.fromEntries(vectors.cases.filter((c) => c.preset).map((c) => [c.preset, c.state]));
  const needs = Object.fromEntries(Object.entries(presets).map(([name, state]) => [name, [...groupsNeeded(state)]]));
  assert.deepEqual(needs, {
    corr2d: [], edge: [], padding: ["padding"], stride: ["padding", "stride"],
    multi_in: ["channels"], multi_in_out: ["channels"], conv1x1: ["channels"],
    max_pool: ["pooling"], avg_pool: ["pooling"], pool_pad_stride: ["padding", "stride", "pooling"],
  });
  assert.deepEqual(presetsFor(presets, shownGroups(["values", "presets", "play"])), ["corr2d", "edge"]);
  assert.deepEqual(presetsFor(presets, shownGroups(["padding", "stride"])),
    ["corr2d", "edge", "padding", "stride"]);
  assert.deepEqual(presetsFor(presets, shownGroups(undefined)), Object.keys(presets));
});

test("describeState writes the formula for the controls shown", () => {
  const state = Object.assign({}, preset("corr2d").state, { controls: ["values", "play"] });
  const described = describeState(state);
  assert.equal(described.ok && described.formula.symbols.perSide, "n - k + 1");
});

test("the trait vectors hold bad values for every setting the view reads, and the language", () => {
  const traits = new Set(vectors.trait_sets.map((c) => c.trait));
  const base = vectors.trait_bases.corr2d;
  assert.deepEqual([...traits].sort(), Object.keys(base).sort());
  assert.ok(vectors.trait_sets.length >= 60);
});

for (const c of vectors.trait_sets) {
  test(`settings: ${label(c)} gives Python's message, in Chinese too`, () => {
    const state = Object.assign(baseState(c.base), { [c.trait]: fromJson(c.value) });
    assert.deepEqual(checkSettings(state), { ok: false, error: c.error });
    const zh = checkSettings(Object.assign({}, state, c.trait === "lang" ? {} : { lang: "zh" }));
    assert.equal(zh.ok, false);
    if (c.trait !== "lang") assert.notEqual(zh.error, c.error, "the Chinese message is missing");
  });
}
