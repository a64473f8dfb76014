// Tests of the widget's pure functions (window_core.js) against d2l_utils.reference, through the
// vectors written by tests/make_vectors.py.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { fakeModel, installDocument, readable } from "./fake_dom.mjs";
import widget from "../../d2l_utils/widgets/sliding_window.js";
import { CONTROL_GROUPS } from "../../d2l_utils/widgets/constants.js";
import { computeOutput, feedsOutputs, outputShape, outputSize, windowIndices, windowTerms } from "../../d2l_utils/widgets/window_terms.js";
import { formatNumber } from "../../d2l_utils/widgets/text.js";
import { formatSum, formulaText } from "../../d2l_utils/widgets/window_text.js";
import { parseNumber } from "../../d2l_utils/widgets/typed.js";
import { gridMove } from "../../d2l_utils/widgets/view_parts.js";
import { checkSettings, describeState, groupsNeeded, normalize, presetsFor, shownGroups } from "../../d2l_utils/widgets/sliding_state.js";
import { biasEdit, pairEdit, resizeInput, resizeWindow, switchMode, valueEdit } from "../../d2l_utils/widgets/sliding_edits.js";

const vectors = JSON.parse(readFileSync(
  new URL("../vectors/sliding_window.json", import.meta.url), "utf8"));
const preset = (name) => vectors.cases.find((c) => c.preset === name);

// Sums are accumulated in the reference's order, so they agree to the last bit
// except average pooling, where NumPy's mean may add in another order.
function assertClose(actual, expected, what) {
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} != ${expected}`);
}

function checked(state) {
  const norm = normalize(state);
  assert.equal(norm.ok, true, `normalize failed: ${norm.error}`);
  return norm.cfg;
}

test("the vectors cover every preset and random cases", () => {
  assert.equal(vectors.cases.filter((c) => c.preset).length, 10);
  assert.ok(vectors.cases.length >= 40);
  assert.ok(vectors.invalid.length >= 5);
});

for (const c of vectors.cases) {
  test(`output and windows of ${c.name} match the reference`, () => {
    const cfg = checked(c.state);
    assert.deepEqual(outputShape(cfg), c.output_shape);
    const Y = computeOutput(cfg);
    assert.deepEqual([Y.length, Y[0].length, Y[0][0].length], c.output_shape);
    Y.forEach((rows, ch) => rows.forEach((row, i) => row.forEach((v, j) =>
      assertClose(v, c.output[ch][i][j], `${c.name} [${ch}, ${i}, ${j}]`))));
    assert.ok(c.windows.length > 0);
    for (const win of c.windows) {
      const [i, j] = win.cell;
      assert.deepEqual(windowIndices(cfg, i, j), win.indices, `${c.name} window ${i},${j}`);
      const result = windowTerms(cfg, win.channel, i, j);
      assertClose(result.value, win.value, `${c.name} terms ${i},${j}`);
      for (const chan of result.channels) {
        assert.deepEqual(chan.terms.map((t) => [t.r, t.c]), win.indices);
      }
    }
  });
}

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

test("seed sums of 6.2: 19, 25, 37, 43", () => {
  const cfg = checked(preset("corr2d").state);
  const sums = [[0, 0], [0, 1], [1, 0], [1, 1]].map(([i, j]) => formatSum(cfg, windowTerms(cfg, 0, i, j)));
  assert.deepEqual(sums, [
    ["0×0 + 1×1 + 3×2 + 4×3 = 19"],
    ["1×0 + 2×1 + 4×2 + 5×3 = 25"],
    ["3×0 + 4×1 + 6×2 + 7×3 = 37"],
    ["4×0 + 5×1 + 7×2 + 8×3 = 43"],
  ]);
});

test("seed sums of pooling: max(...) = 4 and the average 2", () => {
  const max = checked(preset("max_pool").state);
  assert.deepEqual(formatSum(max, windowTerms(max, 0, 0, 0)), ["max(0, 1, 3, 4) = 4"]);
  const avg = checked(preset("avg_pool").state);
  assert.deepEqual(formatSum(avg, windowTerms(avg, 0, 0, 0)), ["(0 + 1 + 3 + 4) / 4 = 2"]);
});

test("padding: max leaves -inf out, average and correlation count it as 0", () => {
  const cfg = checked(preset("pool_pad_stride").state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 0)), ["max(0, 1, 4, 5) = 5"]);
  const avg = checked(Object.assign({}, preset("pool_pad_stride").state, { mode: "avg" }));
  assert.deepEqual(formatSum(avg, windowTerms(avg, 0, 0, 0)),
    ["(0 + 0 + 0 + 0 + 0 + 1 + 0 + 4 + 5) / 9 = 1.1111"]);
  const corr = checked(preset("padding").state);
  const terms = windowTerms(corr, 0, 0, 0).channels[0].terms;
  assert.equal(terms.filter((t) => t.pad).length, 5);
  assert.ok(terms.filter((t) => t.pad).every((t) => t.x === 0));
});

test("seed sum of two input channels: 19 + 37 = 56", () => {
  const cfg = checked(preset("multi_in").state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 0)), [
    "channel 0: 0×0 + 1×1 + 3×2 + 4×3 = 19",
    "channel 1: 1×1 + 2×2 + 4×3 + 5×4 = 37",
    "19 + 37 = 56",
  ]);
});

test("the bias is added last and written out", () => {
  const state = Object.assign({}, preset("corr2d").state, { bias: 0.5 });
  const cfg = checked(state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 0)), ["0×0 + 1×1 + 3×2 + 4×3 + 0.5 = 19.5"]);
  assert.equal(computeOutput(cfg)[0][1][1], 43.5);
});

test("output channels pick their own kernel", () => {
  const c = preset("multi_in_out");
  const cfg = checked(c.state);
  for (let co = 0; co < 3; co++) {
    assert.equal(windowTerms(cfg, co, 1, 1).value, c.output[co][1][1]);
  }
});

test("formulas substitute the numbers and show floor() only when rows are dropped", () => {
  const exact = formulaText(checked(preset("padding").state));
  assert.equal(exact.rows.perSide, "(8 + 2×1 - 1×(3 - 1) - 1) / 1 + 1 = 7 / 1 + 1 = 7 + 1 = 8");
  assert.equal(exact.rows.total, "(8 - 3 + 2 + 1) / 1 = 8 / 1 = 8");
  assert.equal(exact.rows.dropped, 0);
  const strided = formulaText(checked(preset("stride").state));
  assert.equal(strided.rows.perSide,
    "floor((8 + 2×0 - 1×(3 - 1) - 1) / 3) + 1 = floor(5 / 3) + 1 = 1 + 1 = 2");
  assert.equal(strided.cols.total, "floor((8 - 5 + 2 + 4) / 4) = floor(9 / 4) = 2");
  assert.equal(strided.rows.dropped, 2);
  for (const c of vectors.cases) {
    const f = formulaText(checked(c.state));
    assert.deepEqual([f.rows.size, f.cols.size], c.output_shape.slice(1), c.name);
    for (const axis of [f.rows, f.cols]) {
      assert.equal(axis.perSide.includes("floor"), axis.dropped > 0, c.name);
      assert.ok(axis.total.endsWith(`= ${axis.size}`) || axis.total.includes(`= ${axis.size}   (k =`));
    }
  }
});

test("outputSize is the per-side formula", () => {
  assert.equal(outputSize(8, 3, 1, 2), 4);
  assert.equal(outputSize(8, 3, 1, 1, 2), 6);
});

test("feedsOutputs is the inverse of windowIndices", () => {
  for (const c of vectors.cases) {
    const cfg = checked(c.state);
    const [ph, pw] = cfg.padding;
    const reads = new Map();
    for (let i = 0; i < cfg.oh; i++) {
      for (let j = 0; j < cfg.ow; j++) {
        for (const [r, col] of windowIndices(cfg, i, j)) {
          const key = `${r},${col}`;
          if (!reads.has(key)) reads.set(key, []);
          reads.get(key).push([i, j]);
        }
      }
    }
    for (let r = -ph; r < cfg.h + ph; r++) {
      for (let col = -pw; col < cfg.w + pw; col++) {
        const expected = (reads.get(`${r},${col}`) || []).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        assert.deepEqual(feedsOutputs(cfg, r, col), expected, `${c.name} input ${r},${col}`);
      }
    }
  }
});

test("numbers: integers exactly, others rounded, negatives bracketed in sums", () => {
  assert.equal(formatNumber(19), "19");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatNumber(2 / 3), "0.6667");
  assert.equal(formatNumber(1e-7), "1.00e-7");
  assert.equal(formatNumber(-Infinity), "-∞");
  const cfg = checked(preset("edge").state);
  assert.deepEqual(formatSum(cfg, windowTerms(cfg, 0, 0, 1)), ["1×1 + 0×(-1) = 1"]);
});

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

test("resizing keeps values and switching modes gives a valid state", () => {
  const state = preset("corr2d").state;
  const bigger = Object.assign({}, state, resizeInput(state, 4, 5));
  assert.deepEqual(bigger.x[0][0], [0, 1, 2, 0, 0]);
  assert.deepEqual(bigger.x[0][3], [0, 0, 0, 0, 0]);
  assert.deepEqual(checked(bigger).outputShape, [1, 3, 4]);
  const wide = Object.assign({}, state, resizeWindow(state, 2, 3));
  assert.deepEqual(wide.k[0][0], [[0, 1, 0], [2, 3, 0]]);
  const pooled = Object.assign({}, preset("padding").state, switchMode(preset("padding").state, "max"));
  assert.deepEqual(checked(pooled).outputShape, [1, 8, 8]);
  const back = Object.assign({}, pooled, switchMode(pooled, "corr"));
  assert.deepEqual(checked(back).outputShape, [1, 8, 8]);
  const multi = preset("multi_in").state;
  const pooledMulti = Object.assign({}, multi, switchMode(multi, "avg"));
  assert.deepEqual(checked(pooledMulti).outputShape, [2, 2, 2]);
  assert.deepEqual(checked(Object.assign({}, pooledMulti, switchMode(pooledMulti, "corr"))).outputShape, [1, 2, 2]);
});

test("the module's default export is anywidget's { render }", () => {
  assert.equal(typeof widget.render, "function");
  assert.deepEqual(Object.keys(widget), ["render"]);
});

test("gridMove: arrows step and stop at the edges, Home/End jump, other keys do nothing", () => {
  assert.deepEqual(gridMove("ArrowRight", 0, 0, 2, 3), [0, 1]);
  assert.deepEqual(gridMove("ArrowDown", 0, 2, 2, 3), [1, 2]);
  assert.deepEqual(gridMove("ArrowLeft", 1, 0, 2, 3), [1, 0]);
  assert.deepEqual(gridMove("ArrowDown", 1, 1, 2, 3), [1, 1]);
  assert.deepEqual(gridMove("Home", 1, 2, 2, 3), [0, 0]);
  assert.deepEqual(gridMove("End", 0, 0, 2, 3), [1, 2]);
  assert.equal(gridMove("a", 0, 0, 2, 3), null);
});

// ---------------------------------------------------------------------------
// Edits typed by the reader: refused (a message, no traits) or trait values.
// ---------------------------------------------------------------------------

const TOO_LARGE = " is too large to draw here (at most 64 rows and columns and 8 channels)";

test("size boxes: what the state cannot hold is refused with a message", () => {
  const corr = preset("corr2d").state;
  const pool = preset("max_pool").state;
  const multi = preset("multi_in_out").state;
  const refused = [
    [corr, "input", [0, 3], "X must not be empty, got shape (0, 3)"],
    [multi, "input", [3, 0], "X must not be empty, got shape (2, 3, 0)"],
    [corr, "input", [1.5, 3], "X must have a whole number of rows and columns, got (1.5, 3)"],
    [corr, "input", [NaN, 3], "X must have a whole number of rows and columns, got (?, 3)"],
    [corr, "input", [65, 3], "X of shape (65, 3)" + TOO_LARGE],
    [corr, "input", [1e9, 1e9], "X of shape (1000000000, 1000000000)" + TOO_LARGE],
    [corr, "window", [0, 2], "K must not be empty, got shape (0, 2)"],
    [multi, "window", [2, 0], "K must not be empty, got shape (3, 2, 2, 0)"],
    [corr, "window", [2, 2.5], "K must have a whole number of rows and columns, got (2, 2.5)"],
    [corr, "window", [65, 2], "K of shape (65, 2)" + TOO_LARGE],
    [pool, "window", [0, 2], "pool_size must be at least 1, got (0, 2)"],
    [pool, "window", [1.5, 2], "pool_size must be an int or a pair of ints, got (1.5, 2)"],
    [pool, "window", [65, 2], "window pool_size of shape (65, 2) is larger than input X of shape (3, 3)"],
    [corr, "padding", [1.5, 0], "padding must be an int or a pair of ints, got (1.5, 0)"],
    [corr, "stride", [1, NaN], "stride must be an int or a pair of ints, got (1, ?)"],
    [corr, "dilation", [0.5, 1], "dilation must be an int or a pair of ints, got (0.5, 1)"],
  ];
  for (const [state, control, values, error] of refused) {
    assert.deepEqual(pairEdit(state, control, values), { error }, `${control} ${values}`);
  }
});

test("size boxes: whole numbers become traits, and normalize() names what does not fit", () => {
  const corr = preset("corr2d").state;
  const edit = (control, values) => {
    const result = pairEdit(corr, control, values);
    assert.equal(result.error, undefined, result.error);
    return Object.assign({}, corr, result.traits);
  };
  assert.deepEqual(edit("input", [3, 4]).x[0][0], [0, 1, 2, 0]);
  assert.deepEqual(edit("window", [3, 2]).k[0][0], [[0, 1], [2, 3], [0, 0]]);
  assert.equal(normalize(edit("stride", [0, 1])).error, "stride must be at least 1, got (0, 1)");
  assert.equal(normalize(edit("padding", [-1, 0])).error, "padding must be non-negative, got (-1, 0)");
  assert.equal(normalize(edit("padding", [31, 0])).error,
    "X of shape (3, 3) padded by (31, 0) to (65, 3)" + TOO_LARGE);
  assert.equal(normalize(edit("window", [4, 2])).error,
    "kernel K of shape (4, 2) is larger than input X of shape (3, 3)");
});

test("typed numbers: a typographic minus reads, what is no finite number does not", () => {
  assert.deepEqual(parseNumber(" \u22122.5 "), { value: -2.5 });
  assert.deepEqual(parseNumber("1e308"), { value: 1e308 });
  assert.deepEqual(parseNumber("abc"), { error: '"abc" is not a number' });
  assert.deepEqual(parseNumber(""), { error: '"" is not a number' });
  assert.deepEqual(parseNumber("1e309"), { error: '"1e309" is too large for a 64-bit float' });
  const corr = preset("corr2d").state;
  assert.deepEqual(biasEdit(corr, "1e309"), { error: "bias must be a finite number, got 1e309" });
  assert.deepEqual(biasEdit(corr, " "), { error: "bias must be a finite number, got nothing" });
  assert.deepEqual(biasEdit(corr, "-1.5"), { traits: { bias: -1.5 } });
  assert.deepEqual(biasEdit(corr, "1e308"), { traits: { bias: 1e308 } });
});

test("values that would overflow a working state are refused; a broken state takes any", () => {
  const corr = preset("corr2d").state;
  const x = (a, b) => [[[0, a, 2], [3, b, 5], [6, 7, 8]]];
  assert.deepEqual(valueEdit(corr, { x: x(1e308, 4) }), { traits: { x: x(1e308, 4) } });
  const one = Object.assign({}, corr, { x: x(1e308, 4) });
  assert.deepEqual(valueEdit(one, { x: x(1e308, 1e308) }),
    { error: "output has infinity at position (0, 0): the sums overflow float64" });
  assert.deepEqual(valueEdit(one, { bias: 1.7e308 }),
    { error: "output has infinity at position (0, 0): the sums overflow float64" });
  const broken = Object.assign({}, corr, { stride: [0, 1] });
  assert.deepEqual(valueEdit(broken, { x: x(1e308, 1e308) }), { traits: { x: x(1e308, 1e308) } });
});

// ---------------------------------------------------------------------------
// Control groups.
// ---------------------------------------------------------------------------

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

test("formulas leave out the terms of hidden controls at their defaults, never a used one", () => {
  const corr = checked(preset("corr2d").state);
  const plain = formulaText(corr, shownGroups(["values"]));
  assert.deepEqual(plain.symbols, { perSide: "n - k + 1", total: null });
  assert.equal(plain.rows.perSide, "3 - 2 + 1 = 2");
  assert.equal(plain.rows.total, null);
  const padded = formulaText(corr, shownGroups(["padding"]));
  assert.deepEqual(padded.symbols, { perSide: "n + 2p - k + 1", total: "floor((n - k + p + s) / s)" });
  assert.equal(padded.cols.perSide, "3 + 2×0 - 2 + 1 = 2");
  const strided = formulaText(checked(preset("stride").state), shownGroups([]));
  assert.deepEqual(strided.symbols,
    { perSide: "floor((n + 2p - k) / s) + 1", total: "floor((n - k + p + s) / s)" });
  assert.equal(strided.rows.perSide, "floor((8 + 2×0 - 3) / 3) + 1 = floor(5 / 3) + 1 = 1 + 1 = 2");
  assert.deepEqual(formulaText(corr), formulaText(corr, shownGroups(undefined)));
  for (const c of vectors.cases) {
    for (const groups of [[], ["values"], ["stride"], CONTROL_GROUPS]) {
      const f = formulaText(checked(c.state), shownGroups(groups));
      for (const axis of [f.rows, f.cols]) assert.ok(axis.perSide.endsWith(`= ${axis.size}`), c.name);
    }
  }
});

test("describeState writes the formula for the controls shown", () => {
  const state = Object.assign({}, preset("corr2d").state, { controls: ["values", "play"] });
  const described = describeState(state);
  assert.equal(described.ok && described.formula.symbols.perSide, "n - k + 1");
});

// ---------------------------------------------------------------------------
// Settings set after the widget exists: refused with Python's message (the vectors'
// trait_sets, made by sliding_window.check_traits), the view keeps drawing the last
// state that fitted and puts the model's value back.
// ---------------------------------------------------------------------------

/** A value of the vectors: {"float": "nan"} for what JSON cannot hold. */
export function fromJson(value) {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === "object" && "float" in value) {
    return { nan: NaN, inf: Infinity, "-inf": -Infinity }[value.float];
  }
  return value;
}

const presetStates = Object.fromEntries(vectors.cases.filter((c) => c.preset).map((c) => [c.preset, c.state]));
const baseState = (name) => Object.assign(structuredClone(vectors.trait_bases[name]), { _presets: presetStates });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const label = (c) => `${c.base} ${c.trait}=${JSON.stringify(c.value).slice(0, 30)}`;

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
