// @ts-check
// The image view's drawing (DOM): the picture with its padding, the feature map in the
// diverging colours with its scale, each colour channel's map, the pooled map, and the
// zoomed pixels and kernel editors of the window.  image_window.js's View adds the
// controls, the selection and when to redraw.

import { formatNumber, tupleText } from "./text.js";
import { formulaText } from "./window_text.js";
import { TraitView } from "./trait_view.js";
import { parseNumber } from "./typed.js";
import { make } from "./view_parts.js";
import { asConfig } from "./image_state.js";
import { featureMaps, poolConfig, poolMap } from "./image_maths.js";
import { colourMap, divergingColor, pictureRGBA, thinned, valueRange } from "./image_colours.js";
import { canvasPair, context2d, putPixels, sizeCanvas } from "./image_canvas.js";

/** @typedef {import("./image_state.js").ImageConfig} ImageConfig */
/** @typedef {import("./window_terms.js").Config} Config */
/** @typedef {import("./image_canvas.js").CanvasPair} CanvasPair */

// The channels of an RGB picture (keys of strings.json), and the colour that marks each inset.
export const COLOURS = ["iw.red", "iw.green", "iw.blue"];
const INSET_COLOURS = ["#d00000", "#009e73", "#0072b2"];
const DISPLAY = 300; // CSS pixels of the picture's longer side (padding included)

let instances = 0;

/**
 * The picture, the feature map with its scale, and the pooled map, side by side, in `main`.
 * @param {(key: string) => string} t the view's words
 */
function mapParts(t) {
  const main = make("div", { class: "iw-main" });
  const pictureBox = make("div", { class: "iw-box" }, main);
  const pictureCaption = make("div", { class: "iw-caption" }, pictureBox, t("iw.picture"));
  const picture = canvasPair(pictureBox, "iw-picture");
  const mapBox = make("div", { class: "iw-box" }, main);
  const mapCaption = make("div", { class: "iw-caption" }, mapBox, t("iw.feature_map"));
  const map = canvasPair(mapBox, "iw-map");
  const legend = make("div", { class: "iw-legend" }, mapBox);
  const legendBar = /** @type {HTMLCanvasElement} */ (make("canvas", { width: "160", height: "10", role: "img" }, legend));
  const legendText = make("div", { class: "iw-legend-text" }, legend);
  const poolBox = make("div", { class: "iw-box iw-hidden" }, main);
  const poolCaption = make("div", { class: "iw-caption" }, poolBox, t("iw.pooled"));
  const pooled = canvasPair(poolBox, "iw-pooled");
  return { main, pictureCaption, picture, mapCaption, map, legendBar, legendText, poolBox, poolCaption, pooled };
}

/**
 * The drawing of an image view.  Its parts are made here, outside the page; the View
 * (image_window.js) puts them in `root` in its order.
 */
export class MapsView extends TraitView {
  /**
   * @param {any} model
   * @param {readonly string[]} traits
   * @param {(state: Record<string, any>) => {ok: boolean, error?: string}} check
   */
  constructor(model, traits, check) {
    super(model, traits, check);
    this.id = `d2l-iw-${++instances}`;
    /** @type {ImageConfig | null} */
    this.cfg = null;
    /** @type {Float64Array[] | null} */
    this.maps = null;
    /** @type {Float64Array | null} */
    this.total = null;
    /** @type {Config | null} */
    this.poolCfg = null;
    /** @type {HTMLElement[][]} */
    this.insetCells = [];
    /** @type {HTMLCanvasElement[]} */
    this.channelCanvases = [];
    this.channelRowKey = "";
    this.scale = 1;
    this.legendDrawn = false;
    this.root = make("div", { class: "d2l-iw", ...(this.lang === "zh" ? { lang: "zh-CN" } : {}) });
    this.message = make("div", { class: "iw-message", role: "status" });
    const parts = mapParts(this.t);
    this.main = parts.main;
    this.pictureCaption = parts.pictureCaption;
    this.picture = parts.picture;
    this.mapCaption = parts.mapCaption;
    this.map = parts.map;
    this.legendBar = parts.legendBar;
    this.legendText = parts.legendText;
    this.poolBox = parts.poolBox;
    this.poolCaption = parts.poolCaption;
    this.pooled = parts.pooled;
    this.channelRow = make("div", { class: "iw-channel-maps" });
    this.detail = make("div", { class: "iw-detail" });
    this.insetBox = make("div", { class: "iw-insets", "aria-hidden": "true" }, this.detail);
    this.kernelBox = make("div", { class: "iw-kernels" }, this.detail);
    this.sumEl = make("div", { class: "iw-sum", id: `${this.id}-sum`, "aria-live": "polite",
      "aria-atomic": "true", "aria-label": this.t("iw.arithmetic") });
    this.poolSumEl = make("div", { class: "iw-sum iw-pool-sum iw-hidden" });
    this.formulaEl = make("div", { class: "iw-formula", "aria-label": this.t("iw.map_shape") });
  }

  /** @param {string} text */
  showMessage(text) {
    this.message.textContent = text;
    this.message.classList.toggle("iw-show", !!text);
  }

  /** @param {ImageConfig} cfg */
  drawPicture(cfg) {
    const [ph, pw] = cfg.padding;
    const rows = cfg.h + 2 * ph;
    const cols = cfg.w + 2 * pw;
    this.scale = DISPLAY / Math.max(rows, cols);
    sizeCanvas(this.picture, rows, cols, this.scale, [ph, pw]);
    const rgba = new Uint8ClampedArray(rows * cols * 4);
    const inner = pictureRGBA(cfg);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const o = 4 * (r * cols + c);
        const v = (r + c) % 2 ? 205 : 225; // padding: a light check, clearly not picture
        rgba[o] = v; rgba[o + 1] = v; rgba[o + 2] = v; rgba[o + 3] = 255;
      }
    }
    for (let r = 0; r < cfg.h; r++) { // the picture's rows over the padding, one copy each
      rgba.set(inner.subarray(4 * r * cfg.w, 4 * (r + 1) * cfg.w), 4 * ((r + ph) * cols + pw));
    }
    putPixels(this.picture.base, rgba, cols, rows);
    const size = { h: cfg.h, w: cfg.w, padding: tupleText(cfg.padding) };
    this.pictureCaption.textContent = this.t(cfg.ci === 3 ? (ph || pw ? "iw.picture_rgb_padded" : "iw.picture_rgb")
      : (ph || pw ? "iw.picture_gray_padded" : "iw.picture_gray"), size);
    this.picture.frame.setAttribute("aria-label", this.t("iw.picture_keys"));
    this.picture.frame.setAttribute("aria-describedby", `${this.id}-sum`);
  }

  /**
   * Compute every map of `cfg` and draw them: the feature map, each channel's, the pooled.
   * @param {ImageConfig} cfg
   * @param {(name: string) => void} [lap] notes the time of each part
   */
  computeAndDraw(cfg, lap = () => {}) {
    const reuse = this.maps && this.total ? { maps: this.maps, total: this.total } : null;
    const { maps, total } = featureMaps(cfg, reuse);
    lap("featureMaps");
    this.maps = maps;
    this.total = total;
    const range = valueRange(total);
    this.drawMap(cfg, total, range);
    lap("drawMap");
    this.drawChannelMaps(cfg, maps, total, range.limit);
    lap("channelMaps");
    this.drawPooled(cfg, total, range.limit);
    lap("pooling");
  }

  /**
   * The feature map, its caption and its colour scale.
   * @param {ImageConfig} cfg @param {Float64Array} total
   * @param {{min: number, max: number, limit: number}} range
   */
  drawMap(cfg, total, range) {
    sizeCanvas(this.map, cfg.oh, cfg.ow, this.scale, [0, 0]);
    putPixels(this.map.base, colourMap(total, range.limit), cfg.ow, cfg.oh);
    const t = this.t;
    this.map.base.setAttribute("aria-label", t("iw.map_label", { rows: cfg.oh, cols: cfg.ow,
      min: formatNumber(range.min), max: formatNumber(range.max) }));
    this.map.frame.setAttribute("aria-label", t("iw.map_keys"));
    this.map.frame.setAttribute("aria-describedby", `${this.id}-sum`);
    this.mapCaption.textContent = t(cfg.ci === 3 ? "iw.map_caption_rgb" : "iw.map_caption", { rows: cfg.oh, cols: cfg.ow }) +
      (cfg.bias ? t("iw.map_caption_bias", { bias: formatNumber(cfg.bias) }) : "");
    this.drawLegend(range);
  }

  /**
   * RGB: each channel's own map, small, on the same colour scale.  The boxes stay
   * while the sizes do; a recompute only redraws the three canvases.
   * @param {ImageConfig} cfg @param {Float64Array[]} maps @param {Float64Array} total
   * @param {number} limit
   */
  drawChannelMaps(cfg, maps, total, limit) {
    const t = this.t;
    const rowKey = cfg.ci === 3 ? `${cfg.oh} ${cfg.ow} ${this.scale} ${cfg.bias}` : "";
    if (rowKey !== this.channelRowKey) {
      this.channelRow.textContent = "";
      this.channelCanvases = [];
      if (cfg.ci === 3) {
        COLOURS.forEach((colour, ch) => {
          const name = t(colour);
          const box = make("div", { class: "iw-box" }, this.channelRow);
          make("div", { class: "iw-caption" }, box, t("iw.channel_map_caption", { name }));
          const canvas = /** @type {HTMLCanvasElement} */ (make("canvas", { class: "iw-small", role: "img",
            "aria-label": t("iw.channel_map_label", { name, rows: cfg.oh, cols: cfg.ow }) }, box));
          canvas.style.width = `${cfg.ow * this.scale / 2}px`;
          canvas.style.height = `${cfg.oh * this.scale / 2}px`;
          this.channelCanvases.push(canvas);
          if (ch < 2) make("div", { class: "iw-op", "aria-hidden": "true" }, this.channelRow, "+");
        });
        make("div", { class: "iw-op", "aria-hidden": "true" }, this.channelRow,
          `${cfg.bias ? `+ ${formatNumber(cfg.bias)} ` : ""}${t("iw.equals_map_above")}`);
      }
      this.channelRowKey = rowKey;
    }
    // Shown at half the scale: about one value per screen pixel is enough.
    const step = Math.max(1, Math.floor(2 / this.scale));
    this.channelCanvases.forEach((canvas, ch) => {
      const small = thinned(maps[ch] || total, cfg.oh, cfg.ow, step);
      putPixels(canvas, colourMap(small.data, limit), small.cols, small.rows);
    });
  }

  /**
   * The pooled map and its caption (hidden without pooling).
   * @param {ImageConfig} cfg @param {Float64Array} total @param {number} limit
   */
  drawPooled(cfg, total, limit) {
    this.poolBox.classList.toggle("iw-hidden", cfg.pool === "none");
    this.poolSumEl.classList.toggle("iw-hidden", cfg.pool === "none");
    if (cfg.pool === "none") return;
    const pooled = poolMap(total, cfg.oh, cfg.ow, cfg.pool, cfg.poolSize, cfg.poolStride);
    this.poolCfg = poolConfig(cfg, total);
    sizeCanvas(this.pooled, pooled.rows, pooled.cols, this.scale, [0, 0]);
    putPixels(this.pooled.base, colourMap(pooled.data, limit), pooled.cols, pooled.rows);
    const max = cfg.pool === "max";
    const sizes = { size: tupleText(cfg.poolSize), stride: tupleText(cfg.poolStride), rows: pooled.rows, cols: pooled.cols };
    this.poolCaption.textContent = this.t(max ? "iw.max_pool_caption" : "iw.avg_pool_caption", sizes);
    this.pooled.base.setAttribute("aria-label", this.t(max ? "iw.max_pooled_label" : "iw.avg_pooled_label", sizes));
  }

  /** @param {{min: number, max: number, limit: number}} range */
  drawLegend(range) {
    if (!this.legendDrawn) {
      const ctx = context2d(this.legendBar);
      const width = this.legendBar.width;
      for (let x = 0; x < width; x++) {
        const [r, g, b] = divergingColor(x / (width - 1));
        ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.fillRect(x, 0, 1, this.legendBar.height);
      }
      this.legendDrawn = true;
    }
    const limit = formatNumber(range.limit);
    this.legendBar.setAttribute("aria-label", this.t("iw.scale_label", { limit }));
    this.legendText.textContent = `-${limit}   0   ${limit}  ·  ` +
      this.t("iw.values_range", { min: formatNumber(range.min), max: formatNumber(range.max) });
  }

  /** The zoomed pixels under the window and the kernel editors. @param {ImageConfig} cfg */
  buildDetail(cfg) {
    const names = cfg.ci === 3 ? COLOURS.map((colour) => this.t(colour)) : [this.t("iw.pixels")];
    this.buildInsets(cfg, names);
    this.buildKernelEditors(cfg, names);
  }

  /** One inset per channel: the pixels under the window, zoomed.
   * @param {ImageConfig} cfg @param {string[]} names the channels' */
  buildInsets(cfg, names) {
    const [kh, kw] = cfg.window;
    this.insetBox.textContent = "";
    this.insetCells = [];
    const cell = Math.max(14, Math.min(44, Math.floor(200 / Math.max(kh, kw))));
    this.insetBox.style.setProperty("--iw-cell", `${cell}px`);
    this.insetBox.classList.toggle("iw-tiny", cell < 30);
    for (let ch = 0; ch < cfg.ci; ch++) {
      const box = make("div", { class: "iw-box" }, this.insetBox);
      make("div", { class: "iw-caption" }, box, this.t("iw.under_window", { name: names[ch] }));
      const grid = make("div", { class: "iw-inset" }, box);
      if (cfg.ci === 3) grid.style.borderTop = `4px solid ${INSET_COLOURS[ch]}`;
      grid.style.gridTemplateColumns = `repeat(${kw}, var(--iw-cell))`;
      const cells = [];
      for (let n = 0; n < kh * kw; n++) cells.push(make("div", { class: "iw-px" }, grid));
      this.insetCells.push(cells);
    }
  }

  /** A box per weight: one kernel for every channel, or one per channel.
   * @param {ImageConfig} cfg @param {string[]} names the channels' */
  buildKernelEditors(cfg, names) {
    const [kh, kw] = cfg.window;
    const t = this.t;
    this.kernelBox.textContent = "";
    const K = cfg.K[0] || [];
    const same = K.every((ch) => JSON.stringify(ch) === JSON.stringify(K[0]));
    const editors = same ? [0] : K.map((_, ch) => ch);
    for (const ch of editors) {
      const box = make("div", { class: "iw-box" }, this.kernelBox);
      const caption = same ? t(cfg.ci === 3 ? "iw.kernel_every_channel" : "caption.kernel")
        : t("iw.kernel_of", { name: names[ch] });
      make("div", { class: "iw-caption" }, box, caption);
      const grid = make("div", { class: "iw-kgrid", role: "group", "aria-label": t("grid.size", { caption, rows: kh, cols: kw }) }, box);
      grid.style.gridTemplateColumns = `repeat(${kw}, 4.2em)`;
      (K[ch] || []).forEach((row, a) => row.forEach((v, b) => {
        const input = /** @type {HTMLInputElement} */ (make("input", { type: "number", step: "any", value: formatNumber(v),
          "aria-label": t("iw.weight_cell", { row: a, col: b }), "data-lm-suppress-shortcuts": "true" }, grid));
        input.value = String(v);
        input.addEventListener("change", () => this.editWeight(input, v, same ? null : ch, a, b));
      }));
    }
  }

  /**
   * A weight typed into its box: set in the kernel of channel `ch` (of every channel when
   * null), or refused with a message, the box showing the weight again.
   * @param {HTMLInputElement} input @param {number} old @param {number | null} ch
   * @param {number} a @param {number} b
   */
  editWeight(input, old, ch, a, b) {
    const parsed = parseNumber(input.value, this.lang);
    if (parsed.error !== undefined) {
      input.value = String(old);
      this.showMessage(this.t("sw.value_stays", { error: parsed.error, value: formatNumber(old) }));
      return;
    }
    /** @type {number[][][]} */
    const kernel = (this.get("kernel") || []).map((/** @type {number[][]} */ c, /** @type {number} */ m) =>
      c.map((r, x) => r.map((w, y) => ((ch === null || m === ch) && x === a && y === b ? parsed.value : w))));
    this.set({ kernel, kernel_name: "" });
  }

  /** @param {ImageConfig} cfg */
  showFormula(cfg) {
    const formula = formulaText(asConfig(cfg), undefined, this.lang);
    const t = this.t;
    this.formulaEl.textContent = "";
    make("div", { class: "iw-note" }, this.formulaEl, t("iw.formula"));
    /** @type {[string, import("./window_text.js").AxisFormula][]} */
    const axes = [["formula.rows", formula.rows], ["formula.cols", formula.cols]];
    for (const [axis, f] of axes) {
      make("div", null, this.formulaEl, "  " + t("formula.axis", { axis: t(axis), formula: f.perSide }));
    }
  }
}
