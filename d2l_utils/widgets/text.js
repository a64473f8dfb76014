// @ts-check
// Values as text: Python's repr of a value (so a message reads as Python writes it),
// and numbers as the widgets show them.  No DOM.

/** Python's text for a tuple: [3, 4] -> "(3, 4)", [3] -> "(3,)".
 * @param {(number | string)[]} values */
export function tupleText(values) {
  return "(" + values.join(", ") + (values.length === 1 ? ",)" : ")");
}

/** Python's repr of a number: "nan", "inf" and "-inf" for the others.
 * @param {number} v */
function pyNumber(v) {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return String(v);
}

/**
 * Python's repr of a value that came through JSON, as the Python checks write it in
 * their messages: 'text', None, True, [1, 2], nan.
 * @param {unknown} value
 * @returns {string}
 */
export function pyRepr(value) {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
  if (typeof value === "object") {
    return "{" + Object.entries(value).map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(", ") + "}";
  }
  return String(value);
}

/** Python's repr of a float (a bias, stored as a float): 1 -> "1.0".
 * @param {unknown} value */
export function pyFloat(value) {
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return pyRepr(value);
}

/** A setting as the messages show it (settings.shown in Python): a list as a tuple.
 * @param {unknown} value */
export function shown(value) {
  return Array.isArray(value) ? tupleText(value.map(pyRepr)) : pyRepr(value);
}

/** The name of a JSON value's Python type (for "got int 1").
 * @param {unknown} value */
export function pyType(value) {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return Array.isArray(value) ? "list" : "dict";
}

/** A number as the widget writes it: integers exactly, others to 4 decimals.
 * @param {unknown} v
 * @returns {string} */
export function formatNumber(v) {
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (typeof v !== "number" || Number.isNaN(v)) return "?";
  if (Object.is(v, -0)) return "0";
  if (Number.isInteger(v)) return String(v);
  const rounded = Number(v.toFixed(4));
  return rounded !== 0 ? String(rounded) : v.toPrecision(3);
}

/** A factor inside a product or sum: negative numbers get parentheses.
 * @param {unknown} v */
export function factorText(v) {
  const text = formatNumber(v);
  return text.startsWith("-") ? "(" + text + ")" : text;
}

/** Two numbers typed into a pair of boxes, as a message shows them: NaN (an empty box, or
 * text that is no number) as "?".
 * @param {number[]} values */
export function typedText(values) {
  return tupleText(values.map((v) => (Number.isNaN(v) ? "?" : String(v))));
}
