// The widgets' string table (d2l_utils/widgets/strings.json): complete in both languages,
// every key the modules use present, none unused, and the views drawn in Chinese show
// Chinese and no English label.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

import { fakeModel, installDocument, readable } from "./fake_dom.mjs";
import slidingWindow from "../../d2l_utils/widgets/sliding_window.js";
import imageWindow from "../../d2l_utils/widgets/image_window.js";
import { LANGUAGES, say, sayer } from "../../d2l_utils/widgets/strings.js";

const WIDGETS = new URL("../../d2l_utils/widgets/", import.meta.url);
const STRINGS = JSON.parse(readFileSync(new URL("strings.json", WIDGETS), "utf8"));
const read = (name) => readFileSync(new URL(name, WIDGETS), "utf8");
const JS = readdirSync(WIDGETS).filter((name) => name.endsWith(".js"));
const PY = readdirSync(WIDGETS).filter((name) => name.endsWith(".py"));
const vectors = (name) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));

const placeholders = (text) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
// A key as the modules write it: "group.name", in double quotes (file names are not keys).
const KEY_LITERAL = /"([a-z]+\.[a-z0-9_]+)"/g;
const keysIn = (text) => [...text.matchAll(KEY_LITERAL)].map((m) => m[1])
  .filter((key) => !/\.(js|json|css|py)$/.test(key));

test("every string has a non-empty English and Chinese text with the same placeholders", () => {
  assert.deepEqual(LANGUAGES, ["en", "zh"]);
  assert.ok(Object.keys(STRINGS).length > 150);
  for (const [key, entry] of Object.entries(STRINGS)) {
    assert.deepEqual(Object.keys(entry).sort(), ["en", "zh"], key);
    for (const lang of LANGUAGES) {
      assert.equal(typeof entry[lang], "string", `${key}.${lang}`);
      assert.ok(entry[lang].trim().length > 0, `${key}.${lang} is empty`);
    }
    assert.deepEqual(placeholders(entry.zh), placeholders(entry.en), `${key}: placeholders differ`);
    assert.notEqual(entry.zh, entry.en, `${key} is not translated`);
  }
});

test("the Chinese table uses d2l-zh's terms, never 池化 or 步长", () => {
  const zh = Object.values(STRINGS).map((entry) => entry.zh).join("\n");
  for (const wrong of ["池化", "步长", "卷积内核", "过滤器"]) assert.ok(!zh.includes(wrong), wrong);
  for (const term of ["互相关运算", "卷积核", "填充", "步幅", "汇聚", "特征图", "输入通道", "输出通道"]) {
    assert.ok(zh.includes(term), term);
  }
});

test("every key the JavaScript uses is in the table, written out whole", () => {
  for (const name of JS) {
    const text = read(name);
    // A key built at run time could not be checked here: keys are literals.
    assert.doesNotMatch(text, /\b(?:t\(|say(?:er)?\([^,()]+,|SettingError\(|msg\()\s*`/, `${name} builds a key`);
    for (const key of keysIn(text)) assert.ok(key in STRINGS, `${name} uses ${key}, missing from strings.json`);
  }
});

test("every key in the table is used by a widget module (JavaScript or Python)", () => {
  const used = new Set([...JS, ...PY].flatMap((name) => keysIn(read(name))));
  const dead = Object.keys(STRINGS).filter((key) => !used.has(key));
  assert.deepEqual(dead, [], "strings no module uses");
});

test("sayer says what say says, for every key in both languages", () => {
  for (const [key, entry] of Object.entries(STRINGS)) {
    const names = [...entry.en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const params = Object.fromEntries(names.map((name, n) => [name, n + 7]));
    for (const lang of ["en", "zh", "fr"]) {
      assert.equal(sayer(lang, key)(params), say(lang, key, params), `${key} in ${lang}`);
    }
  }
  assert.throws(() => sayer("en", "sum.where")({ row: 0 }), /needs a value for \{col\}/);
  assert.throws(() => sayer("en", "no.such_key"), /strings\.json has no key no\.such_key/);
});

test("say fills placeholders, says nested messages in the same language, and refuses unknown keys", () => {
  assert.equal(say("zh", "sum.where", { row: 0, col: 0 }), "输出第 0 行第 0 列：");
  assert.equal(say("en", "sum.where", { row: 0, col: 0 }), "output row 0, column 0:");
  const inner = { key: "shape.of", params: { name: "X", shape: "(3, 3)" } };
  assert.equal(say("zh", "error.too_large", { what: inner, side: 64, channels: 8 }),
    "形状为 (3, 3) 的 X 太大，这里画不下（最多 64 行、64 列和 8 个通道）");
  assert.equal(say("fr", "play.play"), "Play"); // an unknown language reads English
  assert.throws(() => say("en", "no.such_key"), /strings\.json has no key no\.such_key/);
  assert.throws(() => say("en", "sum.where", { row: 0 }), /needs a value for \{col\}/);
});

// Labels of the English views; none may show in a Chinese one (word by word, so that
// "MXNet" or "floor()" in a formula do not count).  Each must show in English, or the
// check would prove nothing.
const SLIDING_ENGLISH = ["Settings", "Preset", "Operation", "cross-correlation", "Input", "Window",
  "Padding", "Stride", "Dilation", "Bias", "Play", "Step back", "Step forward", "First position",
  "Last position", "Position", "Speed", "Steps per second", "Output shape", "Arrow keys",
  "Click a number", "input", "kernel", "output", "row", "column", "Output size per axis",
  "Dive into Deep Learning", "rows", "cols", "custom", "weight", "Arithmetic"];
const IMAGE_ENGLISH = ["Settings", "Kernel", "Kernel size", "Padding", "Stride", "Dilation", "Bias",
  "Pooling", "Pool window", "Pool stride", "Use your own picture", "picture", "feature map",
  "colour picture", "three input channels", "Colour scale", "values", "weight", "pixels", "under the window", "Click the picture",
  "Feature map size per axis", "row", "column", "rows", "cols", "kernel", "channel", "Arithmetic",
  "never uploaded"];

/** The readable texts that hold `word` as a whole word (identifiers in menus aside). */
function leaks(parts, words, identifiers) {
  const found = [];
  for (const part of parts) {
    if (identifiers.has(part)) continue;
    for (const word of words) {
      if (new RegExp(`(^|[^A-Za-z_])${word.replace(/[()]/g, "\\$&")}($|[^A-Za-z_])`).test(part)) found.push(`${word}: ${part}`);
    }
  }
  return found;
}

function slidingState(lang) {
  const state = vectors("sliding_window.json").cases.find((c) => c.preset === "padding").state;
  return Object.assign({}, state, { lang, title: say(lang, "preset.padding"), selected: [0, 0],
    controls: ["values", "presets", "play", "padding", "stride", "dilation", "channels", "pooling"],
    _presets: { padding: state } });
}

function drawSliding(lang) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const model = fakeModel(slidingState(lang));
  const remove = slidingWindow.render({ model, el });
  return { el, model, remove };
}

const presetNames = new Set(Object.keys(vectors("sliding_window.json").cases
  .reduce((names, c) => (c.preset ? Object.assign(names, { [c.preset]: 1 }) : names), {})));

test("a SlidingWindow with lang 'zh' shows Chinese labels, arithmetic and formulas, and no English label", () => {
  const { el } = drawSliding("zh");
  const root = el.children[0];
  assert.equal(root.getAttribute("lang"), "zh-CN");
  const parts = readable(root);
  const text = parts.join("\n");
  for (const zh of ["输出第 0 行第 0 列：", "播放", "单步前进", "预设", "填充", "步幅", "膨胀", "偏置", "输入",
    "卷积核", "输出", "每个轴上的输出大小", "《动手学深度学习》的写法", "填充 0，第 -1 行第 -1 列", "互相关运算"]) {
    assert.ok(text.includes(zh), `missing ${zh}`);
  }
  assert.deepEqual(leaks(parts, SLIDING_ENGLISH, presetNames), []);
});

test("the English SlidingWindow shows every label the Chinese check looks for", () => {
  const { el } = drawSliding("en");
  const root = el.children[0];
  assert.equal(root.getAttribute("lang"), null);
  const parts = readable(root);
  const missing = SLIDING_ENGLISH.filter((word) => leaks(parts, [word], presetNames).length === 0);
  assert.deepEqual(missing, []);
  assert.ok(parts.join("\n").includes("output row 0, column 0:\n"));
});

test("changing the lang trait redraws the SlidingWindow in the other language", () => {
  const { el, model, remove } = drawSliding("zh");
  assert.ok(readable(el).includes("播放"));
  model.set("lang", "en");
  assert.equal(el.children.length, 1, "the old view is gone");
  assert.ok(readable(el).includes("Play"));
  assert.ok(!readable(el).includes("播放"));
  model.set("lang", "zh");
  assert.equal(el.children[0].getAttribute("lang"), "zh-CN");
  remove();
  assert.equal(el.children.length, 0);
});

test("a refused setting is said in the widget's language", async () => {
  const { el, model } = drawSliding("zh");
  model.set("stride", [0, 1]);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.ok(readable(el).includes("stride 必须不小于 1，实际为 (0, 1)"));
  assert.deepEqual(model.traits.stride, [1, 1]);
  model.set("lang", "fr");
  assert.equal(model.traits.lang, "zh");
  assert.ok(readable(el).includes("lang 必须是 'en' 或 'zh'，实际为 'fr'"));
});

async function drawImage(lang) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const c = vectors("image_window.json").cases.find((v) => v.state.image_shape[0] === 3 && v.state.pool !== "none");
  const raw = Buffer.from(c.state.pixels, "base64");
  const bytes = new Uint8Array(raw.length);
  bytes.set(raw);
  const model = fakeModel(Object.assign({}, c.state, { pixels: new DataView(bytes.buffer), lang,
    selected: [0, 0], _gallery: {} }));
  imageWindow.render({ model, el });
  // The first drawing runs in two tasks of its own (picture, then the maps).
  for (let n = 0; n < 3; n++) await new Promise((resolve) => setTimeout(resolve, 0));
  return el;
}

test("an ImageWindow with lang 'zh' shows Chinese and no English label", async () => {
  const el = await drawImage("zh");
  const root = el.children[0];
  assert.equal(root.getAttribute("lang"), "zh-CN");
  const parts = readable(root);
  const text = parts.join("\n");
  for (const zh of ["卷积核", "特征图", "汇聚", "红色通道 ⋆ 它的卷积核", "特征图第 0 行第 0 列", "色标", "使用你自己的图片"]) {
    assert.ok(text.includes(zh), `missing ${zh}`);
  }
  assert.deepEqual(leaks(parts, IMAGE_ENGLISH, new Set()), []);
});

test("the English ImageWindow shows every label the Chinese check looks for", async () => {
  const parts = readable((await drawImage("en")).children[0]);
  const missing = IMAGE_ENGLISH.filter((word) => leaks(parts, [word], new Set()).length === 0);
  assert.deepEqual(missing, []);
});
