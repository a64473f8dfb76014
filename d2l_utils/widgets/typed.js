// @ts-check
// What a reader types into a widget's boxes, and the one rule both views follow: a value
// that cannot be a setting is refused with a message saying why (never dropped in
// silence), in the widget's language.  An edit is `{traits}` to set or `{error}` to
// show instead; a value that can be a setting but does not fit with the others (stride
// 0, a kernel over the limit) goes on to the view, whose check gives Python's message.
// No DOM.

import { SettingError } from "./checks.js";
import { languageOf, msg, say } from "./strings.js";
import { typedText } from "./text.js";

/**
 * Trait values to set, or the message to show instead.
 * @typedef {{traits: Record<string, any>, error?: undefined}
 *   | {error: string, traits?: undefined}} Edit
 */

/** A number typed by the reader ("−2" with a typographic minus too), or an error in `lang`.
 * @param {unknown} text @param {string} [lang]
 * @returns {{value: number, error?: undefined} | {error: string, value?: undefined}} */
export function parseNumber(text, lang = "en") {
  const raw = String(text).trim();
  const v = Number(raw.replace(/^\u2212/, "-"));
  if (raw === "" || Number.isNaN(v)) return { error: say(lang, "error.not_a_number", { text: raw }) };
  if (!Number.isFinite(v)) return { error: say(lang, "error.too_large_number", { text: raw }) };
  return { value: v };
}

/**
 * The two numbers of a pair of boxes (rows, columns) as a setting `name`, or a SettingError
 * (Python's message for a pair that is not two ints).  `values` holds NaN for a box left
 * empty or holding no number.
 * @param {number[]} values @param {string} name
 * @returns {number[]}
 */
export function typedPair(values, name) {
  if (!wholeNumbers(values)) throw new SettingError("error.pair", { name, got: typedText(values) });
  return values.slice();
}

/**
 * The two numbers of a size control (rows, columns of X or K), or a SettingError.
 * @param {number[]} values @param {string} name "X" or "K"
 * @returns {number[]}
 */
export function typedSizes(values, name) {
  if (!wholeNumbers(values)) throw new SettingError("error.whole_sizes", { name, got: typedText(values) });
  return values.slice();
}

/** @param {number[]} values */
function wholeNumbers(values) {
  return values.length === 2 && values.every((v) => Number.isInteger(v));
}

/**
 * A bias typed into its box: its value, or a SettingError naming what was typed.
 * @param {unknown} text
 * @returns {number}
 */
export function typedBias(text) {
  const parsed = parseNumber(text);
  if (parsed.error === undefined) return parsed.value;
  throw new SettingError("error.bias_finite", { got: String(text).trim() || msg("value.nothing") });
}

/**
 * The traits `edit` returns, or the message of the SettingError it throws, in the
 * language of `state` (any other error is thrown on).
 * @param {Record<string, any>} state @param {() => Record<string, any>} edit
 * @returns {Edit}
 */
export function edited(state, edit) {
  try {
    return { traits: edit() };
  } catch (err) {
    if (err instanceof SettingError) return { error: err.in(languageOf(state)) };
    throw err;
  }
}
