// SlidingWindow: a convolution or pooling window sliding over an input, with
// its arithmetic written out.  The anywidget view: `export default { render }`.
// Everything shown is computed by window_core.js from the synced traits, so the
// widget also works in a static page with no kernel; this file only draws.
// Its styles are sliding_window.css (anywidget's `_css`).

import {
  MAX_SIDE, MODES, describeState, factorText, feedsOutputs, formatNumber, formatSum, gridMove,
  inside, nestedShape, resizeInput, resizeWindow, switchMode, windowTerms,
} from "./window_core.js";

const TRAITS = ["mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride",
  "dilation", "bias", "title", "selected", "out_channel", "playing", "speed", "preset_name",
  "_presets"];

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

let instances = 0;

class View {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.id = `d2l-sw-${++instances}`;
    this.structureKey = null;
    this.valuesKey = null;
    this.timer = null;
    this.cleanups = [];
    this.root = make("div", { class: "d2l-sw" });
    this.buildStatic();
    el.appendChild(this.root);
    this.batching = false;
    this.onChange = () => { if (!this.batching) this.refresh(); };
    this.onSelect = () => { if (!this.batching) this.showSelection(); };
    for (const name of TRAITS) {
      const handler = name === "selected" ? this.onSelect : this.onChange;
      model.on(`change:${name}`, handler);
      this.cleanups.push(() => model.off(`change:${name}`, handler));
    }
    if (this.get("playing")) this.set({ playing: false }); // never autoplay
    this.refresh();
  }

  get(name) {
    try { return this.model.get(name); } catch (err) { return undefined; }
  }

  // Write traits, tell the kernel if there is one, and redraw (also when the
  // model does not echo change events, e.g. a static page or a test double).
  set(values) {
    this.batching = true; // one redraw below, not one per trait
    try {
      for (const [key, value] of Object.entries(values)) {
        try { this.model.set(key, value); } catch (err) { /* keep drawing */ }
      }
    } finally {
      this.batching = false;
    }
    try { this.model.save_changes(); } catch (err) { /* no kernel: nothing to save to */ }
    if (Object.keys(values).length === 1 && "selected" in values) this.showSelection();
    else this.refresh();
  }

  state() {
    const state = {};
    for (const name of TRAITS) state[name] = this.get(name);
    return state;
  }

  buildStatic() {
    const root = this.root;
    this.titleEl = make("div", { class: "sw-title" }, root);
    const controls = make("div", { class: "sw-controls", role: "group", "aria-label": "Settings" }, root);
    const presetLabel = make("label", null, controls, "Preset ");
    this.presetSelect = make("select", { "aria-label": "Preset" }, presetLabel);
    this.presetSelect.addEventListener("change", () => this.applyPreset(this.presetSelect.value));
    const modeLabel = make("label", null, controls, "Operation ");
    this.modeSelect = make("select", { "aria-label": "Operation" }, modeLabel);
    for (const [value, text] of [["corr", "cross-correlation"], ["max", "max pooling"], ["avg", "average pooling"]]) {
      make("option", { value }, this.modeSelect, text);
    }
    this.modeSelect.addEventListener("change", () =>
      this.edit(switchMode(this.state(), this.modeSelect.value)));
    this.numbers = {};
    const pairControl = (name, text, min, max, onChange) => {
      const group = make("span", { class: "sw-group", role: "group", "aria-label": text }, controls);
      make("span", null, group, text);
      this.numbers[name] = ["rows", "columns"].map((axis, a) => {
        const input = make("input", { type: "number", min: String(min), max: String(max), step: "1",
          "aria-label": `${text}, ${axis}`, title: `${text} (${axis})` }, group);
        input.addEventListener("change", () => {
          const values = this.numbers[name].map((box) => Number(box.value));
          if (values.every((v) => Number.isInteger(v))) onChange(values);
        });
        if (a === 0) make("span", { "aria-hidden": "true" }, group, "×");
        return input;
      });
    };
    pairControl("input", "Input", 1, MAX_SIDE, ([h, w]) => this.edit(resizeInput(this.state(), h, w)));
    pairControl("window", "Window", 1, 16, ([kh, kw]) => this.edit(resizeWindow(this.state(), kh, kw)));
    pairControl("padding", "Padding", 0, 16, (v) => this.edit({ padding: v }));
    pairControl("stride", "Stride", 0, 16, (v) => this.edit({ stride: v }));
    pairControl("dilation", "Dilation", 0, 8, (v) => this.edit({ dilation: v }));
    const biasLabel = make("label", null, controls, "Bias ");
    this.biasInput = make("input", { type: "number", step: "any", "aria-label": "Bias" }, biasLabel);
    this.biasInput.addEventListener("change", () => {
      const v = Number(this.biasInput.value);
      if (this.biasInput.value.trim() !== "" && Number.isFinite(v)) this.edit({ bias: v });
    });
    this.message = make("div", { class: "sw-message", role: "status" }, root);
    this.main = make("div", { class: "sw-main" }, root);
    this.channelsEl = make("div", { class: "sw-channels" }, this.main);
    this.outBox = make("div", { class: "sw-outbox" }, this.main);
    this.sumEl = make("div", { class: "sw-sum", "aria-live": "polite", "aria-atomic": "true",
      "aria-label": "Arithmetic of the selected output" }, root);
    const player = make("div", { class: "sw-player", role: "group", "aria-label": "Step through the output" }, root);
    const button = (text, label, action) => {
      const b = make("button", { type: "button", "aria-label": label, title: label }, player, text);
      b.addEventListener("click", action);
      return b;
    };
    button("|◀", "First position", () => this.moveTo(0));
    button("◀", "Step back", () => this.step(-1));
    this.playButton = button("Play", "Play", () => this.togglePlay());
    this.playButton.classList.add("sw-play");
    button("▶", "Step forward", () => this.step(1));
    button("▶|", "Last position", () => this.moveTo(Infinity));
    const scrubLabel = make("label", null, player, "Position ");
    this.scrub = make("input", { type: "range", min: "0", max: "0", step: "1", "aria-label": "Output position" }, scrubLabel);
    this.scrub.addEventListener("input", () => this.moveTo(Number(this.scrub.value)));
    const speedLabel = make("label", null, player, "Speed ");
    this.speedSelect = make("select", { "aria-label": "Steps per second" }, speedLabel);
    for (const v of [0.5, 1, 2, 4, 8]) make("option", { value: String(v) }, this.speedSelect, `${v} / s`);
    this.speedSelect.addEventListener("change", () => {
      this.set({ speed: Number(this.speedSelect.value) });
      if (this.timer !== null) this.startTimer();
    });
    this.formulaEl = make("div", { class: "sw-formula", "aria-label": "Output shape" }, root);
    make("div", { class: "sw-help" }, root,
      "Arrow keys on the output move the window, Home/End jump to the first/last position. " +
      "Hover or focus an input cell to see every output it feeds. Click a number (or press Enter on it) to edit it.");
  }

  // Apply an edit made in the widget: it is no longer a preset.
  edit(values) {
    this.stop();
    this.set(Object.assign({ preset_name: "" }, values));
  }

  applyPreset(name) {
    const presets = this.get("_presets") || {};
    if (!presets[name]) return;
    this.stop();
    this.set(Object.assign({}, presets[name], { preset_name: name, selected: [0, 0], out_channel: 0 }));
  }

  refresh() {
    let described;
    try {
      described = describeState(this.state());
      this.syncControls(described);
      if (!described.ok) {
        this.stop();
        this.message.textContent = described.error;
        this.message.classList.add("sw-show");
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
      this.showFormula(described.formula, cfg);
      this.showSelection();
    } catch (err) {
      this.message.textContent = `Something went wrong drawing these settings: ${err}`;
      this.message.classList.add("sw-show");
    }
  }

  syncControls(described) {
    const state = this.state();
    this.titleEl.textContent = state.title || "";
    this.titleEl.classList.toggle("sw-hidden", !state.title);
    const presets = state._presets || {};
    const names = ["", ...Object.keys(presets)];
    if (this.presetSelect.options.length !== names.length) {
      this.presetSelect.textContent = "";
      for (const name of names) make("option", { value: name }, this.presetSelect, name || "(custom)");
    }
    this.presetSelect.value = presets[state.preset_name] ? state.preset_name : "";
    this.modeSelect.value = MODES.includes(state.mode) ? state.mode : "corr";
    const xShape = nestedShape(state.x, 3);
    const kShape = nestedShape(state.k, 4);
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
    if (document.activeElement !== this.biasInput) this.biasInput.value = String(state.bias || 0);
    this.speedSelect.value = String(state.speed || 2);
    if (!this.speedSelect.value) this.speedSelect.value = "2";
  }

  // Build the grids for a new geometry.  Per step only classes and text change.
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
    const shownChannels = corr ? cfg.ci : 1;
    this.inputGrids = [];
    this.kernelGrids = [];
    this.partialEls = [];
    for (let ch = 0; ch < shownChannels; ch++) {
      const row = make("div", { class: "sw-channel" }, this.channelsEl);
      const inBox = make("div", null, row);
      const inCaption = corr && cfg.ci > 1 ? `input channel ${ch}` : "input";
      this.inputCaption = make("div", { class: "sw-caption" }, inBox, inCaption);
      this.inputGrids.push(this.makeInputGrid(cfg, inBox, ch, inCaption));
      if (corr) {
        make("div", { class: "sw-op", "aria-hidden": "true" }, row, "⋆");
        const kBox = make("div", null, row);
        const kCaption = cfg.ci > 1 ? `kernel, channel ${ch}` : "kernel";
        this.kernelCaption = make("div", { class: "sw-caption" }, kBox, kCaption);
        this.kernelGrids.push(this.makeKernelGrid(cfg, kBox, ch, kCaption));
        if (cfg.ci > 1) {
          make("div", { class: "sw-op", "aria-hidden": "true" }, row, "→");
          this.partialEls.push(make("div", { class: "sw-partial", title: "partial sum of this channel" }, row));
        }
      }
    }
    const head = make("div", { class: "sw-caption" }, this.outBox);
    this.outCaption = make("span", null, head, "output");
    if (cfg.outChannels > 1) {
      const label = make("label", { class: "sw-channel-pick" }, head, "channel ");
      this.channelSelect = make("select", { "aria-label": "Output channel" }, label);
      for (let c = 0; c < cfg.outChannels; c++) make("option", { value: String(c) }, this.channelSelect, String(c));
      this.channelSelect.addEventListener("change", () => {
        this.set({ out_channel: Number(this.channelSelect.value) });
      });
    } else {
      this.channelSelect = null;
    }
    this.outGrid = this.makeOutputGrid(cfg, this.outBox);
    this.scrub.max = String(cfg.oh * cfg.ow - 1);
    this.windowCells = [];
    this.selectedCell = null;
    this.feedCells = [];
  }

  makeGrid(parent, rows, cols, label, extraClass) {
    const grid = make("div", { class: `sw-grid ${extraClass || ""}`, role: "grid", "aria-label": label,
      "aria-rowcount": String(rows), "aria-colcount": String(cols) }, parent);
    // Absolutely placed cells of fixed size: each is its own layout root, so a
    // step restyles ~2 windows of cells without laying out the whole grid.
    const step = this.cellSize + 1;
    grid.style.width = `${cols * step + 1}px`;
    grid.style.height = `${rows * step + 1}px`;
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
    grid.addEventListener("keydown", (event) => this.gridKeys(event, cells, grid));
    return { grid, cells };
  }

  // Arrow keys move the focus inside an input or kernel grid (roving tabindex).
  gridKeys(event, cells, grid) {
    const cell = event.target.closest && event.target.closest(".sw-cell");
    if (!cell || event.target.tagName === "INPUT") return;
    if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      cell.click();
      return;
    }
    const target = gridMove(event.key, Number(cell.dataset.r), Number(cell.dataset.c),
      cells.length, cells[0].length);
    if (!target) return;
    const [r, c] = target;
    event.preventDefault();
    cell.tabIndex = -1;
    cells[r][c].tabIndex = 0;
    cells[r][c].focus();
  }

  // The output grid keeps the focus itself and points at the selected cell with
  // aria-activedescendant: a step then moves no DOM focus, which is costly.
  outputKeys(event) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      this.togglePlay();
      return;
    }
    const target = gridMove(event.key, ...this.selected(), cfg.oh, cfg.ow);
    if (!target) return;
    const [i, j] = target;
    event.preventDefault();
    this.stop();
    this.select(i, j, true);
  }

  makeInputGrid(cfg, parent, ch, caption) {
    const [ph, pw] = cfg.padding;
    const rows = cfg.h + 2 * ph;
    const cols = cfg.w + 2 * pw;
    const { grid, cells } = this.makeGrid(parent, rows, cols,
      `${caption}, ${cfg.h} by ${cfg.w}` + (ph || pw ? `, padded by ${ph} and ${pw}` : ""), "sw-edit sw-in");
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const cell = cells[r][c];
        const pad = r < ph || c < pw || r >= ph + cfg.h || c >= pw + cfg.w;
        cell.classList.toggle("sw-pad", pad);
        this.inputCellContent(cell, cfg);
      }
    }
    const source = (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (cell) this.showFeeds(Number(cell.dataset.r) - ph, Number(cell.dataset.c) - pw, cell);
    };
    grid.addEventListener("mouseover", source);
    grid.addEventListener("focusin", source);
    grid.addEventListener("mouseleave", () => this.showFeeds(null));
    grid.addEventListener("focusout", () => this.showFeeds(null));
    grid.addEventListener("click", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (!cell || cell.classList.contains("sw-pad") || event.target.tagName === "INPUT") return;
      const r = Number(cell.dataset.r) - ph;
      const c = Number(cell.dataset.c) - pw;
      const xc = cfg.mode === "corr" ? ch : this.channel;
      this.editCell(cell, this.described.cfg.X[xc][r][c], (node) => this.inputCellContent(node, cfg), (v) => {
        const x = this.described.cfg.X.map((chan) => chan.map((row) => row.slice()));
        x[xc][r][c] = v;
        this.edit({ x });
      });
    });
    return { grid, cells };
  }

  inputCellContent(cell, cfg) {
    make("span", { class: "sw-v" }, cell);
  }

  makeKernelGrid(cfg, parent, ch, caption) {
    const [kh, kw] = cfg.window;
    const { grid, cells } = this.makeGrid(parent, kh, kw, `${caption}, ${kh} by ${kw}`, "sw-edit sw-kernel");
    for (const row of cells) for (const cell of row) cell.classList.add("sw-win");
    grid.addEventListener("click", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (!cell || event.target.tagName === "INPUT") return;
      const a = Number(cell.dataset.r);
      const b = Number(cell.dataset.c);
      const co = this.channel;
      this.editCell(cell, this.described.cfg.K[co][ch][a][b], () => {}, (v) => {
        const k = this.described.cfg.K.map((o) => o.map((chan) => chan.map((row) => row.slice())));
        k[co][ch][a][b] = v;
        this.edit({ k });
      });
    });
    return { grid, cells };
  }

  makeOutputGrid(cfg, parent) {
    const { grid, cells } = this.makeGrid(parent, cfg.oh, cfg.ow,
      `output, ${cfg.oh} by ${cfg.ow}; arrow keys move the window`);
    grid.classList.add("sw-out");
    grid.tabIndex = 0;
    cells.forEach((row, r) => row.forEach((cell, c) => {
      cell.removeAttribute("tabindex");
      cell.id = `${this.id}-out-${r}-${c}`;
    }));
    grid.addEventListener("keydown", (event) => this.outputKeys(event));
    grid.addEventListener("mouseover", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (cell) this.showCell(Number(cell.dataset.r), Number(cell.dataset.c));
    });
    grid.addEventListener("mouseleave", () => this.showSelection());
    grid.addEventListener("click", (event) => {
      const cell = event.target.closest && event.target.closest(".sw-cell");
      if (cell) { this.stop(); this.select(Number(cell.dataset.r), Number(cell.dataset.c), true); }
    });
    return { grid, cells };
  }

  // Put a text box in a cell; Enter or leaving it commits, Escape cancels.
  editCell(cell, value, restore, commit) {
    if (cell.querySelector("input")) return;
    const box = make("input", { type: "text", inputmode: "decimal", "aria-label": "New value" });
    box.value = formatNumber(value);
    cell.textContent = "";
    cell.appendChild(box);
    box.focus();
    box.select();
    let done = false;
    const finish = (save, refocus) => {
      if (done) return;
      done = true;
      const raw = box.value.trim().replace(/^\u2212/, "-");
      const v = Number(raw);
      const ok = save && raw !== "" && Number.isFinite(v);
      cell.textContent = "";
      restore(cell);
      this.valuesKey = null; // write the numbers back into the cell
      if (ok && v !== value) commit(v);
      else this.refresh();
      if (save && !ok && raw !== formatNumber(value)) {
        this.message.textContent = `"${raw}" is not a number; the value stays ${formatNumber(value)}.`;
        this.message.classList.add("sw-show");
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
    const { cfg, output } = this.described;
    const [ph, pw] = cfg.padding;
    const corr = cfg.mode === "corr";
    this.inputGrids.forEach(({ cells }, n) => {
      const ch = corr ? n : this.channel;
      for (let r = 0; r < cells.length; r++) {
        for (let c = 0; c < cells[r].length; c++) {
          const xr = r - ph;
          const xc = c - pw;
          const v = inside(cfg, xr, xc) ? cfg.X[ch][xr][xc] : null;
          const text = v === null ? (cfg.mode === "max" ? "-∞" : "0") : formatNumber(v);
          const cell = cells[r][c];
          cell.firstChild.textContent = text;
          cell.setAttribute("aria-label", v === null
            ? `padding ${text}, row ${xr}, column ${xc}` : `${text}, row ${xr}, column ${xc}`);
        }
      }
    });
    if (!corr && this.inputCaption) {
      this.inputCaption.textContent = cfg.ci > 1 ? `input channel ${this.channel}` : "input";
    }
    this.kernelGrids.forEach(({ cells }, ch) => {
      const K = cfg.K[this.channel][ch];
      cells.forEach((row, a) => row.forEach((cell, b) => {
        cell.textContent = formatNumber(K[a][b]);
        cell.setAttribute("aria-label", `weight ${formatNumber(K[a][b])}, row ${a}, column ${b}`);
      }));
    });
    const Y = output[this.channel];
    this.outGrid.cells.forEach((row, i) => row.forEach((cell, j) => {
      cell.textContent = formatNumber(Y[i][j]);
      cell.setAttribute("aria-label", `output ${formatNumber(Y[i][j])}, row ${i}, column ${j}`);
    }));
    if (this.channelSelect) this.channelSelect.value = String(this.channel);
    this.outCaption.textContent = cfg.mode === "corr" ? "output" + (cfg.bias ? ` (bias ${formatNumber(cfg.bias)} added)` : "")
      : `${cfg.mode === "max" ? "max" : "average"} pooling output`;
  }

  selected() {
    const cfg = this.described.cfg;
    const sel = this.get("selected");
    const i = Array.isArray(sel) ? Number(sel[0]) | 0 : 0;
    const j = Array.isArray(sel) ? Number(sel[1]) | 0 : 0;
    return [Math.min(Math.max(0, i), cfg.oh - 1), Math.min(Math.max(0, j), cfg.ow - 1)];
  }

  select(i, j, focus) {
    this.set({ selected: [i, j] });
    const grid = this.outGrid && this.outGrid.grid;
    if (focus && grid && document.activeElement !== grid) grid.focus({ preventScroll: true });
  }

  showSelection() {
    if (!this.described || this.structureKey === null) return;
    const [i, j] = this.selected();
    this.showCell(i, j);
    this.outGrid.grid.setAttribute("aria-activedescendant", this.outGrid.cells[i][j].id);
    this.scrub.value = String(i * this.described.cfg.ow + j);
    this.scrub.setAttribute("aria-valuetext", `row ${i}, column ${j}`);
  }

  // Highlight the window of output cell (i, j) and write out its arithmetic.
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
    const where = `output${cfg.outChannels > 1 ? ` channel ${this.channel},` : ""} row ${i}, column ${j}`;
    this.sumEl.textContent = `${where}:\n${formatSum(cfg, result).join("\n")}`;
  }

  // Input cell (r, c) (unpadded coordinates) hovered or focused: mark every output it feeds.
  showFeeds(r, c, cell) {
    for (const node of this.feedCells) node.classList.remove("sw-feeds", "sw-src");
    this.feedCells = [];
    if (r === null || !this.described) return;
    cell.classList.add("sw-src");
    this.feedCells.push(cell);
    for (const [i, j] of feedsOutputs(this.described.cfg, r, c)) {
      const out = this.outGrid.cells[i][j];
      out.classList.add("sw-feeds");
      this.feedCells.push(out);
    }
  }

  showFormula(formula, cfg) {
    this.formulaEl.textContent = "";
    make("div", { class: "sw-note" }, this.formulaEl,
      "Output size per axis, with p the padding on each side (MXNet, PyTorch): floor((n + 2p - d(k - 1) - 1) / s) + 1");
    for (const [axis, f] of Object.entries(formula)) make("div", null, this.formulaEl, `  ${axis}: ${f.perSide}`);
    make("div", { class: "sw-note" }, this.formulaEl,
      "Dive into Deep Learning's form, with p the total padding (2 × per side): floor((n - k + p + s) / s)");
    for (const [axis, f] of Object.entries(formula)) make("div", null, this.formulaEl, `  ${axis}: ${f.total}`);
    const names = { rows: ["row", "rows", "bottom"], cols: ["column", "columns", "right"] };
    const dropped = Object.entries(formula).filter(([, f]) => f.dropped > 0).map(([axis, f]) => {
      const [one, many, side] = names[axis];
      return `${f.dropped === 1 ? `the last ${one}` : `the last ${f.dropped} ${many}`} (${side})`;
    });
    if (dropped.length) {
      make("div", { class: "sw-note" }, this.formulaEl,
        `The stride does not fit evenly: no window reaches ${dropped.join(" or ")} of the padded input, so floor() leaves them out.`);
    }
    void cfg;
  }

  positions() {
    const cfg = this.described.cfg;
    return cfg.oh * cfg.ow;
  }

  moveTo(position) {
    if (!this.described || this.structureKey === null) return;
    const cfg = this.described.cfg;
    const n = Math.min(Math.max(0, position), this.positions() - 1);
    this.set({ selected: [Math.floor(n / cfg.ow), n % cfg.ow] });
  }

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

  // The play button says what pressing it does; the model records whether it plays.
  showPlaying(playing) {
    const label = playing ? "Pause" : "Play";
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
    for (const cleanup of this.cleanups) {
      try { cleanup(); } catch (err) { /* model already gone */ }
    }
    this.root.remove();
  }
}

function render({ model, el }) {
  try {
    const view = new View(model, el);
    return () => view.destroy();
  } catch (err) {
    const box = document.createElement("div");
    box.textContent = `The sliding-window widget could not start: ${err}`;
    el.appendChild(box);
    return () => box.remove();
  }
}

export default { render };
