// Tests of the image view's pure functions against d2l_utils.reference, through the
// vectors written by tests/make_image_vectors.py.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { fakeModel, installDocument, readable } from "./fake_dom.mjs";
import widget from "../../d2l_utils/widgets/image_window.js";
import { MAX_IMAGE_PADDING, MAX_IMAGE_SIDE, MAX_KERNEL_SIDE, UPLOAD_SIDE } from "../../d2l_utils/widgets/constants.js";
import { asBytes, checkImageSettings, decodePixels, imageConfig, imageLimitError, kernelLimitError } from "../../d2l_utils/widgets/image_state.js";
import { cellAt, cellArithmetic, featureMaps, pictureLabel, poolConfig, poolMap } from "../../d2l_utils/widgets/image_maths.js";
import { colourMap, darkGray, divergingColor, divergingLUT, fitSize, luma, planarFromRGBA, valueRange } from "../../d2l_utils/widgets/image_colours.js";
import { galleryKernel, resizeKernel } from "../../d2l_utils/widgets/image_edits.js";
import { windowTerms } from "../../d2l_utils/widgets/window_terms.js";

const vectors = JSON.parse(readFileSync(
  new URL("../vectors/image_window.json", import.meta.url), "utf8"));

// The state as anywidget hands it over: pixels as a DataView of the bytes.
function withBytes(state) {
  const raw = Buffer.from(state.pixels, "base64");
  const bytes = new Uint8Array(raw.length);
  bytes.set(raw);
  return Object.assign({}, state, { pixels: new DataView(bytes.buffer) });
}

function checked(state) {
  const described = imageConfig(withBytes(state));
  assert.equal(described.ok, true, `imageConfig failed: ${described.error}`);
  return described.cfg;
}

function rows(data, h, w) {
  return Array.from({ length: h }, (_, i) => Array.from(data.subarray(i * w, (i + 1) * w)));
}

test("the vectors cover the gallery, RGB, pooling, random cases and the limits", () => {
  assert.equal(vectors.limits.max_image_side, MAX_IMAGE_SIDE);
  assert.equal(vectors.limits.max_kernel_side, MAX_KERNEL_SIDE);
  for (const name of Object.keys(vectors.gallery)) {
    assert.ok(vectors.cases.some((c) => c.name === `photo, ${name}`), name);
  }
  assert.ok(vectors.cases.some((c) => c.state.image_shape[0] === 3));
  assert.ok(vectors.cases.some((c) => c.state.pool === "avg"));
  assert.ok(vectors.cases.some((c) => c.state.pool === "max"));
  assert.ok(vectors.cases.length >= 25);
  assert.ok(vectors.invalid.length >= 7);
});

for (const c of vectors.cases) {
  test(`feature maps of "${c.name}" equal the reference to the last bit`, () => {
    const cfg = checked(c.state);
    const { maps, total } = featureMaps(cfg);
    assert.deepEqual([cfg.oh, cfg.ow], [c.feature_map.length, c.feature_map[0].length]);
    maps.forEach((map, ch) => assert.deepEqual(rows(map, cfg.oh, cfg.ow), c.channel_maps[ch], `channel ${ch}`));
    assert.deepEqual(rows(total, cfg.oh, cfg.ow), c.feature_map);
  });

  test(`window terms of "${c.name}" read the reference's windows and add up to the map`, () => {
    const cfg = checked(c.state);
    const { total } = featureMaps(cfg);
    for (const { cell: [i, j], indices } of c.windows) {
      const { result, lines } = cellArithmetic(cfg, i, j);
      for (const chan of result.channels) assert.deepEqual(chan.terms.map((t) => [t.r, t.c]), indices);
      assert.equal(result.value, total[i * cfg.ow + j], `cell ${i}, ${j}`);
      assert.match(lines.at(-1), / = \S+$/);
    }
  });

  if (c.pooled) {
    test(`pooling of "${c.name}" equals the reference`, () => {
      const cfg = checked(c.state);
      const { total } = featureMaps(cfg);
      const pooled = poolMap(total, cfg.oh, cfg.ow, cfg.pool, cfg.poolSize, cfg.poolStride);
      assert.deepEqual([pooled.rows, pooled.cols, cfg.poh, cfg.pow],
        [c.pooled.length, c.pooled[0].length, c.pooled.length, c.pooled[0].length]);
      const pcfg = poolConfig(cfg, total);
      c.pooled.forEach((row, i) => row.forEach((expected, j) => {
        const got = pooled.data[i * pooled.cols + j];
        // NumPy's mean may add in another order: averages agree to rounding.
        const tol = cfg.pool === "max" ? 0 : 1e-12 * Math.max(1, Math.abs(expected));
        assert.ok(Math.abs(got - expected) <= tol, `pooled ${i}, ${j}: ${got} != ${expected}`);
        assert.equal(windowTerms(pcfg, 0, i, j).value, got, `window_core's terms at ${i}, ${j}`);
      }));
    });
  }
}

for (const c of vectors.invalid) {
  test(`invalid: ${c.name} gives Python's message`, () => {
    const described = imageConfig(withBytes(c.state));
    assert.equal(described.ok, false);
    assert.equal(described.error, c.error);
  });
}

test("featureMaps reuses a previous result's arrays and still equals the reference", () => {
  const [a, b] = vectors.cases.filter((c) => c.name.startsWith("photo, ")).slice(3, 5);
  const first = featureMaps(checked(a.state));
  const again = featureMaps(checked(b.state), first);
  assert.equal(again.total, first.total); // the same array, overwritten
  assert.deepEqual(rows(again.total, b.feature_map.length, b.feature_map[0].length), b.feature_map);
});

test("limit messages match the Python ones", () => {
  assert.equal(imageLimitError([3, 200, 100]), null);
  assert.equal(kernelLimitError([15, 1]), null);
  const big = vectors.invalid.find((c) => c.name === "picture over the limit");
  assert.equal(imageLimitError([MAX_IMAGE_SIDE + 1, 2]), big.error);
});

test("the written-out sum of 6.2's corr2d is 0×0 + 1×1 + 3×2 + 4×3 = 19", () => {
  const cfg = checked(vectors.cases.find((c) => c.name.startsWith("corr2d")).state);
  assert.deepEqual(cellArithmetic(cfg, 0, 0).lines, ["0×0 + 1×1 + 3×2 + 4×3 = 19"]);
  assert.deepEqual(cellArithmetic(cfg, 1, 1).lines, ["4×0 + 5×1 + 7×2 + 8×3 = 43"]);
});

test("RGB sums are written per channel, then added with the bias", () => {
  const c = vectors.cases.find((x) => x.name.startsWith("RGB photo, a kernel per channel"));
  const cfg = checked(c.state);
  const { lines, result } = cellArithmetic(cfg, 0, 0);
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^channel 0: /);
  assert.match(lines[3], / \+ 0\.5 = /);
  assert.equal(result.value, c.feature_map[0][0]);
});

test("pixel bytes decode as byte / 255 and little-endian float32", () => {
  assert.deepEqual(Array.from(decodePixels(new Uint8Array([0, 51, 255]), "uint8", 3)), [0, 0.2, 1]);
  const f = new Uint8Array(new Float32Array([0.5, -2]).buffer);
  assert.deepEqual(Array.from(decodePixels(f, "float32", 2)), [0.5, -2]);
  const buffer = new Uint8Array([9, 8, 7]).buffer;
  assert.deepEqual(Array.from(asBytes(new DataView(buffer, 1))), [8, 7]);
  assert.deepEqual(Array.from(asBytes(buffer)), [9, 8, 7]);
  assert.equal(asBytes("AAAA"), null);
});

test("a state whose bytes do not fit its shape is refused with a message", () => {
  const state = withBytes(vectors.cases[1].state);
  state.image_shape = [1, 17, 16];
  const described = imageConfig(state);
  assert.equal(described.ok, false);
  assert.match(described.error, /needs 272 bytes of uint8, got 256/);
});

test("gray levels use Pillow's integer luma; planes come out channel-first", () => {
  assert.equal(luma(255, 255, 255), 255);
  assert.equal(luma(255, 0, 0), 76);
  assert.equal(luma(0, 255, 0), 150);
  assert.equal(luma(0, 0, 255), 29);
  const rgba = new Uint8Array([10, 20, 30, 255, 40, 50, 60, 255]);
  assert.deepEqual(Array.from(planarFromRGBA(rgba, 2, 1, 3)), [10, 40, 20, 50, 30, 60]);
  assert.deepEqual(Array.from(planarFromRGBA(rgba, 2, 1, 1)), [luma(10, 20, 30), luma(40, 50, 60)]);
});

test("own pictures are scaled down to the upload side, never up", () => {
  assert.deepEqual(fitSize(1024, 512, UPLOAD_SIDE), [256, 128]);
  assert.deepEqual(fitSize(100, 40, UPLOAD_SIDE), [100, 40]);
  assert.deepEqual(fitSize(5000, 3, 256), [256, 1]);
});

test("the diverging colours: purple below zero, near white at zero, orange above", () => {
  assert.deepEqual(divergingColor(0), [0x2d, 0x00, 0x4b]);
  assert.deepEqual(divergingColor(0.5), [0xf7, 0xf7, 0xf7]);
  assert.deepEqual(divergingColor(1), [0x7f, 0x3b, 0x08]);
  const rgba = colourMap(new Float64Array([-2, 0, 2]), 2);
  assert.deepEqual(Array.from(rgba.subarray(0, 4)), [0x2d, 0x00, 0x4b, 255]);
  assert.deepEqual(Array.from(rgba.subarray(8, 12)), [0x7f, 0x3b, 0x08, 255]);
  assert.deepEqual(valueRange(new Float64Array([-1, 3])), { min: -1, max: 3, limit: 3 });
  assert.equal(valueRange(new Float64Array([0, 0])).limit, 1);
});

test("the 256 colours are those of the static picture (image_html.py)", () => {
  const lut = divergingLUT();
  vectors.colours.forEach((rgb, n) => assert.deepEqual(Array.from(lut.subarray(3 * n, 3 * n + 3)), rgb, `colour ${n}`));
  const words = colourMap(new Float64Array([-1, -0.5, 0, 0.25, 1]), 1);
  [[-1, 0], [-0.5, 64], [0, 128], [0.25, 159], [1, 255]].forEach(([v, n], m) => assert.deepEqual(
    Array.from(words.subarray(4 * m, 4 * m + 3)), vectors.colours[n], `value ${v}`));
});

test("inset text is white on gray levels below luminance 0.179, black above", () => {
  assert.equal(darkGray(0), true);
  assert.equal(darkGray(117), true);   // luminance 0.178
  assert.equal(darkGray(118), false);  // luminance 0.181
  assert.equal(darkGray(255), false);
});

test("a click on the picture picks the window centred nearest it", () => {
  const c = vectors.cases.find((x) => x.name === "photo, Sobel x, padding 1, stride 2");
  const cfg = checked(c.state);
  assert.deepEqual(cellAt(cfg, 0, 0), [0, 0]);
  assert.deepEqual(cellAt(cfg, 4, 6), [2, 3]);
  assert.deepEqual(cellAt(cfg, 99, -5), [cfg.oh - 1, 0]);
  assert.match(pictureLabel(cfg, 1, 2), /grayscale picture, 16 by 16 pixels; the 3 by 3 window covers rows 1 to 3, columns 3 to 5/);
});

test("kernel edits: resizing keeps overlapping weights, the gallery fills every channel", () => {
  assert.deepEqual(resizeKernel([[[1, 2], [3, 4]]], 1, 3), [[[1, 2, 0]]]);
  const edit = galleryKernel(vectors.gallery, "[[1, -1]]", 3);
  assert.deepEqual(edit, { kernel: [[[1, -1]], [[1, -1]], [[1, -1]]], kernel_name: "[[1, -1]]" });
  assert.equal(galleryKernel(vectors.gallery, "nope", 1), null);
});

test("the module's default export has render", () => {
  assert.equal(typeof widget.render, "function");
});

// ---------------------------------------------------------------------------
// Settings set after the widget exists: refused with Python's message (the vectors'
// trait_sets, made by image_window.check_traits); the view keeps drawing the last state
// that fitted and puts the model's value back.
// ---------------------------------------------------------------------------

/** A value of the vectors: {"float": "nan"} and {"bytes": base64} for what JSON cannot hold. */
function fromJson(value) {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value && typeof value === "object" && "float" in value) {
    return { nan: NaN, inf: Infinity, "-inf": -Infinity }[value.float];
  }
  if (value && typeof value === "object" && "bytes" in value) {
    const raw = Buffer.from(value.bytes, "base64");
    const bytes = new Uint8Array(raw.length);
    bytes.set(raw);
    return new DataView(bytes.buffer);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  }
  return value;
}

const baseState = (name) => Object.assign(fromJson(vectors.trait_bases[name]), { _gallery: vectors.gallery });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const label = (c) => `${c.base} ${c.trait}=${JSON.stringify(c.value).slice(0, 30)}`;

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

test("the trait vectors hold bad values for every setting the view reads, and the language", () => {
  const traits = new Set(vectors.trait_sets.map((c) => c.trait));
  assert.deepEqual([...traits].sort(), Object.keys(vectors.trait_bases.gray).sort());
});

for (const c of vectors.trait_sets) {
  test(`settings: ${label(c)} gives Python's message, in Chinese too`, () => {
    const state = Object.assign(baseState(c.base), { [c.trait]: fromJson(c.value) });
    assert.deepEqual(checkImageSettings(state), { ok: false, error: c.error });
    if (c.trait !== "lang") {
      const zh = checkImageSettings(Object.assign({}, state, { lang: "zh" }));
      assert.equal(zh.ok, false);
      assert.notEqual(zh.error, c.error, "the Chinese message is missing");
    }
  });

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
