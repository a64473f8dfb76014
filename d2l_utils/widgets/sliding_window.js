// @ts-check
// SlidingWindow: a convolution or pooling window sliding over an input, with
// its arithmetic written out.  The anywidget view: `export default { render }`.
// Everything shown is computed by window_core.js from the synced traits, so the
// widget also works in a static page with no kernel; this file only draws.
// Its styles are sliding_window.css (anywidget's `_css`).

import {
  MAX_SIDE, MODES, biasEdit, checkSettings, describeState, factorText, feedsOutputs,
  formatNumber, formatSum, gridMove, inside, languageOf, nestedShape, pairEdit, parseNumber, presetsFor,
  say, shownGroups, switchMode, valueEdit, viewRenderer, windowTerms,
  TraitView,
} from "./window_core.js";

/**
 * The part of anywidget's model a view uses (a kernel's, or a static page's).
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 * @property {(event: string, callback: (...args: any[]) => void) => void} off
 * @property {() => void} save_changes
 */
/** @typedef {import("./window_core.js").Config} Config */
/** @typedef {import("./window_core.js").Drawn} Drawn */
/** @typedef {{grid: HTMLElement, cells: HTMLElement[][]}} Grid */

const TRAITS = ["mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride",
  "dilation", "bias", "title", "selected", "out_channel", "playing", "speed", "preset_name",
  "controls", "_presets"];

// Keys the grids act on.  They go no further than the widget: Jupyter's own
// shortcuts would otherwise also act on them (Notebook 7 moves to the next cell
// on ArrowDown).  JupyterLab and Notebook 7 handle a key before the widget sees
// it (Lumino's keymap listens in the capture phase), so the grids and controls
// also carry Lumino's opt-out, data-lm-suppress-shortcuts: a menu's arrows or a
// button's Enter would otherwise move or edit the notebook's cells.
const SUPPRESS = { "data-lm-suppress-shortcuts": "true" };
const GRID_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);
// Keys of strings.json, written out whole so that a test can find every key used.
/** @type {Record<string, string>} */
const MODE_NAMES = { corr: "mode.corr", max: "mode.max", avg: "mode.avg" };
const AXIS_NAMES = { rows: "axis.rows", columns: "axis.columns" };
const FORMULA_AXES = { rows: "formula.rows", cols: "formula.cols" };
const DROPPED = { rows: ["dropped.rows_one", "dropped.rows_many"], cols: ["dropped.cols_one", "dropped.cols_many"] };

/**
 * A new element with attributes, in `parent`, holding `text`.
 * @param {string} tag
 * @param {Record<string, string> | null} [attrs]
 * @param {HTMLElement | null} [parent]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
function make(tag, attrs, parent, text) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
  }
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

/**
 * The grid cell an event happened in, or null.
 * @param {Event} event
 * @returns {HTMLElement | null}
 */
function cellOf(event) {
  const target = /** @type {HTMLElement} */ (event.target);
  return target && target.closest ? target.closest(".sw-cell") : null;
}

/** @param {Event} event */
function inTextBox(event) {
  return /** @type {HTMLElement} */ (event.target).tagName === "INPUT";
}

/** A key the widget handled: no browser default, and no notebook shortcut after it.
 * @param {KeyboardEvent} event */
function consume(event) {
  event.preventDefault();
  event.stopPropagation();
}

let instances = 0;

class View extends TraitView {
  /**
   * @param {Model} model
   * @param {HTMLElement} el
   */
  constructor(model, el) {
    super(model, TRAITS, checkSettings);
    this.id = `d2l-sw-${++instances}`;
    /** The language of every word shown; a new `lang` draws a new view (render). */
    this.lang = languageOf({ lang: this.get("lang") });
    /** @param {string} key @param {Record<string, unknown>} [params] */
    this.t = (key, params) => say(this.lang, key, params);
    const t = this.t;
    /** @type {string | null} */
    this.structureKey = null;
    /** @type {string | null} */
    this.valuesKey = null;
    /** @type {ReturnType<typeof setInterval> | null} */
    this.timer = null;
    /** @type {Drawn | null} */
    this.described = null;
    /** @type {Set<string>} */
    this.shown = shownGroups(undefined);
    this.channel = 0;
    this.cellSize = 32;
    /** @type {Grid[]} */
    this.inputGrids = [];
    /** @type {Grid[]} */
    this.kernelGrids = [];
    /** @type {HTMLElement[]} */
    this.partialEls = [];
    /** @type {HTMLElement[]} */
    this.windowCells = [];
    /** @type {HTMLElement[]} */
    this.feedCells = [];
    /** @type {HTMLElement | null} */
    this.selectedCell = null;
    /** @type {HTMLSelectElement | null} */
    this.channelSelect = null;
    this.root = make("div", { class: "d2l-sw", ...(this.lang === "zh" ? { lang: "zh-CN" } : {}) });
    // The parts that stay; build() makes the grids for each geometry.
    const root = this.root;
    this.titleEl = make("div", { class: "sw-title" }, root);
    const controls = make("div", { class: "sw-controls", role: "group", "aria-label": t("label.settings"), ...SUPPRESS }, root);
    /** @type {Record<string, HTMLElement[]>} elements shown only with their control group */
    this.groups = {};
    /** @param {string} name @param {HTMLElement} node */
    const inGroup = (name, node) => { (this.groups[name] ||= []).push(node); return node; };
    const presetLabel = inGroup("presets", make("label", null, controls, `${t("label.preset")} `));
    this.presetSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("label.preset") }, presetLabel));
    this.presetSelect.addEventListener("change", () => this.applyPreset(this.presetSelect.value));
    const modeLabel = inGroup("pooling", make("label", null, controls, `${t("label.operation")} `));
    this.modeSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("label.operation") }, modeLabel));
    for (const value of MODES) make("option", { value }, this.modeSelect, t(MODE_NAMES[value]));
    this.modeSelect.addEventListener("change", () =>
      this.edit(switchMode(this.state(), this.modeSelect.value)));
    /** @type {Record<string, HTMLInputElement[]>} */
    this.numbers = {};
    /**
     * @param {string} name control of pairEdit
     * @param {string} group control group
     * @param {string} text label (said in the widget's language)
     * @param {number} min
     * @param {number} max
     */
    const pairControl = (name, group, text, min, max) => {
      const box = inGroup(group, make("span", { class: "sw-group", role: "group", "aria-label": text }, controls));
      make("span", null, box, text);
      this.numbers[name] = [AXIS_NAMES.rows, AXIS_NAMES.columns].map((axisKey, a) => {
        const axis = t(axisKey);
        const input = /** @type {HTMLInputElement} */ (make("input", { type: "number", min: String(min),
          max: String(max), step: "1", "aria-label": t("control.axis_label", { control: text, axis }),
          title: t("control.axis_title", { control: text, axis }) }, box));
        input.addEventListener("change", () => {
          // An empty box, or text the browser cannot read as a number, is NaN.
          const values = this.numbers[name].map((b) => (b.value.trim() === "" ? NaN : Number(b.value)));
          const result = pairEdit(this.state(), name, values);
          if (result.error !== undefined) this.refuse(result.error);
          else this.edit(result.traits);
        });
        if (a === 0) make("span", { "aria-hidden": "true" }, box, "×");
        return input;
      });
    };
    pairControl("input", "values", t("label.input"), 1, MAX_SIDE);
    pairControl("window", "values", t("label.window"), 1, MAX_SIDE);
    pairControl("padding", "padding", t("label.padding"), 0, MAX_SIDE / 2);
    pairControl("stride", "stride", t("label.stride"), 1, MAX_SIDE);
    pairControl("dilation", "dilation", t("label.dilation"), 1, MAX_SIDE);
    const biasLabel = inGroup("values", make("label", null, controls, `${t("label.bias")} `));
    // A text box: a number box would hide what was typed (it reads "1e309" as empty).
    this.biasInput = /** @type {HTMLInputElement} */ (make("input",
      { type: "text", inputmode: "decimal", class: "sw-bias", "aria-label": t("label.bias") }, biasLabel));
    this.biasInput.addEventListener("change", () => {
      const result = biasEdit(this.state(), this.biasInput.value);
      if (result.error !== undefined) this.refuse(result.error);
      else this.edit(result.traits);
    });
    this.message = make("div", { class: "sw-message", role: "status" }, root);
    this.main = make("div", { class: "sw-main" }, root);
    this.channelsEl = make("div", { class: "sw-channels" }, this.main);
    this.outBox = make("div", { class: "sw-outbox" }, this.main);
    this.outCaption = make("span");
    this.outGrid = /** @type {Grid} */ ({ grid: make("div"), cells: [] });
    this.sumEl = make("div", { class: "sw-sum", "aria-live": "polite", "aria-atomic": "true",
      "aria-label": t("sw.arithmetic") }, root);
    const player = inGroup("play", make("div", { class: "sw-player", role: "group",
      "aria-label": t("sw.player"), ...SUPPRESS }, root));
    /** @param {string} text @param {string} label @param {() => void} action */
    const button = (text, label, action) => {
      const b = make("button", { type: "button", "aria-label": label, title: label }, player, text);
      b.addEventListener("click", action);
      return b;
    };
    button("|◀", t("play.first"), () => this.moveTo(0));
    button("◀", t("play.back"), () => this.step(-1));
    this.playButton = button(t("play.play"), t("play.play"), () => this.togglePlay());
    this.playButton.classList.add("sw-play");
    button("▶", t("play.forward"), () => this.step(1));
    button("▶|", t("play.last"), () => this.moveTo(Infinity));
    const scrubLabel = make("label", null, player, `${t("play.position")} `);
    this.scrub = /** @type {HTMLInputElement} */ (make("input", { type: "range", min: "0", max: "0", step: "1",
      "aria-label": t("play.output_position") }, scrubLabel));
    this.scrub.addEventListener("input", () => this.moveTo(Number(this.scrub.value)));
    const speedLabel = make("label", null, player, `${t("play.speed")} `);
    this.speedSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("play.steps_per_second") }, speedLabel));
    for (const v of [0.5, 1, 2, 4, 8]) make("option", { value: String(v) }, this.speedSelect, t("play.per_second", { speed: v }));
    this.speedSelect.addEventListener("change", () => {
      this.set({ speed: Number(this.speedSelect.value) });
      if (this.timer !== null) this.startTimer();
    });
    this.formulaEl = make("div", { class: "sw-formula", "aria-label": t("sw.output_shape") }, root);
    const help = make("div", { class: "sw-help" }, root, t("sw.help"));
    inGroup("values", make("span", null, help, t("sw.help_edit")));
    el.appendChild(this.root);
    this.listen();
    if (this.get("playing")) this.set({ playing: false }); // never autoplay
    this.refresh();
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

  /** The synced traits, and the language the view speaks. */
  state() {
    return Object.assign(super.state(), { lang: this.lang });
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
    /** @param {string} name @param {any} values */
    const setPair = (name, values) => {
      if (!Array.isArray(values)) return;
      this.numbers[name].forEach((box, a) => {
        if (document.activeElement !== box) box.value = String(values[a]);
      });
    };
    if (xShape) setPair("input", xShape.slice(1));
    setPair("window", state.mode === "corr" ? (kShape ? kShape.slice(2) : null) : state.pool_size);
    setPair("padding", state.padding);
    setPair("stride", state.stride);
    setPair("dilation", state.dilation);
    const pooling = state.mode !== "corr";
    this.numbers.dilation.forEach((box) => { box.disabled = pooling; });
    this.biasInput.disabled = pooling;
    if (document.activeElement !== this.biasInput) this.biasInput.value = formatNumber(Number(state.bias) || 0);
    this.speedSelect.value = String(state.speed || 2);
    if (!this.speedSelect.value) this.speedSelect.value = "2";
  }

  /**
   * Build the grids for a new geometry.  Per step only classes and text change.
   * @param {Config} cfg
   */
  build(cfg) {
    this.channelsEl.textContent = "";
    this.outBox.textContent = "";
    const side = Math.max(cfg.h + 2 * cfg.padding[0], cfg.w + 2 * cfg.padding[1], cfg.oh, cfg.ow);
    const cell = Math.max(18, Math.min(36, Math.floor(440 / side)));
    this.cellSize = cell;
    this.root.style.setProperty("--sw-cell", `${cell}px`);
    this.root.classList.toggle("sw-small", cell < 28);
    this.root.style.setProperty("--sw-font", `${Math.max(8, Math.min(14, Math.round(cell * 0.4)))}px`);
    const corr = cfg.mode === "corr";
    const t = this.t;
    const shownChannels = corr ? cfg.ci : 1;
    this.inputGrids = [];
    this.kernelGrids = [];
    this.partialEls = [];
    for (let ch = 0; ch < shownChannels; ch++) {
      const row = make("div", { class: "sw-channel" }, this.channelsEl);
      const inBox = make("div", null, row);
      const inCaption = corr && cfg.ci > 1 ? t("caption.input_channel", { channel: ch }) : t("caption.input");
      this.inputCaption = make("div", { class: "sw-caption" }, inBox, inCaption);
      this.inputGrids.push(this.makeInputGrid(cfg, inBox, ch, inCaption));
      if (corr) {
        make("div", { class: "sw-op", "aria-hidden": "true" }, row, "⋆");
        const kBox = make("div", null, row);
        const kCaption = cfg.ci > 1 ? t("caption.kernel_channel", { channel: ch }) : t("caption.kernel");
        make("div", { class: "sw-caption" }, kBox, kCaption);
        this.kernelGrids.push(this.makeKernelGrid(cfg, kBox, ch, kCaption));
        if (cfg.ci > 1) {
          make("div", { class: "sw-op", "aria-hidden": "true" }, row, "→");
          this.partialEls.push(make("div", { class: "sw-partial", title: t("sw.partial") }, row));
        }
      }
    }
    const head = make("div", { class: "sw-caption" }, this.outBox);
    this.outCaption = make("span", null, head, t("caption.output"));
    if (cfg.outChannels > 1) {
      const label = make("label", { class: "sw-channel-pick" }, head, `${t("sw.channel")} `);
      const select = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("sw.output_channel"), ...SUPPRESS }, label));
      for (let c = 0; c < cfg.outChannels; c++) make("option", { value: String(c) }, select, String(c));
      select.addEventListener("change", () => this.set({ out_channel: Number(select.value) }));
      this.channelSelect = select;
    } else {
      this.channelSelect = null;
    }
    this.outGrid = this.makeOutputGrid(cfg, this.outBox);
    this.scrub.max = String(cfg.oh * cfg.ow - 1);
    this.windowCells = [];
    this.selectedCell = null;
    this.feedCells = [];
  }

  /**
   * A grid of rows x cols absolutely placed cells, focusable one at a time.
   * @param {HTMLElement} parent
   * @param {number} rows
   * @param {number} cols
   * @param {string} label
   * @param {string} [extraClass]
   * @returns {Grid}
   */
  makeGrid(parent, rows, cols, label, extraClass) {
    const grid = make("div", { class: `sw-grid ${extraClass || ""}`, role: "grid", "aria-label": label,
      "aria-rowcount": String(rows), "aria-colcount": String(cols), ...SUPPRESS }, parent);
    // Absolutely placed cells of fixed size: each is its own layout root, so a
    // step restyles ~2 windows of cells without laying out the whole grid.
    const step = this.cellSize + 1;
    grid.style.width = `${cols * step + 1}px`;
    grid.style.height = `${rows * step + 1}px`;
    /** @type {HTMLElement[][]} */
    const cells = [];
    for (let r = 0; r < rows; r++) {
      const rowEl = make("div", { role: "row", style: "display: contents" }, grid);
      const row = [];
      for (let c = 0; c < cols; c++) {
        const cell = make("div", { class: "sw-cell", role: "gridcell", tabindex: "-1",
          "aria-rowindex": String(r + 1), "aria-colindex": String(c + 1) }, rowEl);
        cell.style.left = `${c * step + 1}px`;
        cell.style.top = `${r * step + 1}px`;
        cell.dataset.r = String(r);
        cell.dataset.c = String(c);
        row.push(cell);
      }
      cells.push(row);
    }
    if (cells.length) cells[0][0].tabIndex = 0;
    grid.addEventListener("keydown", (event) => this.gridKeys(event, cells));
    return { grid, cells };
  }

  /**
   * Arrow keys move the focus inside an input or kernel grid (roving tabindex).
   * @param {KeyboardEvent} event
   * @param {HTMLElement[][]} cells
   */
  gridKeys(event, cells) {
    const cell = cellOf(event);
    if (!cell || inTextBox(event)) return;
    if ((event.key === "Enter" || event.key === "F2") && this.shown.has("values")) {
      consume(event);
      cell.click();
      return;
    }
    if (!GRID_KEYS.has(event.key)) return;
    const target = gridMove(event.key, Number(cell.dataset.r), Number(cell.dataset.c),
      cells.length, cells[0].length);
    if (!target) return;
    const [r, c] = target;
    consume(event);
    cell.tabIndex = -1;
    cells[r][c].tabIndex = 0;
    cells[r][c].focus();
  }

  /**
   * The output grid keeps the focus itself and points at the selected cell with
   * aria-activedescendant: a step then moves no DOM focus, which is costly.
   * @param {KeyboardEvent} event
   */
  outputKeys(event) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    if ((event.key === " " || event.key === "Enter") && this.shown.has("play")) {
      consume(event);
      this.togglePlay();
      return;
    }
    if (!GRID_KEYS.has(event.key)) return;
    const target = gridMove(event.key, ...this.selected(), cfg.oh, cfg.ow);
    if (!target) return;
    const [i, j] = target;
    consume(event);
    this.stop();
    this.select(i, j, true);
  }

  /**
   * @param {Config} cfg
   * @param {HTMLElement} parent
   * @param {number} ch input channel drawn
   * @param {string} caption
   * @returns {Grid}
   */
  makeInputGrid(cfg, parent, ch, caption) {
    const [ph, pw] = cfg.padding;
    const rows = cfg.h + 2 * ph;
    const cols = cfg.w + 2 * pw;
    const size = { caption, rows: cfg.h, cols: cfg.w, ph, pw };
    const { grid, cells } = this.makeGrid(parent, rows, cols,
      this.t(ph || pw ? "grid.padded" : "grid.size", size), "sw-edit sw-in");
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const cell = cells[r][c];
        const pad = r < ph || c < pw || r >= ph + cfg.h || c >= pw + cfg.w;
        cell.classList.toggle("sw-pad", pad);
        make("span", { class: "sw-v" }, cell);
      }
    }
    /** @param {Event} event */
    const source = (event) => {
      const cell = cellOf(event);
      if (cell) this.showFeeds(Number(cell.dataset.r) - ph, Number(cell.dataset.c) - pw, cell);
    };
    grid.addEventListener("mouseover", source);
    grid.addEventListener("focusin", source);
    grid.addEventListener("mouseleave", () => this.showFeeds(null));
    grid.addEventListener("focusout", () => this.showFeeds(null));
    grid.addEventListener("click", (event) => {
      const cell = cellOf(event);
      if (!cell || cell.classList.contains("sw-pad") || inTextBox(event) || !this.described) return;
      const r = Number(cell.dataset.r) - ph;
      const c = Number(cell.dataset.c) - pw;
      const X = this.described.cfg.X;
      const xc = cfg.mode === "corr" ? ch : this.channel;
      this.editCell(cell, X[xc][r][c], (node) => make("span", { class: "sw-v" }, node), (v) => {
        const x = X.map((chan) => chan.map((row) => row.slice()));
        x[xc][r][c] = v;
        return { x };
      });
    });
    return { grid, cells };
  }

  /**
   * @param {Config} cfg
   * @param {HTMLElement} parent
   * @param {number} ch input channel of the kernel drawn
   * @param {string} caption
   * @returns {Grid}
   */
  makeKernelGrid(cfg, parent, ch, caption) {
    const [kh, kw] = cfg.window;
    const { grid, cells } = this.makeGrid(parent, kh, kw,
      this.t("grid.size", { caption, rows: kh, cols: kw }), "sw-edit sw-kernel");
    for (const row of cells) for (const cell of row) cell.classList.add("sw-win");
    grid.addEventListener("click", (event) => {
      const cell = cellOf(event);
      if (!cell || inTextBox(event) || !this.described || !this.described.cfg.K) return;
      const a = Number(cell.dataset.r);
      const b = Number(cell.dataset.c);
      const co = this.channel;
      const K = this.described.cfg.K;
      this.editCell(cell, K[co][ch][a][b], () => {}, (v) => {
        const k = K.map((o) => o.map((chan) => chan.map((row) => row.slice())));
        k[co][ch][a][b] = v;
        return { k };
      });
    });
    return { grid, cells };
  }

  /**
   * @param {Config} cfg
   * @param {HTMLElement} parent
   * @returns {Grid}
   */
  makeOutputGrid(cfg, parent) {
    const { grid, cells } = this.makeGrid(parent, cfg.oh, cfg.ow,
      this.t("grid.output", { rows: cfg.oh, cols: cfg.ow }));
    grid.classList.add("sw-out");
    grid.tabIndex = 0;
    cells.forEach((row, r) => row.forEach((cell, c) => {
      cell.removeAttribute("tabindex");
      cell.id = `${this.id}-out-${r}-${c}`;
    }));
    grid.addEventListener("keydown", (event) => this.outputKeys(event));
    grid.addEventListener("mouseover", (event) => {
      const cell = cellOf(event);
      if (cell) this.showCell(Number(cell.dataset.r), Number(cell.dataset.c));
    });
    grid.addEventListener("mouseleave", () => this.showSelection());
    grid.addEventListener("click", (event) => {
      const cell = cellOf(event);
      if (cell) { this.stop(); this.select(Number(cell.dataset.r), Number(cell.dataset.c), true); }
    });
    return { grid, cells };
  }

  /**
   * Put a text box in a cell; Enter or leaving it commits, Escape cancels.  A
   * value that is no number, or that would break the drawing, changes nothing
   * and gets a message.
   * @param {HTMLElement} cell
   * @param {number} value shown in the box
   * @param {(cell: HTMLElement) => void} restore puts the cell's content back
   * @param {(v: number) => Record<string, any>} traits the edit that sets the value to v
   */
  editCell(cell, value, restore, traits) {
    if (!this.shown.has("values") || cell.querySelector("input")) return;
    const box = /** @type {HTMLInputElement} */ (make("input",
      { type: "text", inputmode: "decimal", "aria-label": this.t("sw.new_value") }));
    box.value = formatNumber(value);
    cell.textContent = "";
    cell.appendChild(box);
    box.focus();
    box.select();
    let done = false;
    /** @param {boolean} save @param {boolean} refocus */
    const finish = (save, refocus) => {
      if (done) return;
      done = true;
      const typed = box.value.trim();
      cell.textContent = "";
      restore(cell);
      this.valuesKey = null; // write the numbers back into the cell
      const parsed = parseNumber(typed, this.lang);
      const result = parsed.value === undefined || parsed.value === value ? null
        : valueEdit(this.state(), traits(parsed.value));
      if (result && result.traits) this.edit(result.traits);
      else this.refresh();
      const error = parsed.error || (result && result.error);
      if (save && error && typed !== formatNumber(value)) {
        this.refuse(this.t("sw.value_stays", { error, value: formatNumber(value) }));
      }
      if (refocus && cell.isConnected) { cell.tabIndex = 0; cell.focus(); }
    };
    box.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") { event.preventDefault(); finish(true, true); }
      if (event.key === "Escape") { event.preventDefault(); finish(false, true); }
    });
    box.addEventListener("blur", () => finish(true, false));
  }

  fillValues() {
    if (!this.described) return;
    const { cfg, output } = this.described;
    const [ph, pw] = cfg.padding;
    const corr = cfg.mode === "corr";
    const t = this.t;
    this.inputGrids.forEach(({ cells }, n) => {
      const ch = corr ? n : this.channel;
      for (let r = 0; r < cells.length; r++) {
        for (let c = 0; c < cells[r].length; c++) {
          const xr = r - ph;
          const xc = c - pw;
          const v = inside(cfg, xr, xc) ? cfg.X[ch][xr][xc] : null;
          const text = v === null ? (cfg.mode === "max" ? "-∞" : "0") : formatNumber(v);
          const cell = cells[r][c];
          /** @type {HTMLElement} */ (cell.firstChild).textContent = text;
          cell.setAttribute("aria-label", t(v === null ? "cell.padding" : "cell.input", { value: text, row: xr, col: xc }));
        }
      }
    });
    if (!corr && this.inputCaption) {
      this.inputCaption.textContent = cfg.ci > 1 ? t("caption.input_channel", { channel: this.channel }) : t("caption.input");
    }
    const K = cfg.K;
    if (K) {
      this.kernelGrids.forEach(({ cells }, ch) => {
        const weights = K[this.channel][ch];
        cells.forEach((row, a) => row.forEach((cell, b) => {
          cell.textContent = formatNumber(weights[a][b]);
          cell.setAttribute("aria-label", t("cell.weight", { value: formatNumber(weights[a][b]), row: a, col: b }));
        }));
      });
    }
    const Y = output[this.channel];
    this.outGrid.cells.forEach((row, i) => row.forEach((cell, j) => {
      cell.textContent = formatNumber(Y[i][j]);
      cell.setAttribute("aria-label", t("cell.output", { value: formatNumber(Y[i][j]), row: i, col: j }));
    }));
    if (this.channelSelect) this.channelSelect.value = String(this.channel);
    this.outCaption.textContent = cfg.mode !== "corr" ? t(cfg.mode === "max" ? "caption.max_output" : "caption.avg_output")
      : cfg.bias ? t("caption.output_bias", { bias: formatNumber(cfg.bias) }) : t("caption.output");
  }

  /** @returns {[number, number]} the selected output cell, clipped to the output */
  selected() {
    const cfg = /** @type {Drawn} */ (this.described).cfg;
    const sel = this.get("selected");
    const i = Array.isArray(sel) ? Number(sel[0]) | 0 : 0;
    const j = Array.isArray(sel) ? Number(sel[1]) | 0 : 0;
    return [Math.min(Math.max(0, i), cfg.oh - 1), Math.min(Math.max(0, j), cfg.ow - 1)];
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

  /**
   * Highlight the window of output cell (i, j) and write out its arithmetic.
   * @param {number} i
   * @param {number} j
   */
  showCell(i, j) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    for (const cell of this.windowCells) {
      cell.classList.remove("sw-win", "sw-argmax");
      delete cell.dataset.w;
    }
    this.windowCells = [];
    if (this.selectedCell) this.selectedCell.classList.remove("sw-sel");
    const result = windowTerms(cfg, this.channel, i, j);
    const [ph, pw] = cfg.padding;
    result.channels.forEach((chan, n) => {
      const grid = this.inputGrids[cfg.mode === "corr" ? n : 0];
      for (const t of chan.terms) {
        const cell = grid.cells[t.r + ph][t.c + pw];
        cell.classList.add("sw-win");
        if (cfg.mode === "max" && !t.pad && t.x === result.value) cell.classList.add("sw-argmax");
        if (t.k !== null) cell.dataset.w = `×${factorText(t.k)}`;
        this.windowCells.push(cell);
      }
      if (this.partialEls[n]) this.partialEls[n].textContent = `= ${formatNumber(chan.partial)}`;
    });
    this.selectedCell = this.outGrid.cells[i][j];
    this.selectedCell.classList.add("sw-sel");
    const where = cfg.outChannels > 1 ? this.t("sum.where_channel", { channel: this.channel, row: i, col: j })
      : this.t("sum.where", { row: i, col: j });
    this.sumEl.textContent = `${where}\n${formatSum(cfg, result, this.lang).join("\n")}`;
  }

  /**
   * Input cell (r, c) (unpadded coordinates) hovered or focused: mark every
   * output it feeds; null clears the marks.
   * @param {number | null} r
   * @param {number} [c]
   * @param {HTMLElement} [cell]
   */
  showFeeds(r, c, cell) {
    for (const node of this.feedCells) node.classList.remove("sw-feeds", "sw-src");
    this.feedCells = [];
    if (r === null || c === undefined || !cell || !this.described) return;
    cell.classList.add("sw-src");
    this.feedCells.push(cell);
    for (const [i, j] of feedsOutputs(this.described.cfg, r, c)) {
      const out = this.outGrid.cells[i][j];
      out.classList.add("sw-feeds");
      this.feedCells.push(out);
    }
  }

  /** @param {import("./window_core.js").Formulas} formula */
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
