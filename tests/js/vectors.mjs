// What the JavaScript tests share: the vectors tests/make_vectors.py and
// tests/make_image_vectors.py write from d2l_utils.reference and the Python checks, and
// the states they hold as the modules get them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { normalize } from "../../d2l_utils/widgets/sliding_state.js";
import { imageConfig } from "../../d2l_utils/widgets/image_state.js";

/** @param {string} name a file of tests/vectors/ */
export const readVectors = (name) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));
export const vectors = readVectors("sliding_window.json");
export const imageVectors = readVectors("image_window.json");
export const preset = (name) => vectors.cases.find((c) => c.preset === name);

// Sums are accumulated in the reference's order, so they agree to the last bit
// except average pooling, where NumPy's mean may add in another order.
export function assertClose(actual, expected, what) {
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} != ${expected}`);
}

/** A SlidingWindow state's checked Config (the test fails if it does not fit). */
export function checked(state) {
  const norm = normalize(state);
  assert.equal(norm.ok, true, `normalize failed: ${norm.error}`);
  return norm.cfg;
}

/** An ImageWindow state as anywidget hands it over: pixels as a DataView of the bytes. */
export function withBytes(state) {
  const raw = Buffer.from(state.pixels, "base64");
  const bytes = new Uint8Array(raw.length);
  bytes.set(raw);
  return Object.assign({}, state, { pixels: new DataView(bytes.buffer) });
}

/** An ImageWindow state's checked ImageConfig. */
export function checkedImage(state) {
  const described = imageConfig(withBytes(state));
  assert.equal(described.ok, true, `imageConfig failed: ${described.error}`);
  return described.cfg;
}

/** A map (h * w, C order) as rows of numbers. */
export function rows(data, h, w) {
  return Array.from({ length: h }, (_, i) => Array.from(data.subarray(i * w, (i + 1) * w)));
}

/** A value of the vectors: {"float": "nan"} and {"bytes": base64} for what JSON cannot hold. */
export function fromJson(value) {
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

/** The label of a trait_sets case. */
export const label = (c) => `${c.base} ${c.trait}=${JSON.stringify(c.value).slice(0, 30)}`;
/** Wait for the microtasks and timers of a view (the put-back of a refused setting). */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
