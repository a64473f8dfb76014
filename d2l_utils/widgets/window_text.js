// @ts-check
// The window's arithmetic and the output-shape formula as text, in the widget's
// language (static_html.py writes the same for the static picture).  No DOM.

import { CONTROL_GROUPS } from "./constants.js";
import { msg, say } from "./strings.js";
import { factorText, formatNumber, tupleText } from "./text.js";
import { outputSize } from "./window_terms.js";

/** @typedef {import("./window_terms.js").Config} Config */
/** @typedef {import("./window_terms.js").WindowResult} WindowResult */
/** @typedef {import("./window_terms.js").ChannelTerms} ChannelTerms */
/**
 * @typedef {{perSide: string, total: string | null, dropped: number, size: number}} AxisFormula
 * @typedef {{rows: AxisFormula, cols: AxisFormula,
 *   symbols: {perSide: string, total: string | null}}} Formulas
 */

/**
 * The arithmetic of a windowTerms result as lines of text in `lang`, e.g.
 * "0×0 + 1×1 + 3×2 + 4×3 = 19", "max(0, 1, 3, 4) = 4", "(0 + 1 + 3 + 4) / 4 = 2".
 * With several input channels, one line per channel ("channel 0: ... = 19")
 * and a last line adding them ("19 + 37 = 56").  Padding counts as 0 in
 * sums and averages and is left out of a max.
 * @param {Config} cfg @param {WindowResult} result @param {string} [lang]
 * @returns {string[]}
 */
export function formatSum(cfg, result, lang = "en") {
  const value = formatNumber(result.value);
  if (cfg.mode === "max") {
    const xs = result.channels[0].terms.filter((t) => !t.pad).map((t) => formatNumber(t.x));
    return [`max(${xs.join(", ")}) = ${value}`];
  }
  if (cfg.mode === "avg") {
    const terms = result.channels[0].terms;
    const xs = terms.map((t) => factorText(t.x));
    return [`(${xs.join(" + ")}) / ${terms.length} = ${value}`];
  }
  /** @param {ChannelTerms} ch */
  const products = (ch) => ch.terms.map((t) => `${factorText(t.x)}×${factorText(t.k)}`).join(" + ");
  const biasText = cfg.bias !== 0 ? ` + ${factorText(cfg.bias)}` : "";
  if (result.channels.length === 1) {
    return [`${products(result.channels[0])}${biasText} = ${value}`];
  }
  const lines = result.channels.map(
    (ch) => say(lang, "sum.channel", { channel: ch.channel, sum: `${products(ch)} = ${formatNumber(ch.partial)}` }));
  const partials = result.channels.map((ch) => factorText(ch.partial)).join(" + ");
  lines.push(`${partials}${biasText} = ${value}`);
  return lines;
}

/**
 * The output-shape formulas with the numbers of `cfg` substituted, per axis.
 *
 * Returns `{rows: {perSide, total, dropped, size}, cols: {...}, symbols: {perSide, total}}`:
 * `perSide` is floor((n + 2p - d(k - 1) - 1) / s) + 1 with p the padding on
 * each side, `total` is Dive into Deep Learning's floor((n - k + p_t + s) / s)
 * with p_t = 2p the total padding (k the dilated extent), and `dropped` how many
 * rows/columns of the padded input no window reaches.  "floor" is written only
 * when the division is not exact, that is when rows/columns are dropped.
 *
 * A term is left out while its control group is not in `shown` (see
 * shownGroups) and its value is the default: with neither padding, stride nor
 * dilation both formulas are 6.2's n - k + 1, and `total` is null.
 * @param {Config} cfg
 * @param {Set<string>} [shown]
 * @param {string} [lang] the language of the words in it
 * @returns {Formulas}
 */
export function formulaText(cfg, shown = new Set(CONTROL_GROUPS), lang = "en") {
  /** @param {string} group @param {number[]} values @param {number} plain */
  const uses = (group, values, plain) => shown.has(group) || values.some((v) => v !== plain);
  const pad = uses("padding", cfg.padding, 0);
  const str = uses("stride", cfg.stride, 1);
  const dil = uses("dilation", cfg.dilation, 1);
  /** @type {Record<string, AxisFormula>} */
  const out = {};
  ["rows", "cols"].forEach((axis, a) => {
    const n = [cfg.h, cfg.w][a];
    const k = cfg.window[a];
    const p = cfg.padding[a];
    const s = cfg.stride[a];
    const d = cfg.dilation[a];
    const size = outputSize(n, k, p, s, d);
    const extent = d * (k - 1) + 1;
    const numerator = n + 2 * p - d * (k - 1) - 1;
    const dropped = numerator % s;
    /** @param {string} text */
    const div = (text) => (dropped ? `floor(${text} / ${s})` : `${text} / ${s}`);
    const terms = `${n}${pad ? ` + 2×${p}` : ""}${dil ? ` - ${d}×(${k} - 1) - 1` : ` - ${k}`}`;
    const perSide = str
      ? `${div(`(${terms})`)} + 1 = ${div(String(numerator))} + 1 = ${Math.floor(numerator / s)} + 1 = ${size}`
      : `${terms} + 1 = ${size}`;
    const kText = d === 1 ? String(k) : String(extent);
    const top = n - extent + 2 * p + s;
    const total = !(pad || str) ? null
      : `${div(`(${n} - ${kText} + ${2 * p} + ${s})`)} = ${div(String(top))} = ${size}` +
        (d === 1 ? "" : "   " + say(lang, "formula.dilated", { d, k, extent }));
    out[axis] = { perSide, total, dropped, size };
  });
  const inner = `n${pad ? " + 2p" : ""}${dil ? " - d(k - 1) - 1" : " - k"}`;
  return {
    rows: out.rows,
    cols: out.cols,
    symbols: {
      perSide: str ? `floor((${inner}) / s) + 1` : `${inner} + 1`,
      total: pad || str ? "floor((n - k + p + s) / s)" : null,
    },
  };
}

/** Message for the first output that is not a finite number (in `lang`), or null.
 * @param {Config} cfg @param {number[][][]} output @param {string} [lang]
 * @returns {string | null} */
export function overflowError(cfg, output, lang = "en") {
  for (let co = 0; co < output.length; co++) {
    for (let i = 0; i < output[co].length; i++) {
      for (let j = 0; j < output[co][i].length; j++) {
        const v = output[co][i][j];
        if (Number.isFinite(v)) continue;
        // Positions as in SlidingWindow.output: (c_o, h', w') with output or pooled channels.
        const channels = cfg.mode === "corr" ? cfg.kNdim === 4 : cfg.xNdim === 3;
        const kind = msg(Number.isNaN(v) ? "value.nan" : v > 0 ? "value.infinity" : "value.minus_infinity");
        return say(lang, "error.overflow", { kind, position: tupleText(channels ? [co, i, j] : [i, j]) });
      }
    }
  }
  return null;
}

