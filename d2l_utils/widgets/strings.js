// @ts-check
// The widgets' words: every text they show comes from strings.json, {key: {en, zh}}
// (strings.py reads the same table for Python).  Node imports the JSON here, and
// bundle.py writes it into `_esm` in place of the import.  No DOM.

import STRINGS from "./strings.json" with { type: "json" };

/** The languages of the `lang` trait: English and Simplified Chinese. */
export const LANGUAGES = ["en", "zh"];

/**
 * A text to show, by its key in strings.json and the values of its {placeholders};
 * a value may itself be a Message, said in the same language.
 * @typedef {{key: string, params: Record<string, unknown>}} Message
 */

/** @param {string} key @param {Record<string, unknown>} [params] @returns {Message} */
export function msg(key, params = {}) {
  return { key, params };
}

/** @param {unknown} value @returns {value is Message} */
function isMessage(value) {
  return typeof value === "object" && value !== null && typeof (/** @type {any} */ (value).key) === "string";
}

/** The language a state asks for ("en" unless its `lang` is "zh").
 * @param {unknown} state @returns {string} */
export function languageOf(state) {
  const lang = state && typeof state === "object" ? /** @type {any} */ (state).lang : undefined;
  return LANGUAGES.includes(lang) ? lang : "en";
}

/**
 * The string `key` of strings.json in `lang`, its {name} placeholders filled from
 * `params` (Messages in them are said in `lang` too).  Throws on an unknown key or a
 * missing value: a test covers every key the modules use.
 * @param {string} lang @param {string} key @param {Record<string, unknown>} [params]
 * @returns {string}
 */
export function say(lang, key, params = {}) {
  return sayer(lang, key)(params);
}

/**
 * say() for one key in one language, with the template cut up once: for a string filled
 * many times in one step (a title per kernel tap), keep the function this returns.
 * sayer(lang, key)(params) is say(lang, key, params).
 * @param {string} lang
 * @param {string} key
 * @returns {(params: Record<string, any>) => string}
 */
export function sayer(lang, key) {
  /** @type {Record<string, Record<string, string>>} */
  const table = STRINGS;
  const entry = table[key];
  if (!entry) throw new Error(`strings.json has no key ${key}`);
  // Odd positions hold placeholder names, even ones the text between them.
  const parts = entry[LANGUAGES.includes(lang) ? lang : "en"].split(/\{(\w+)\}/);
  return (params) => parts.map((part, n) => {
    if (n % 2 === 0) return part;
    if (!(part in params)) throw new Error(`string ${key} needs a value for {${part}}`);
    const value = params[part];
    return isMessage(value) ? say(lang, value.key, value.params) : String(value);
  }).join("");
}
