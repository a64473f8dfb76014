// @ts-check
// FieldExplorer: how far a unit deep in a stack of layers sees.  The anywidget view:
// `export default { render }`.  field_maths.js computes (tested against
// d2l_utils.receptive_field through tests/vectors/receptive_field.json), field_state.js
// checks and edits, field_draw.js paints; this View builds the controls and redraws.

import { FIELD_LIMITS } from "./constants.js";
import { settle } from "./checks.js";
import { TraitView, viewRenderer } from "./trait_view.js";
import { MOVE_KEYS, SUPPRESS, make } from "./view_parts.js";
import { fieldSizes, jumps, receptiveField } from "./field_maths.js";
import { KINDS, PRESETS, chosenUnit, editedLayers, fieldConfig, presetTraits } from "./field_state.js";
import { covered, layerCanvas, paintLayer } from "./field_draw.js";

/** @typedef {import("./field_state.js").FieldConfig} FieldConfig */
/** @typedef {import("./field_maths.js").Layer} Layer */

const TRAITS = ["layers", "size", "dims", "selected", "title"];
// The words of each operation, example, axis count and layer setting (keys written out whole).
/** @type {Record<string, string>} */
const KIND_WORDS = { conv: "rf.kind_conv", max: "rf.kind_max", avg: "rf.kind_avg" };
/** @type {Record<string, string>} */
const PRESET_WORDS = { ten_5x5: "rf.preset_ten_5x5", vgg: "rf.preset_vgg", stride_2: "rf.preset_stride_2",
  dilated: "rf.preset_dilated", lenet: "rf.preset_lenet" };
/** @type {Record<string, string>} */
const SETTING_WORDS = { kernel: "rf.label_kernel", stride: "rf.label_stride", padding: "rf.label_padding",
  dilation: "rf.label_dilation" };
const NUMBERS = [["kernel", 1, FIELD_LIMITS.kernel], ["stride", 1, FIELD_LIMITS.step],
  ["padding", 0, 2 * FIELD_LIMITS.step * FIELD_LIMITS.kernel], ["dilation", 1, FIELD_LIMITS.step]];

class View extends TraitView {
  /** @param {any} model @param {HTMLElement} el */
  constructor(model, el) {
    super(model, TRAITS, (state) => settle(() => fieldConfig(state), this.lang));
    const t = this.t;
    this.root = make("div", { class: "d2l-rf", lang: this.lang === "zh" ? "zh-Hans" : "en" });
    this.titleEl = make("div", { class: "rf-title" }, this.root);
    const controls = make("div", { class: "rf-controls", role: "group", "aria-label": t("rf.label_settings") }, this.root);
    this.presetSelect = this.buildPresets(controls);
    this.sizeInput = this.numberBox(controls, t("rf.label_size"), 1, FIELD_LIMITS.size,
      (value) => this.set({ size: value }));
    const dimsLabel = make("label", null, controls, `${t("rf.label_dims")} `);
    this.dimsSelect = /** @type {HTMLSelectElement} */ (make("select", SUPPRESS, dimsLabel));
    make("option", { value: "1" }, this.dimsSelect, t("rf.dims_1"));
    make("option", { value: "2" }, this.dimsSelect, t("rf.dims_2"));
    this.dimsSelect.addEventListener("change", () => this.setStack({ dims: Number(this.dimsSelect.value) }));
    const add = make("button", Object.assign({ type: "button" }, SUPPRESS), controls, t("rf.button_add"));
    add.addEventListener("click", () => this.editStack("add", 0));
    this.layersEl = make("div", { class: "rf-layers" }, this.root);
    this.message = make("div", { class: "rf-message", role: "status" }, this.root);
    this.grids = make("div", { class: "rf-grids" }, this.root);
    this.summary = make("div", { class: "rf-summary", "aria-live": "polite" }, this.root);
    this.maths = make("div", { class: "rf-maths" }, this.root);
    make("div", { class: "rf-help" }, this.root, t("rf.help"));
    /** @type {{canvas: HTMLCanvasElement, scale: number}[]} */
    this.canvases = [];
    this.gridsKey = "";
    this.layerCount = -1;
    el.appendChild(this.root);
    this.listen();
    this.refresh();
  }

  /** @param {HTMLElement} controls */
  buildPresets(controls) {
    const label = make("label", null, controls, `${this.t("rf.label_preset")} `);
    const select = /** @type {HTMLSelectElement} */ (make("select", SUPPRESS, label));
    make("option", { value: "" }, select, this.t("rf.label_custom"));
    for (const name of Object.keys(PRESETS)) make("option", { value: name }, select, this.t(PRESET_WORDS[name]));
    select.addEventListener("change", () => {
      if (select.value) this.set(Object.assign(presetTraits(select.value), { title: this.t(PRESET_WORDS[select.value]) }));
    });
    return select;
  }

  /** A labelled number box. @param {HTMLElement} parent @param {string} text @param {number} min
   * @param {number} max @param {(value: number) => void} onValue */
  numberBox(parent, text, min, max, onValue) {
    const label = make("label", null, parent, `${text} `);
    const input = /** @type {HTMLInputElement} */ (make("input", Object.assign(
      { type: "number", min: String(min), max: String(max), step: "1", "aria-label": text }, SUPPRESS), label));
    input.addEventListener("change", () => onValue(input.value.trim() === "" ? NaN : Number(input.value)));
    return input;
  }

  /** Set a stack change with the chosen unit kept, brought into range. @param {Record<string, any>} traits */
  setStack(traits) {
    const next = Object.assign(this.state(), traits);
    const result = settle(() => fieldConfig(next), this.lang);
    if (result.ok) traits.selected = chosenUnit(result.cfg, next.selected);
    if (traits.dims === 2 && result.ok) traits.selected[1] = traits.selected[2];
    this.set(traits);
  }

  /** @param {string} edit @param {number} n @param {string} [key] @param {any} [value] */
  editStack(edit, n, key, value) {
    const layers = /** @type {Layer[]} */ (this.get("layers") || []);
    this.setStack({ layers: editedLayers(layers, edit, n, key, value) });
  }

  /** The rows of layer controls, rebuilt only when the number of layers changes. @param {Layer[]} layers */
  syncLayerRows(layers) {
    if (layers.length !== this.layerCount) {
      this.layerCount = layers.length;
      this.layersEl.textContent = "";
      layers.forEach((_, n) => this.layerRow(n));
    }
    const rows = this.layersEl.children;
    layers.forEach((layer, n) => {
      const inputs = rows[n].querySelectorAll("select, input");
      /** @type {HTMLSelectElement} */ (inputs[0]).value = layer.kind;
      NUMBERS.forEach(([key], m) => {
        const box = /** @type {HTMLInputElement} */ (inputs[m + 1]);
        box.value = String(/** @type {any} */ (layer)[key]);
        box.disabled = key === "dilation" && layer.kind !== "conv";
      });
    });
  }

  /** @param {number} n */
  layerRow(n) {
    const t = this.t;
    const row = make("div", { class: "rf-layer", role: "group", "aria-label": t("rf.label_layer", { n: n + 1 }) }, this.layersEl);
    make("span", null, row, `${n + 1}.`);
    const kind = /** @type {HTMLSelectElement} */ (make("select", Object.assign(
      { "aria-label": t("rf.label_layer_setting", { n: n + 1, setting: t("rf.label_kind") }) }, SUPPRESS), row));
    for (const k of KINDS) make("option", { value: k }, kind, t(KIND_WORDS[k]));
    kind.addEventListener("change", () => this.editStack("set", n, "kind", kind.value));
    for (const [key, min, max] of NUMBERS) {
      this.numberBox(row, t(SETTING_WORDS[/** @type {string} */ (key)]), /** @type {number} */ (min), /** @type {number} */ (max),
        (value) => this.editStack("set", n, /** @type {string} */ (key), value))
        .setAttribute("aria-label", t("rf.label_layer_setting", { n: n + 1, setting: t(SETTING_WORDS[/** @type {string} */ (key)]) }));
    }
    for (const [edit, key] of [["up", "rf.button_up"], ["down", "rf.button_down"], ["remove", "rf.button_remove"]]) {
      const label = t(key, { n: n + 1 });
      const button = make("button", Object.assign({ type: "button", "aria-label": label, title: label }, SUPPRESS), row,
        { up: "↑", down: "↓", remove: "×" }[edit]);
      button.addEventListener("click", () => this.editStack(edit, n));
    }
  }

  /** The config of the state drawn: the model's if it fits, else the last that did. */
  config() {
    const result = this.check(this.state());
    if (result.ok) return { cfg: /** @type {FieldConfig} */ (/** @type {any} */ (result).cfg), error: "" };
    const good = this.good ? this.check(this.good) : null;
    return { cfg: good && good.ok ? /** @type {FieldConfig} */ (/** @type {any} */ (good).cfg) : null, error: result.error || "" };
  }

  refresh() {
    const { cfg, error } = this.config();
    this.showMessage(error);
    if (!cfg) return;
    this.cfg = cfg;
    this.titleEl.textContent = cfg.title;
    this.sizeInput.value = String(cfg.size);
    this.dimsSelect.value = String(cfg.dims);
    const match = Object.keys(PRESETS).find((name) => this.t(PRESET_WORDS[name]) === cfg.title);
    this.presetSelect.value = match || "";
    this.syncLayerRows(cfg.layers);
    this.showSelection();
  }

  /** Build the canvases if the layer sizes changed. @param {FieldConfig} cfg */
  buildGrids(cfg) {
    const key = `${cfg.dims}:${cfg.sizes.join(",")}:${cfg.layers.map((l) => l.kind).join(",")}`;
    if (key === this.gridsKey) return;
    this.gridsKey = key;
    this.grids.textContent = "";
    this.canvases = cfg.sizes.map((cells, m) => {
      const name = this.layerName(cfg, m);
      const made = layerCanvas(this.grids, cells, cfg.dims, name);
      made.canvas.addEventListener("click", (event) => this.clicked(m, made, event));
      made.canvas.addEventListener("keydown", (event) => this.keyed(m, event));
      return made;
    });
  }

  /** @param {FieldConfig} cfg @param {number} m */
  layerName(cfg, m) {
    return m === 0 ? this.t("rf.name_input")
      : this.t("rf.name_layer", { n: m, kind: this.t(KIND_WORDS[cfg.layers[m - 1].kind]) });
  }

  /** Draw the chosen unit's field in every layer, the summary and the recurrence. */
  showSelection() {
    const cfg = this.cfg;
    if (!cfg) return;
    this.buildGrids(cfg);
    const [layer, row, col] = chosenUnit(cfg, this.get("selected"));
    const colField = receptiveField(cfg.layers, cfg.size, layer, col);
    const rowField = cfg.dims === 2 ? receptiveField(cfg.layers, cfg.size, layer, row) : null;
    this.canvases.forEach(({ canvas }, m) => {
      const inField = m <= layer;
      paintLayer(canvas, rowField && inField ? rowField.counts[m] : (inField ? null : new Float64Array(canvas.height)),
        inField ? colField.counts[m] : null, m === layer ? [cfg.dims === 2 ? row : 0, col] : null);
      const name = this.layerName(cfg, m);
      const cells = cfg.sizes[m];
      const n = inField ? covered(colField.counts[m]) * (rowField ? covered(rowField.counts[m]) : 1) : 0;
      canvas.setAttribute("aria-label", m === layer
        ? this.t("rf.grid_chosen", { name, cells, unit: cfg.dims === 2 ? `(${row}, ${col})` : `(${col},)` })
        : this.t("rf.grid_label", { name, cells, covered: n }));
    });
    this.writeText(cfg, layer, cfg.dims === 2 ? `(${row}, ${col})` : `(${col},)`, colField, rowField);
  }

  /** @param {FieldConfig} cfg @param {number} layer @param {string} unit
   * @param {import("./field_maths.js").Field} f @param {import("./field_maths.js").Field | null} rowField */
  writeText(cfg, layer, unit, f, rowField) {
    const t = this.t;
    const [start, end] = f.spans[0];
    const lines = [t("rf.summary", { unit, layer, size: end - start + 1, start, end, jump: f.jumps[layer] })];
    let low = Infinity;
    let high = 0;
    for (const c of f.counts[0]) if (c > 0) { low = Math.min(low, c); high = Math.max(high, c); }
    if (high === 0) { lines.push(t("rf.summary_none")); low = 0; }
    /** @type {number | bigint} exact past 2**53 in 2-D: a row count times a column count */
    let lowest = low;
    /** @type {number | bigint} */
    let highest = high;
    if (f.padding) lines.push(t("rf.summary_padding", { before: Math.max(0, -start), after: Math.max(0, end - cfg.size + 1) }));
    if (f.wider) lines.push(t("rf.summary_wider", { size: end - start + 1, n: cfg.size }));
    if (rowField && high > 0) {
      const rc = Array.from(rowField.counts[0]).filter((c) => c > 0);
      lowest = BigInt(low) * BigInt(Math.min(...rc));
      highest = BigInt(high) * BigInt(Math.max(...rc));
    }
    lines.push(t("rf.counts", { low: String(lowest), high: String(highest) }));
    this.summary.textContent = lines.join("\n");
    const r = fieldSizes(cfg.layers);
    const j = jumps(cfg.layers);
    this.maths.textContent = cfg.layers.slice(0, layer).map((l, n) => t("rf.recurrence",
      { l: n + 1, m: n, prev: r[n], d: l.dilation, k: l.kernel, jump: j[n], r: r[n + 1] })).join("\n");
  }

  /** @param {number} m @param {{canvas: HTMLCanvasElement, scale: number}} made @param {MouseEvent} event */
  clicked(m, made, event) {
    if (m === 0 || !this.cfg) return;
    const rect = made.canvas.getBoundingClientRect();
    const col = Math.floor((event.clientX - rect.left) / made.scale);
    const row = this.cfg.dims === 2 ? Math.floor((event.clientY - rect.top) / made.scale) : 0;
    const n = this.cfg.sizes[m] - 1;
    this.set({ selected: [m, Math.min(Math.max(row, 0), n), Math.min(Math.max(col, 0), n)] });
  }

  /** Arrows move the unit in its layer, Page Up / Page Down change the layer. @param {number} m @param {KeyboardEvent} event */
  keyed(m, event) {
    if (!this.cfg || !(MOVE_KEYS.has(event.key) || event.key === "PageUp" || event.key === "PageDown")) return;
    event.stopPropagation(); // Notebook 7 and JupyterLab would move to another cell
    event.preventDefault();
    let [layer, row, col] = chosenUnit(this.cfg, this.get("selected"));
    if (m !== layer && m > 0 && MOVE_KEYS.has(event.key)) layer = m;
    const last = this.cfg.sizes.length - 1;
    const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[event.key];
    if (move) { row += this.cfg.dims === 2 ? move[0] : 0; col += move[1]; }
    if (event.key === "Home") col = 0;
    if (event.key === "End") col = this.cfg.sizes[layer] - 1;
    if (event.key === "PageUp") layer = Math.max(1, layer - 1);
    if (event.key === "PageDown") layer = Math.min(last, layer + 1);
    const n = this.cfg.sizes[layer] - 1;
    this.set({ selected: [layer, Math.min(Math.max(row, 0), n), Math.min(Math.max(col, 0), n)] });
    const target = this.canvases[layer];
    if (target && target.canvas !== event.target) target.canvas.focus();
  }

  /** @param {string} error */
  showMessage(error) {
    this.message.textContent = error;
    this.message.classList.toggle("rf-shown", !!error);
  }

  /** @param {string} error */
  refuseSetting(error) {
    this.refresh();
    this.showMessage(error);
  }

  destroy() {
    this.release();
    this.root.remove();
  }
}

export default { render: viewRenderer(View, "rf.fail") };
