// @ts-check
// ImageWindow: the sliding window over a picture, with the feature map beside it.  The
// anywidget view: `export default { render }`.  The window's arithmetic, shape formula
// and messages come from the shared modules (window_terms.js, window_text.js, checks.js);
// the picture's own checks, maps and colours from image_state.js, image_maths.js and
// image_colours.js, all tested against d2l_utils.reference through
// tests/vectors/image_window.json.  image_maps.js draws; this View adds the controls, a
// reader's own picture, the selection and when to redraw.  bundle.py joins the modules
// into the `_esm` that anywidget runs.

import { MAX_IMAGE_PADDING, MAX_IMAGE_SIDE, MAX_KERNEL_SIDE, POOL_MODES, UPLOAD_SIDE } from "./constants.js";
import { sayer } from "./strings.js";
import { factorText, formatNumber } from "./text.js";
import { windowTerms } from "./window_terms.js";
import { formatSum } from "./window_text.js";
import { viewRenderer } from "./trait_view.js";
import { MOVE_KEYS, gridMove, make, pairControl, selectedCell, setPair, themeColours, watchTheme } from "./view_parts.js";
import { checkImageSettings, imageConfig, kernelShape } from "./image_state.js";
import { cellArithmetic, cellAt, pictureLabel, pooledCellOf } from "./image_maths.js";
import { darkGray, fitSize, planarFromRGBA } from "./image_colours.js";
import { galleryKernel, imageBiasEdit, imagePairEdit } from "./image_edits.js";
import { drawCells, drawWindow } from "./image_canvas.js";
import { COLOURS, MapsView } from "./image_maps.js";

/** @typedef {import("./view_parts.js").Model} Model */
/** @typedef {import("./checks.js").State} State */
/** @typedef {import("./image_state.js").ImageConfig} ImageConfig */
/** @typedef {import("./image_canvas.js").CanvasPair} CanvasPair */

const TRAITS = ["pixels", "pixel_type", "image_shape", "x_ndim", "kernel", "kernel_name", "bias",
  "padding", "stride", "dilation", "pool", "pool_size", "pool_stride", "title", "selected",
  "_gallery"];
// Stride, dilation and the pooling go no further than the padded picture's side.
const MAX_PADDED = MAX_IMAGE_SIDE + 2 * MAX_IMAGE_PADDING;
// The canvases' outlines in theme.css's colours (the light ones where no style is read).
const CANVAS_COLOURS = { blue: "--d2l-blue", orange: "--d2l-orange", mark: "--d2l-mark", halo: "--d2l-halo" };
const LIGHT_CANVAS = { blue: "#0072B2", orange: "#D55E00", mark: "#1a1a1a", halo: "#ffffff" };
// The kernel gallery's names (d2l_utils.images.KERNELS) and their labels in strings.json;
// [[1, -1]] and [[1], [-1]] are their own labels.
/** @type {Record<string, string>} */
const GALLERY_LABELS = { identity: "gallery.identity", "box blur": "gallery.box_blur", Gaussian: "gallery.gaussian",
  sharpen: "gallery.sharpen", "Sobel x": "gallery.sobel_x", "Sobel y": "gallery.sobel_y", Laplacian: "gallery.laplacian" };
let stamps = 0;

/**
 * The value (row, column) under the mouse on a canvas pair, padding rows and columns
 * counted off.
 * @param {CanvasPair} target
 * @param {MouseEvent} event
 * @returns {[number, number]}
 */
function pixelAt(target, event) {
  const rect = target.base.getBoundingClientRect();
  return [Math.floor((event.clientY - rect.top) / target.scale) - target.offset[0],
    Math.floor((event.clientX - rect.left) / target.scale) - target.offset[1]];
}

class View extends MapsView {
  /**
   * @param {Model} model
   * @param {HTMLElement} el
   */
  constructor(model, el) {
    super(model, TRAITS, checkImageSettings);
    /** @type {string | null} */
    this.imageKey = null;
    /** @type {string | null} */
    this.mapsKey = null;
    /** @type {number[] | null} the feature-map cell under the mouse */
    this.hover = null;
    /** @type {Record<string, any> | null} the picture's traits before a reader's own */
    this.original = null;
    this.firstDrawing = true;
    /** @type {WeakMap<object, string>} */
    this.stamps = new WeakMap();
    /** @type {Record<string, HTMLInputElement[]>} the pair controls' boxes */
    this.numbers = {};
    const root = this.root;
    this.titleEl = make("div", { class: "iw-title" }, root);
    const controls = make("div", { class: "iw-controls", role: "group", "aria-label": this.t("label.settings") }, root);
    this.kernelSelect = this.buildKernelMenu(controls);
    this.buildPairs(controls);
    const { biasInput, poolSelect } = this.buildBiasAndPooling(controls);
    this.biasInput = biasInput;
    this.poolSelect = poolSelect;
    const upload = this.buildUpload();
    this.fileInput = upload.fileInput;
    this.resetButton = upload.resetButton;
    for (const part of [this.message, this.main, this.channelRow, this.detail, this.sumEl,
      this.poolSumEl, this.formulaEl]) root.appendChild(part);
    make("div", { class: "iw-help" }, root, this.t("iw.help"));
    this.wireCanvases();
    // Lumino (JupyterLab, Notebook 7) leaves keys alone in elements that opt out.
    for (const node of root.querySelectorAll("input, select, button")) {
      node.setAttribute("data-lm-suppress-shortcuts", "true");
    }
    el.appendChild(this.root);
    this.listen();
    /** @type {Record<string, string> | null} the outlines' colours, read once drawn in the page */
    this.canvasColours = null;
    // A theme switch restyles the HTML by itself; the outlines on the canvases are redrawn.
    this.cleanups.push(watchTheme(() => { this.canvasColours = null; this.showSelection(); }));
    // The first drawing (decoding, every map) runs in tasks of its own: a page that
    // draws several widgets while it loads then has no single long task.
    this.firstDraw = setTimeout(() => this.refresh(), 0);
    this.cleanups.push(() => clearTimeout(this.firstDraw));
  }

  /** The kernel gallery's menu. @param {HTMLElement} controls */
  buildKernelMenu(controls) {
    const kernelLabel = make("label", null, controls, `${this.t("label.kernel")} `);
    const kernelSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": this.t("label.kernel") }, kernelLabel));
    kernelSelect.addEventListener("change", () => {
      const edit = galleryKernel(this.get("_gallery"), kernelSelect.value, this.channels());
      if (edit) this.set(edit);
    });
    return kernelSelect;
  }

  /** The pair controls: kernel size, padding, stride, dilation (the pooling's come later).
   * @param {HTMLElement} controls */
  buildPairs(controls) {
    this.pair(controls, "size", "iw.kernel_size", 1, MAX_KERNEL_SIDE);
    this.pair(controls, "padding", "label.padding", 0, MAX_IMAGE_PADDING);
    this.pair(controls, "stride", "label.stride", 1, MAX_PADDED);
    this.pair(controls, "dilation", "label.dilation", 1, MAX_PADDED);
  }

  /**
   * A pair control whose numbers go through imagePairEdit.
   * @param {HTMLElement} controls @param {string} name @param {string} label key of strings.json
   * @param {number} min @param {number} max
   */
  pair(controls, name, label, min, max) {
    const { inputs } = pairControl(controls, { text: this.t(label), min, max, className: "iw-group", t: this.t,
      onValues: (values) => this.apply(imagePairEdit(this.state(), name, values)) });
    this.numbers[name] = inputs;
  }

  /** The bias box, the pooling menu and the pooling's pair controls. @param {HTMLElement} controls */
  buildBiasAndPooling(controls) {
    const t = this.t;
    const biasLabel = make("label", null, controls, `${t("label.bias")} `);
    const biasInput = /** @type {HTMLInputElement} */ (make("input", { type: "number", step: "any", "aria-label": t("label.bias") }, biasLabel));
    biasInput.addEventListener("change", () => this.apply(imageBiasEdit(this.state(), biasInput.value)));
    const poolLabel = make("label", null, controls, `${t("iw.pooling")} `);
    const poolSelect = /** @type {HTMLSelectElement} */ (make("select", { "aria-label": t("iw.pooling_of_map") }, poolLabel));
    for (const [value, text] of [["none", "iw.pool_none"], ["max", "iw.pool_max"], ["avg", "iw.pool_avg"]]) {
      make("option", { value }, poolSelect, t(text));
    }
    poolSelect.addEventListener("change", () => this.set({ pool: poolSelect.value }));
    this.pair(controls, "poolSize", "iw.pool_window", 1, MAX_PADDED);
    this.pair(controls, "poolStride", "iw.pool_stride", 1, MAX_PADDED);
    return { biasInput, poolSelect };
  }

  /** The file picker of a reader's own picture and the button that puts the original back. */
  buildUpload() {
    const t = this.t;
    const upload = make("div", { class: "iw-upload" }, this.root);
    const fileLabel = make("label", { class: "iw-file" }, upload, `${t("iw.own_picture")} `);
    const fileInput = /** @type {HTMLInputElement} */ (make("input", { type: "file", accept: "image/*", "aria-label": t("iw.own_picture") }, fileLabel));
    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      if (file) this.usePicture(file);
    });
    const resetButton = make("button", { type: "button", class: "iw-hidden" }, upload, t("iw.original_picture"));
    resetButton.addEventListener("click", () => {
      if (this.original) this.set(Object.assign({}, this.original, { selected: [0, 0] }));
      resetButton.classList.add("iw-hidden");
    });
    make("span", { class: "iw-note" }, upload, t("iw.drop_note"));
    return { fileInput, resetButton };
  }

  /** An edit typed by the reader: set (the view's check may still refuse it), or why not.
   * @param {import("./typed.js").Edit} result */
  apply(result) {
    if (result.error !== undefined) this.showMessage(result.error);
    else this.set(result.traits);
  }

  /** The canvases answer keys, clicks, the mouse and a dropped picture. */
  wireCanvases() {
    this.wireKeys();
    this.wireMouse();
    this.wireDrop();
  }

  /** Arrow keys, Home and End move the window on the picture and the map. */
  wireKeys() {
    /** @param {KeyboardEvent} event */
    const keys = (event) => {
      if (!MOVE_KEYS.has(event.key) || !this.cfg) return;
      event.stopPropagation(); // Notebook 7 and JupyterLab would move to another cell
      event.preventDefault();
      const [i, j] = this.selected();
      const target = gridMove(event.key, i, j, this.cfg.oh, this.cfg.ow);
      if (target) this.select(target);
    };
    for (const target of [this.picture, this.map]) {
      target.frame.addEventListener("keydown", keys);
      this.cleanups.push(() => target.frame.removeEventListener("keydown", keys));
    }
  }

  /** A click picks a window (on the picture, the map); hovering shows one (the map, the pooled map). */
  wireMouse() {
    this.picture.frame.addEventListener("click", (event) => {
      if (!this.cfg) return;
      const [r, c] = pixelAt(this.picture, event);
      this.select(cellAt(this.cfg, r, c));
    });
    /**
     * @param {MouseEvent} event
     * @returns {[number, number] | null}
     */
    const mapCell = (event) => {
      const [i, j] = pixelAt(this.map, event);
      return this.cfg && i >= 0 && j >= 0 && i < this.cfg.oh && j < this.cfg.ow ? [i, j] : null;
    };
    this.map.frame.addEventListener("click", (event) => {
      const cell = mapCell(event);
      if (cell) this.select(cell);
    });
    this.map.frame.addEventListener("mousemove", (event) => {
      const cell = mapCell(event);
      if (cell && (!this.hover || cell[0] !== this.hover[0] || cell[1] !== this.hover[1])) {
        this.hover = cell;
        this.showCell(cell[0], cell[1], false);
      }
    });
    this.map.frame.addEventListener("mouseleave", () => { this.hover = null; this.showSelection(); });
    this.pooled.frame.addEventListener("mousemove", (event) => {
      if (!this.cfg || this.cfg.pool === "none") return;
      const [i, j] = pixelAt(this.pooled, event);
      if (i >= 0 && j >= 0 && i < this.cfg.poh && j < this.cfg.pow) this.showPoolCell(i, j);
    });
    this.pooled.frame.addEventListener("mouseleave", () => this.showSelection());
  }

  /** A picture file dropped on the picture becomes the input. */
  wireDrop() {
    const frame = this.picture.frame;
    frame.addEventListener("dragover", (event) => { event.preventDefault(); frame.classList.add("iw-drop"); });
    frame.addEventListener("dragleave", () => frame.classList.remove("iw-drop"));
    frame.addEventListener("drop", (event) => {
      event.preventDefault();
      frame.classList.remove("iw-drop");
      const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
      if (file) this.usePicture(file);
    });
  }

  channels() {
    const shape = this.get("image_shape");
    return Array.isArray(shape) ? shape[0] : 1;
  }

  // Read a picture file in the page, scale it down and make it the input.
  /** @param {File} file */
  async usePicture(file) {
    try {
      if (!/^image\//.test(file.type || "")) {
        throw new Error(file.name ? this.t("iw.not_a_picture", { name: file.name }) : this.t("iw.file_not_a_picture"));
      }
      const bitmap = await createImageBitmap(file);
      const [w, h] = fitSize(bitmap.width, bitmap.height, UPLOAD_SIDE);
      const canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d", { willReadFrequently: true }));
      ctx.drawImage(bitmap, 0, 0, w, h);
      if (bitmap.close) bitmap.close();
      const channels = this.channels() === 3 ? 3 : 1;
      const bytes = planarFromRGBA(ctx.getImageData(0, 0, w, h).data, w, h, channels);
      if (!this.original) {
        /** @type {Record<string, any>} */
        const original = {};
        for (const name of ["pixels", "pixel_type", "image_shape", "x_ndim"]) original[name] = this.get(name);
        this.original = original;
      }
      this.set({ pixels: new DataView(bytes.buffer), pixel_type: "uint8", image_shape: [channels, h, w],
        x_ndim: channels === 3 ? 3 : 2, selected: [0, 0] });
      this.resetButton.classList.remove("iw-hidden");
      this.root.dataset.upload = `${w}x${h}`;
    } catch (err) {
      this.showMessage(this.t("iw.unreadable", { error: err instanceof Error ? err.message : String(err) }));
    }
  }

  /** A setting that does not fit was refused; the drawing stays. @param {string} error */
  refuseSetting(error) {
    this.showMessage(error);
  }

  refresh() {
    clearTimeout(this.firstDraw);
    /** @type {[string, number][]} */
    const times = [["start", performance.now()]];
    /** @param {string} name */
    const lap = (name) => { times.push([name, performance.now()]); };
    try {
      const state = this.state();
      const described = imageConfig(state);
      this.syncControls(state);
      if (!described.ok) {
        this.showMessage(described.error);
        for (const node of [this.main, this.sumEl, this.formulaEl, this.channelRow, this.insetBox]) node.classList.add("iw-hidden");
        this.cfg = null;
        this.imageKey = null;
        this.mapsKey = null;
        return;
      }
      this.showMessage("");
      for (const node of [this.main, this.sumEl, this.formulaEl, this.channelRow, this.insetBox]) node.classList.remove("iw-hidden");
      const cfg = described.cfg;
      this.cfg = cfg;
      const imageKey = JSON.stringify([cfg.ci, cfg.h, cfg.w, cfg.padding, state.pixel_type]) + ":" + this.pixelStamp(state.pixels);
      const mapsKey = JSON.stringify([imageKey, state.kernel, cfg.bias, cfg.stride, cfg.dilation, cfg.pool, cfg.poolSize, cfg.poolStride]);
      lap("config");
      if (imageKey !== this.imageKey) { this.drawPicture(cfg); this.imageKey = imageKey; }
      lap("picture");
      if (mapsKey !== this.mapsKey && this.firstDrawing) {
        // The first drawing shows the picture in one task and the maps in the next, so a
        // page that draws while it loads has no long task (a cold JIT is slow).
        this.firstDrawing = false;
        this.firstDraw = setTimeout(() => this.refresh(), 0);
        return;
      }
      if (mapsKey !== this.mapsKey) {
        this.computeAndDraw(cfg, lap);
        this.buildDetail(cfg);
        lap("detail");
        this.mapsKey = mapsKey;
      }
      this.showFormula(cfg);
      this.showSelection();
      lap("selection");
      // Where the last redraw spent its time, for tools/bench_images.py.
      this.root.dataset.timing = JSON.stringify(times.slice(1).map(([name, t], n) =>
        [name, +(t - (times[n] || times[0])[1]).toFixed(2)]));
    } catch (err) {
      this.showMessage(this.t("view.went_wrong", { error: String(err) }));
    }
  }

  // Identity of the pixel buffer: a new upload or trait value is a new object.
  /** @param {unknown} value */
  pixelStamp(value) {
    if (value === null || typeof value !== "object") return String(value);
    const stamp = this.stamps.get(value) || String(++stamps);
    this.stamps.set(value, stamp);
    return stamp;
  }

  /** @param {State} state */
  syncControls(state) {
    this.titleEl.textContent = state.title || "";
    this.titleEl.classList.toggle("iw-hidden", !state.title);
    const gallery = state._gallery || {};
    const names = ["", ...Object.keys(gallery)];
    if (this.kernelSelect.options.length !== names.length) {
      this.kernelSelect.textContent = "";
      // The value stays the gallery's (API) name; the label is in the reader's language.
      for (const name of names) {
        const label = GALLERY_LABELS[name];
        make("option", { value: name }, this.kernelSelect, label ? this.t(label) : name || this.t("iw.your_kernel"));
      }
    }
    this.kernelSelect.value = gallery[state.kernel_name] ? state.kernel_name : "";
    const shape = kernelShape(state.kernel);
    if (shape) setPair(this.numbers.size, shape.slice(1));
    setPair(this.numbers.padding, state.padding);
    setPair(this.numbers.stride, state.stride);
    setPair(this.numbers.dilation, state.dilation);
    setPair(this.numbers.poolSize, state.pool_size);
    setPair(this.numbers.poolStride, state.pool_stride);
    if (document.activeElement !== this.biasInput) this.biasInput.value = String(state.bias || 0);
    this.poolSelect.value = POOL_MODES.includes(state.pool) ? state.pool : "none";
    const pooling = this.poolSelect.value !== "none";
    for (const box of [...(this.numbers.poolSize || []), ...(this.numbers.poolStride || [])]) box.disabled = !pooling;
  }

  /** @returns {[number, number]} the selected feature-map cell, clamped to the map */
  selected() {
    const [oh, ow] = this.cfg ? [this.cfg.oh, this.cfg.ow] : [1, 1];
    return selectedCell(this.get("selected"), oh, ow);
  }

  /** @param {number[]} cell */
  select([i, j]) {
    this.set({ selected: [i, j] });
  }

  showSelection() {
    if (!this.cfg) return;
    const [i, j] = this.selected();
    this.showCell(i, j, true);
  }

  /**
   * Draw window (i, j) on the picture, mark its cell on the map, fill the insets and the sum.
   * @param {number} i
   * @param {number} j
   * @param {boolean} isSelection false while the mouse hovers another cell
   */
  showCell(i, j, isSelection) {
    const cfg = this.cfg;
    if (!cfg) return;
    const { result, lines } = cellArithmetic(cfg, i, j, this.lang);
    const colour = this.colours();
    drawWindow(this.picture, result.channels[0].terms.map((t) => [t.r, t.c]), colour.blue, colour.halo);
    const [si, sj] = this.selected();
    /** @type {[number, number, string][]} */
    const marks = [[si, sj, colour.mark]];
    if (!isSelection) marks.push([i, j, colour.blue]);
    drawCells(this.map, marks, colour.halo);
    const t = this.t;
    const names = cfg.ci === 3 ? COLOURS.map((colour) => t(colour)) : [""];
    // Filled once per kernel tap on every step: cut the templates up once.
    const tap = sayer(this.lang, "iw.tap");
    const tapPadding = sayer(this.lang, "iw.tap_padding");
    result.channels.forEach((chan, ch) => {
      const cells = this.insetCells[ch];
      chan.terms.forEach((term, n) => {
        const node = cells[n];
        const v = term.pad ? 0 : term.x;
        const g = Math.round(Math.min(1, Math.max(0, v)) * 255);
        // Each channel's values as gray levels (the channel's colour marks its inset).
        node.style.background = term.pad ? "" : `rgb(${g}, ${g}, ${g})`;
        node.classList.toggle("iw-pad", term.pad);
        node.classList.toggle("iw-dark", !term.pad && darkGray(g));
        node.textContent = formatNumber(v);
        node.dataset.w = `×${factorText(term.k)}`;
        const product = `${formatNumber(v)} × ${formatNumber(term.k)}`;
        node.title = `${names[ch]} ${term.pad ? tapPadding({ product })
          : tap({ row: term.r, col: term.c, product })}`;
      });
    });
    const terms = result.channels[0].terms;
    /** @param {"r" | "c"} key */
    const span = (key) => t("iw.span", { first: (terms[0] || { r: 0, c: 0 })[key], last: (terms[terms.length - 1] || { r: 0, c: 0 })[key] });
    const where = t("iw.sum_where", { row: i, col: j, rows: span("r"), cols: span("c") });
    this.sumEl.textContent = `${where}\n${lines.join("\n")}`;
    if (cfg.pool !== "none" && isSelection) {
      const [pi, pj] = pooledCellOf(cfg, i, j);
      this.showPoolCell(pi, pj, true);
    }
    this.picture.base.setAttribute("aria-label", pictureLabel(cfg, i, j, this.lang));
    this.root.dataset.selected = `${i},${j}`;
  }

  // Pooled cell (i, j): its window on the feature map and its max(...) or average.
  // With `keep` the selected window stays marked on the feature map too.
  /**
   * @param {number} i
   * @param {number} j
   * @param {boolean} [keep]
   */
  showPoolCell(i, j, keep) {
    if (!this.poolCfg) return;
    const result = windowTerms(this.poolCfg, 0, i, j);
    const colour = this.colours();
    /** @type {[number, number, string][]} */
    const marks = (result.channels[0]?.terms || []).map((t) => [t.r, t.c, colour.orange]);
    if (keep) marks.push([...this.selected(), colour.mark]);
    drawCells(this.map, marks, colour.halo);
    drawCells(this.pooled, [[i, j, colour.mark]], colour.halo);
    this.poolSumEl.textContent = this.t("iw.pool_where", { row: i, col: j, sum: formatSum(this.poolCfg, result, this.lang).join("\n") });
  }

  /** The outlines' colours in the page's theme (read once the view is in the page). */
  colours() {
    if (this.canvasColours) return this.canvasColours;
    const colours = themeColours(this.root, CANVAS_COLOURS, LIGHT_CANVAS);
    if (this.root.isConnected) this.canvasColours = colours;
    return colours;
  }

  destroy() {
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
  return viewRenderer(View, "iw.could_not_start")({ model, el });
}

export default { render };
