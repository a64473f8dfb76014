// Tests of image_maps.js: what the image view draws, read back in the fake DOM (captions,
// the colour scale, the insets and kernel editors).  Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import widget from "../../d2l_utils/widgets/image_window.js";
import { fakeModel, installDocument } from "./fake_dom.mjs";
import { imageVectors as vectors, settle, withBytes } from "./vectors.mjs";

async function draw(c) {
  const doc = installDocument();
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  const model = fakeModel(Object.assign(withBytes(c.state), { selected: [0, 0], title: "", kernel_name: "",
    lang: "en", _gallery: {} }));
  widget.render({ model, el });
  for (let n = 0; n < 3; n++) await settle(); // the first drawing takes two tasks
  const root = el.children[0];
  return { model, part: (cls) => root.descendants().filter((node) => node.classList.contains(cls)) };
}

test("an RGB picture gets three insets, a map per channel and one kernel editor per channel", async () => {
  const c = vectors.cases.find((x) => x.name.startsWith("RGB photo, a kernel per channel"));
  const { part } = await draw(c);
  assert.equal(part("iw-inset").length, 3);
  assert.equal(part("iw-small").length, 3);
  assert.equal(part("iw-kgrid").length, 3);
  const [rows, cols] = [c.feature_map.length, c.feature_map[0].length];
  assert.match(part("iw-caption").map((n) => n.textContent).join("\n"), new RegExp(`feature map, ${rows} × ${cols}`));
  assert.match(part("iw-legend-text")[0].textContent, /^-\S+ {3}0 {3}\S+ {2}· /);
});

test("a grayscale picture with pooling: one inset, one editor, the pooled map shown", async () => {
  const c = vectors.cases.find((x) => x.state.image_shape[0] === 1 && x.state.pool === "max");
  const { part } = await draw(c);
  assert.equal(part("iw-inset").length, 1);
  assert.equal(part("iw-kgrid").length, 1);
  assert.equal(part("iw-small").length, 0);
  assert.ok(!part("iw-pooled")[0].parentNode.classList.contains("iw-hidden"));
});
