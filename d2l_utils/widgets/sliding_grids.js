// @ts-check
// SlidingWindow's grids (DOM): the input, kernel and output grids of a geometry, built
// once per geometry and then only restyled; the numbers written into them, a cell edited
// in place, the keys that move in them, and the window of an output cell marked on them.
// sliding_window.js's View adds the controls, the player and the formula.

import { formatNumber, factorText } from "./text.js";
import { feedsOutputs, inside, windowTerms } from "./window_terms.js";
import { formatSum } from "./window_text.js";
import { TraitView } from "./trait_view.js";
import { parseNumber } from "./typed.js";
import { MOVE_KEYS, SUPPRESS, gridMove, make } from "./view_parts.js";
import { shownGroups } from "./sliding_state.js";
import { valueEdit } from "./sliding_edits.js";

/** @typedef {import("./window_terms.js").Config} Config */
/** @typedef {import("./sliding_state.js").Drawn} Drawn */
/** @typedef {{grid: HTMLElement, cells: HTMLElement[][]}} Grid */

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

/**
 * The grids of a SlidingWindow view, and what draws in them.  The View (sliding_window.js)
 * places `root`'s parts, builds the controls and says when to redraw.
 */
export class GridView extends TraitView {
  /**
   * @param {any} model
   * @param {readonly string[]} traits
   * @param {(state: Record<string, any>) => {ok: boolean, error?: string}} check
   */
  constructor(model, traits, check) {
    super(model, traits, check);
    this.id = `d2l-sw-${++instances}`;
    /** @type {string | null} */
    this.structureKey = null;
    /** @type {string | null} */
    this.valuesKey = null;
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
    /** @type {HTMLElement | null} */
    this.inputCaption = null;
    this.root = make("div", { class: "d2l-sw", ...(this.lang === "zh" ? { lang: "zh-CN" } : {}) });
    // The View puts these in `root`, in its order.
    this.main = make("div", { class: "sw-main" });
    this.channelsEl = make("div", { class: "sw-channels" }, this.main);
    this.outBox = make("div", { class: "sw-outbox" }, this.main);
    this.outCaption = make("span");
    this.outGrid = /** @type {Grid} */ ({ grid: make("div"), cells: [] });
    this.sumEl = make("div", { class: "sw-sum", "aria-live": "polite", "aria-atomic": "true",
      "aria-label": this.t("sw.arithmetic") });
  }

  // What the View does; the grids call them.
  /** @param {Record<string, any>} _values */
  edit(_values) {}
  /** @param {string} _error */
  refuse(_error) {}
  stop() {}
  togglePlay() {}
  /** @returns {[number, number]} */
  selected() { return [0, 0]; }
  /** @param {number} _i @param {number} _j @param {boolean} _focus */
  select(_i, _j, _focus) {}

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
    if (!MOVE_KEYS.has(event.key)) return;
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
    if (!MOVE_KEYS.has(event.key)) return;
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
}
