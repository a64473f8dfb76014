// field_state.js: the checks give check_traits' messages (tests/vectors/receptive_field.json),
// the presets are Python's, and the edits of the stack.  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { SettingError } from "../../d2l_utils/widgets/checks.js";
import { chosenUnit, editedLayers, fieldConfig, presetTraits } from "../../d2l_utils/widgets/field_state.js";
import { readVectors } from "./vectors.mjs";

const vectors = readVectors("receptive_field.json");

test("every refused state gets Python's message, naming the setting", () => {
  assert.ok(vectors.refused.length >= 20);
  for (const c of vectors.refused) {
    assert.throws(() => fieldConfig(c.state), (err) => err instanceof SettingError && err.message === c.error,
      `${c.trait}=${JSON.stringify(c.value)}: expected ${c.error}`);
  }
});

test("the presets and their chosen units are Python's", () => {
  for (const [name, p] of Object.entries(vectors.presets)) {
    const traits = presetTraits(name);
    assert.deepEqual(traits, { layers: p.layers, size: p.size, dims: p.dims, selected: p.selected }, name);
    assert.doesNotThrow(() => fieldConfig(Object.assign({ title: "", lang: "en" }, traits)));
  }
});

test("a unit past its layer is brought into it; 1-D keeps row 0", () => {
  const cfg = fieldConfig(Object.assign({ title: "", lang: "en" }, presetTraits("lenet")));
  assert.deepEqual(chosenUnit(cfg, [9, 99, 99]), [4, 4, 4]);
  assert.deepEqual(chosenUnit(cfg, [0, 0, 0]), [1, 0, 0]);
  assert.deepEqual(chosenUnit(Object.assign({}, cfg, { dims: 1 }), [2, 5, 3]), [2, 0, 3]);
});

test("edits: add copies the last layer, remove, move up and down, and a pooling layer loses its dilation", () => {
  const conv = { kind: "conv", kernel: 3, stride: 1, padding: 2, dilation: 2 };
  const pool = { kind: "max", kernel: 2, stride: 2, padding: 0, dilation: 1 };
  assert.deepEqual(editedLayers([conv, pool], "add", 0), [conv, pool, pool]);
  assert.deepEqual(editedLayers([conv, pool], "remove", 0), [pool]);
  assert.deepEqual(editedLayers([conv, pool], "up", 1), [pool, conv]);
  assert.deepEqual(editedLayers([conv, pool], "down", 1), [conv, pool]);
  assert.deepEqual(editedLayers([conv], "set", 0, "kind", "avg"),
    [{ kind: "avg", kernel: 3, stride: 1, padding: 2, dilation: 1 }]);
});
