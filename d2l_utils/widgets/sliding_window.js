// @ts-check
// SlidingWindow: a convolution or pooling window sliding over an input, with
// its arithmetic written out.  The anywidget view: `export default { render }`.
// Everything shown is computed from the synced traits (sliding_state.js and the shared
// modules), so the widget also works in a static page with no kernel; the view draws
// (the grids: sliding_grids.js).  Its styles are sliding_window.css (anywidget's `_css`).

import { MAX_SIDE, MODES } from "./constants.js";
import { nestedShape } from "./checks.js";
import { formatNumber } from "./text.js";
import { viewRenderer } from "./trait_view.js";
import { SUPPRESS, make, pairControl, selectedCell, setPair } from "./view_parts.js";
import { checkSettings, describeState, presetsFor, shownGroups } from "./sliding_state.js";
import { biasEdit, pairEdit, switchMode } from "./sliding_edits.js";
import { GridView } from "./sliding_grids.js";

/** @typedef {import("./view_parts.js").Model} Model */
/** @typedef {import("./sliding_state.js").Drawn} Drawn */

const TRAITS = ["mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride",
  "dilation", "bias", "title", "selected", "out_channel", "playing", "speed", "preset_name",
  "controls", "_presets"];
// Keys of strings.json, written out whole so that a test can find every key used.
/** @type {Record<string, string>} */
const MODE_NAMES = { corr: "mode.corr", max: "mode.max", avg: "mode.avg" };
const FORMULA_AXES = { rows: "formula.rows", cols: "formula.cols" };
const DROPPED = { rows: ["dropped.rows_one", "dropped.rows_many"], cols: ["dropped.cols_one", "dropped.cols_many"] };

class View extends GridView {
  /**
   * @param {Model} model
   * @param {HTMLElement} el
   */
  constructor(model, el) {
    super(model, TRAITS, checkSettings);
    /** @type {ReturnType<typeof setInterval> | null} */
    this.timer = null;
    /** @type {Record<string, HTMLElement[]>} elements shown only with their control group */
    this.groups = {};
    /** @type {Record<string, HTMLInputElement[]>} the pair controls' boxes */
    this.numbers = {};
    this.titleEl = make("div", { class: "sw-title" }, this.root);
    const controls = make("div", { class: "sw-controls", role: "group", "aria-label": this.t("label.settings"), ...SUPPRESS }, this.root);
    const menus = this.buildMenus(controls);
    this.presetSelect = menus.presetSelect;
    this.modeSelect = menus.modeSelect;
    this.biasInput = this.buildSizeControls(controls);
    this.message = make("div", { class: "sw-message", role: "status" }, this.root);
    this.root.appendChild(this.main);
    this.root.appendChild(this.sumEl);
    const player = this.buildPlayer();
    this.playButton = player.playButton;
    this.scrub = player.scrub;
    this.speedSelect = player.speedSelect;
    this.formulaEl = make("div", { class: "sw-formula", "aria-label": this.t("sw.output_shape") }, this.root);
    const help = make("div", { class: "sw-help" }, this.root, this.t("sw.help"));
    this.inGroup("values", make("span", null, help, this.t("sw.help_edit")));
    el.appendChild(this.root);
    this.listen();
    if (this.get("playing")) this.set({ playing: false }); // never autoplay
    this.refresh();
  }

  /** `node`, shown only with control group `name`. @param {string} name @param {HTMLElement} node */
  inGroup(name, node) {
    (this.groups[name] ||= []).push(node);
    return node;
  }

  /** The preset and operation menus. @param {HTMLElement} controls */
  buildMenus(controls) {
    const t = this.t;
    const presetLabel = this.inGroup("presets", make("label", null, controls, `${t("label.preset")} `));
    const presetSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("label.preset") }, presetLabel));
    presetSelect.addEventListener("change", () => this.applyPreset(presetSelect.value));
    const modeLabel = this.inGroup("pooling", make("label", null, controls, `${t("label.operation")} `));
    const modeSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("label.operation") }, modeLabel));
    for (const value of MODES) make("option", { value }, modeSelect, t(MODE_NAMES[value]));
    modeSelect.addEventListener("change", () => this.edit(switchMode(this.state(), modeSelect.value)));
    return { presetSelect, modeSelect };
  }

  /** The size boxes (pairEdit's controls) and the bias box; returns the bias box.
   * @param {HTMLElement} controls */
  buildSizeControls(controls) {
    const t = this.t;
    /** @param {string} name @param {string} group @param {string} text @param {number} min @param {number} max */
    const pair = (name, group, text, min, max) => {
      const { box, inputs } = pairControl(controls, { text, min, max, className: "sw-group", t,
        onValues: (values) => this.apply(pairEdit(this.state(), name, values)) });
      this.inGroup(group, box);
      this.numbers[name] = inputs;
    };
    pair("input", "values", t("label.input"), 1, MAX_SIDE);
    pair("window", "values", t("label.window"), 1, MAX_SIDE);
    pair("padding", "padding", t("label.padding"), 0, MAX_SIDE / 2);
    pair("stride", "stride", t("label.stride"), 1, MAX_SIDE);
    pair("dilation", "dilation", t("label.dilation"), 1, MAX_SIDE);
    const biasLabel = this.inGroup("values", make("label", null, controls, `${t("label.bias")} `));
    // A text box: a number box would hide what was typed (it reads "1e309" as empty).
    const biasInput = /** @type {HTMLInputElement} */ (make("input",
      { type: "text", inputmode: "decimal", class: "sw-bias", "aria-label": t("label.bias") }, biasLabel));
    biasInput.addEventListener("change", () => this.apply(biasEdit(this.state(), biasInput.value)));
    return biasInput;
  }

  /** The player: step, play, scrub and speed. */
  buildPlayer() {
    const t = this.t;
    const player = this.inGroup("play", make("div", { class: "sw-player", role: "group",
      "aria-label": t("sw.player"), ...SUPPRESS }, this.root));
    /** @param {string} text @param {string} label @param {() => void} action */
    const button = (text, label, action) => {
      const b = make("button", { type: "button", "aria-label": label, title: label }, player, text);
      b.addEventListener("click", action);
      return b;
    };
    button("|◀", t("play.first"), () => this.moveTo(0));
    button("◀", t("play.back"), () => this.step(-1));
    const playButton = button(t("play.play"), t("play.play"), () => this.togglePlay());
    playButton.classList.add("sw-play");
    button("▶", t("play.forward"), () => this.step(1));
    button("▶|", t("play.last"), () => this.moveTo(Infinity));
    const scrubLabel = make("label", null, player, `${t("play.position")} `);
    const scrub = /** @type {HTMLInputElement} */ (make("input", { type: "range", min: "0", max: "0", step: "1",
      "aria-label": t("play.output_position") }, scrubLabel));
    scrub.addEventListener("input", () => this.moveTo(Number(scrub.value)));
    const speedLabel = make("label", null, player, `${t("play.speed")} `);
    const speedSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("play.steps_per_second") }, speedLabel));
    for (const v of [0.5, 1, 2, 4, 8]) make("option", { value: String(v) }, speedSelect, t("play.per_second", { speed: v }));
    speedSelect.addEventListener("change", () => {
      this.set({ speed: Number(speedSelect.value) });
      if (this.timer !== null) this.startTimer();
    });
    return { playButton, scrub, speedSelect };
  }

  /** An edit typed by the reader: its traits, or why it is refused.
   * @param {import("./typed.js").Edit} result */
  apply(result) {
    if (result.error !== undefined) this.refuse(result.error);
    else this.edit(result.traits);
  }

  /**
   * Apply an edit made in the widget: it is no longer a preset.
   * @param {Record<string, any>} values
   */
  edit(values) {
    this.stop();
    this.set(Object.assign({ preset_name: "" }, values));
  }

  /**
   * An edit that changed nothing: say why until the next change redraws.
   * @param {string} error
   */
  refuse(error) {
    this.message.textContent = error;
    this.message.classList.add("sw-show");
  }

  /** A setting that does not fit was refused; the drawing stays. @param {string} error */
  refuseSetting(error) {
    this.refuse(error);
  }

  /** @param {string} name */
  applyPreset(name) {
    const presets = this.get("_presets") || {};
    if (!presets[name]) return;
    this.stop();
    this.set(Object.assign({}, presets[name], { preset_name: name, selected: [0, 0], out_channel: 0 }));
  }

  refresh() {
    try {
      const state = this.state();
      this.shown = shownGroups(state.controls);
      const described = describeState(state);
      this.syncControls(state);
      if (!described.ok) {
        this.stop();
        this.refuse(described.error);
        for (const node of [this.main, this.sumEl, this.formulaEl]) node.classList.add("sw-hidden");
        this.structureKey = null;
        return;
      }
      this.message.classList.remove("sw-show");
      for (const node of [this.main, this.sumEl, this.formulaEl]) node.classList.remove("sw-hidden");
      this.described = described;
      const cfg = described.cfg;
      this.channel = Math.min(Math.max(0, this.get("out_channel") | 0), cfg.outChannels - 1);
      const key = JSON.stringify([cfg.mode, cfg.xShape, cfg.kShape, cfg.window, cfg.padding,
        cfg.stride, cfg.dilation, cfg.outChannels]);
      if (key !== this.structureKey) {
        this.build(cfg);
        this.scrub.max = String(cfg.oh * cfg.ow - 1);
        this.structureKey = key;
        this.valuesKey = null;
      }
      const valuesKey = JSON.stringify([cfg.X, cfg.K, cfg.bias, this.channel]);
      if (valuesKey !== this.valuesKey) {
        this.fillValues();
        this.valuesKey = valuesKey;
      }
      if (this.channelSelect) this.channelSelect.closest("label")?.classList.toggle("sw-hidden", !this.shown.has("channels"));
      this.showFormula(described.formula);
      this.showSelection();
    } catch (err) {
      this.refuse(this.t("view.went_wrong", { error: String(err) }));
    }
  }

  /** @param {Record<string, any>} state */
  syncControls(state) {
    this.titleEl.textContent = state.title || "";
    this.titleEl.classList.toggle("sw-hidden", !state.title);
    for (const [group, nodes] of Object.entries(this.groups)) {
      for (const node of nodes) node.classList.toggle("sw-hidden", !this.shown.has(group));
    }
    this.root.classList.toggle("sw-readonly", !this.shown.has("values"));
    const presets = state._presets || {};
    const names = ["", ...presetsFor(presets, this.shown)];
    if ([...this.presetSelect.options].map((o) => o.value).join() !== names.join()) {
      this.presetSelect.textContent = "";
      for (const name of names) make("option", { value: name }, this.presetSelect, name || this.t("sw.custom"));
    }
    this.presetSelect.value = names.includes(state.preset_name) ? state.preset_name : "";
    this.modeSelect.value = MODES.includes(state.mode) ? state.mode : "corr";
    const xShape = nestedShape(state.x, 3);
    const kShape = nestedShape(state.k, 4);
    if (xShape) setPair(this.numbers.input, xShape.slice(1));
    setPair(this.numbers.window, state.mode === "corr" ? (kShape ? kShape.slice(2) : null) : state.pool_size);
    for (const name of ["padding", "stride", "dilation"]) setPair(this.numbers[name], state[name]);
    const pooling = state.mode !== "corr";
    this.numbers.dilation.forEach((box) => { box.disabled = pooling; });
    this.biasInput.disabled = pooling;
    if (document.activeElement !== this.biasInput) this.biasInput.value = formatNumber(Number(state.bias) || 0);
    this.speedSelect.value = String(state.speed || 2);
    if (!this.speedSelect.value) this.speedSelect.value = "2";
  }

  /** @returns {[number, number]} the selected output cell, clipped to the output */
  selected() {
    const cfg = /** @type {Drawn} */ (this.described).cfg;
    return selectedCell(this.get("selected"), cfg.oh, cfg.ow);
  }

  /** @param {number} i @param {number} j @param {boolean} focus */
  select(i, j, focus) {
    this.set({ selected: [i, j] });
    const grid = this.outGrid.grid;
    if (focus && document.activeElement !== grid) grid.focus({ preventScroll: true });
  }

  showSelection() {
    if (!this.described || this.structureKey === null) return;
    const [i, j] = this.selected();
    this.showCell(i, j);
    this.outGrid.grid.setAttribute("aria-activedescendant", this.outGrid.cells[i][j].id);
    this.scrub.value = String(i * this.described.cfg.ow + j);
    this.scrub.setAttribute("aria-valuetext", this.t("position.cell", { row: i, col: j }));
  }

  /** @param {import("./window_text.js").Formulas} formula */
  showFormula(formula) {
    this.formulaEl.textContent = "";
    const axes = /** @type {const} */ (["rows", "cols"]);
    const { perSide, total } = formula.symbols;
    const t = this.t;
    /** @param {"perSide" | "total"} form */
    const lines = (form) => {
      for (const axis of axes) {
        make("div", null, this.formulaEl, "  " + t("formula.axis", { axis: t(FORMULA_AXES[axis]), formula: formula[axis][form] }));
      }
    };
    if (total === null) {
      make("div", { class: "sw-note" }, this.formulaEl, t("formula.size", { formula: perSide }));
      lines("perSide");
      return;
    }
    make("div", { class: "sw-note" }, this.formulaEl, t("formula.per_side", { formula: perSide }));
    lines("perSide");
    make("div", { class: "sw-note" }, this.formulaEl, t("formula.total", { formula: total }));
    lines("total");
    const dropped = axes.filter((axis) => formula[axis].dropped > 0).map((axis) => {
      const n = formula[axis].dropped;
      return t(DROPPED[axis][n === 1 ? 0 : 1], { n });
    });
    if (dropped.length) {
      make("div", { class: "sw-note" }, this.formulaEl,
        t("formula.uneven", { dropped: dropped.join(t("formula.or")) }));
    }
  }

  positions() {
    const cfg = /** @type {Drawn} */ (this.described).cfg;
    return cfg.oh * cfg.ow;
  }

  /** @param {number} position row-major index of an output cell */
  moveTo(position) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    const n = Math.min(Math.max(0, position), this.positions() - 1);
    this.set({ selected: [Math.floor(n / cfg.ow), n % cfg.ow] });
  }

  /** @param {number} delta @returns {boolean} whether the window moved */
  step(delta) {
    if (!this.described || this.structureKey === null) return false;
    const [i, j] = this.selected();
    const n = i * this.described.cfg.ow + j + delta;
    if (n < 0 || n >= this.positions()) return false;
    this.moveTo(n);
    return true;
  }

  togglePlay() {
    if (this.timer !== null) { this.stop(); return; }
    if (!this.described || this.structureKey === null) return;
    const [i, j] = this.selected();
    if (i * this.described.cfg.ow + j >= this.positions() - 1) this.moveTo(0);
    this.startTimer();
    this.showPlaying(true);
  }

  /**
   * The play button says what pressing it does; the model records whether it plays.
   * @param {boolean} playing
   */
  showPlaying(playing) {
    const label = this.t(playing ? "play.pause" : "play.play");
    this.playButton.textContent = label;
    this.playButton.setAttribute("aria-label", label);
    this.playButton.title = label;
    this.set({ playing });
  }

  startTimer() {
    if (this.timer !== null) clearInterval(this.timer);
    const speed = Number(this.get("speed")) > 0 ? Number(this.get("speed")) : 2;
    this.timer = setInterval(() => { if (!this.step(1)) this.stop(); }, 1000 / speed);
  }

  stop() {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.showPlaying(false);
  }

  destroy() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.release();
    this.root.remove();
  }
}

/**
 * anywidget's entry point: draw the widget of `model` in `el`.
 * @param {{model: Model, el: HTMLElement}} args
 * @returns {() => void} removes the view
 */
function render({ model, el }) {
  return viewRenderer(View, "sw.could_not_start")({ model, el });
}

export default { render };
