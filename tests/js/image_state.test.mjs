// Tests of image_state.js: an ImageWindow state read from its bytes and checked with Python's
// messages (tests/vectors/image_window.json).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { MAX_IMAGE_PADDING, MAX_IMAGE_SIDE, MAX_KERNEL_SIDE } from "../../d2l_utils/widgets/constants.js";
import { asBytes, checkImageSettings, decodePixels, imageConfig, imageLimitError, kernelLimitError } from "../../d2l_utils/widgets/image_state.js";
import { fromJson, imageVectors as vectors, label, withBytes } from "./vectors.mjs";

const baseState = (name) => Object.assign(fromJson(vectors.trait_bases[name]), { _gallery: vectors.gallery });

test("the vectors cover the gallery, RGB, pooling, random cases and the limits", () => {
  assert.equal(vectors.limits.max_image_side, MAX_IMAGE_SIDE);
  assert.equal(vectors.limits.max_kernel_side, MAX_KERNEL_SIDE);
  assert.equal(vectors.limits.max_image_padding, MAX_IMAGE_PADDING);
  for (const name of Object.keys(vectors.gallery)) {
    assert.ok(vectors.cases.some((c) => c.name === `photo, ${name}`), name);
  }
  assert.ok(vectors.cases.some((c) => c.state.image_shape[0] === 3));
  assert.ok(vectors.cases.some((c) => c.state.pool === "avg"));
  assert.ok(vectors.cases.some((c) => c.state.pool === "max"));
  assert.ok(vectors.cases.length >= 25);
  assert.ok(vectors.invalid.length >= 7);
});

for (const c of vectors.invalid) {
  test(`invalid: ${c.name} gives Python's message`, () => {
    const described = imageConfig(withBytes(c.state));
    assert.equal(described.ok, false);
    assert.equal(described.error, c.error);
  });
}

test("limit messages match the Python ones", () => {
  assert.equal(imageLimitError([3, 200, 100]), null);
  assert.equal(kernelLimitError([15, 1]), null);
  const big = vectors.invalid.find((c) => c.name === "picture over the limit");
  assert.equal(imageLimitError([MAX_IMAGE_SIDE + 1, 2]), big.error);
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
}
