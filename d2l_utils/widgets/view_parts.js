// @ts-check
// The pieces both views build their controls from (DOM): elements, a pair of number
// boxes (rows, columns) and the arrow keys of a grid.

/**
 * The part of anywidget's model a view uses (a kernel's, or a static page's, whose
 * save_changes does nothing).
 * @typedef {object} Model
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 * @property {(event: string, callback: (...args: any[]) => void) => void} off
 * @property {() => void} save_changes
 */

// Keys the controls act on go no further than the widget: Jupyter's own shortcuts would
// otherwise also act on them (Notebook 7 moves to the next cell on ArrowDown).
// JupyterLab and Notebook 7 handle a key before the widget sees it (Lumino's keymap
// listens in the capture phase), so the grids and controls also carry Lumino's opt-out,
// data-lm-suppress-shortcuts: a menu's arrows or a button's Enter would otherwise move or
// edit the notebook's cells.
export const SUPPRESS = { "data-lm-suppress-shortcuts": "true" };
/** The keys that move a cursor in a grid (gridMove). */
export const MOVE_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);

/**
 * A new element with attributes, in `parent`, holding `text`.
 * @param {string} tag
 * @param {Record<string, string> | null} [attrs]
 * @param {HTMLElement | null} [parent]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function make(tag, attrs, parent, text) {
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
 * A labelled pair of number boxes (rows × columns) in `parent`.  On a change,
 * `onValues` gets both numbers, NaN for a box left empty or holding text the browser
 * cannot read as a number: the view says why it refuses them (typed.js).
 * @param {HTMLElement} parent
 * @param {{text: string, min: number, max: number, className: string,
 *   t: (key: string, params?: Record<string, unknown>) => string,
 *   onValues: (values: number[]) => void}} options `text` the label, said in the widget's language
 * @returns {{box: HTMLElement, inputs: HTMLInputElement[]}}
 */
export function pairControl(parent, { text, min, max, className, t, onValues }) {
  const box = make("span", { class: className, role: "group", "aria-label": text }, parent);
  make("span", null, box, text);
  /** @type {HTMLInputElement[]} */
  const inputs = ["axis.rows", "axis.columns"].map((axisKey, a) => {
    const axis = t(axisKey);
    const input = /** @type {HTMLInputElement} */ (make("input", { type: "number", min: String(min),
      max: String(max), step: "1", "aria-label": t("control.axis_label", { control: text, axis }),
      title: t("control.axis_title", { control: text, axis }), ...SUPPRESS }, box));
    input.addEventListener("change", () => {
      onValues(inputs.map((b) => (b.value.trim() === "" ? NaN : Number(b.value))));
    });
    if (a === 0) make("span", { "aria-hidden": "true" }, box, "×");
    return input;
  });
  return { box, inputs };
}

/**
 * Show a pair setting in its boxes, leaving alone a box the reader is typing in.
 * @param {HTMLInputElement[] | undefined} inputs @param {unknown} values
 */
export function setPair(inputs, values) {
  if (!Array.isArray(values)) return;
  (inputs || []).forEach((box, a) => {
    if (document.activeElement !== box) box.value = String(values[a]);
  });
}

/**
 * The selected cell of a trait value (a pair of ints), clamped to a rows x cols map;
 * (0, 0) for a value that is no pair.
 * @param {unknown} value @param {number} rows @param {number} cols
 * @returns {[number, number]}
 */
export function selectedCell(value, rows, cols) {
  const i = Array.isArray(value) ? Number(value[0]) | 0 : 0;
  const j = Array.isArray(value) ? Number(value[1]) | 0 : 0;
  return [Math.min(Math.max(0, i), rows - 1), Math.min(Math.max(0, j), cols - 1)];
}

/**
 * Where a key moves a cursor at (r, c) in a rows x cols grid: arrows step
 * (stopping at the edges), Home and End jump to the corners; null for any other key.
 * @param {string} key @param {number} r @param {number} c @param {number} rows @param {number} cols
 * @returns {[number, number] | null}
 */
export function gridMove(key, r, c, rows, cols) {
  /** @type {Record<string, number[]>} */
  const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  const move = moves[key];
  if (move) {
    return [Math.min(rows - 1, Math.max(0, r + move[0])), Math.min(cols - 1, Math.max(0, c + move[1]))];
  }
  if (key === "Home") return [0, 0];
  if (key === "End") return [rows - 1, cols - 1];
  return null;
}

/**
 * The colours a canvas draws with, read from the widget's CSS variables (theme.css) as
 * the page now shows them: `names` maps a key to a variable, e.g. {blue: "--d2l-blue"}.
 * A variable may hold light-dark(...), which only a real property resolves, so each is
 * read through the colour of a probe element; `fallback` where there is no style (Node).
 * @param {HTMLElement} root
 * @param {Record<string, string>} names
 * @param {Record<string, string>} fallback
 * @returns {Record<string, string>}
 */
export function themeColours(root, names, fallback) {
  /** @type {Record<string, string>} */
  const out = { ...fallback };
  if (typeof getComputedStyle !== "function" || !root.isConnected) return out;
  const probe = make("span", { "aria-hidden": "true" }, root);
  for (const [key, name] of Object.entries(names)) {
    probe.style.color = `var(${name}, ${fallback[key]})`;
    out[key] = getComputedStyle(probe).color || fallback[key];
  }
  probe.remove();
  return out;
}

/**
 * Call `onChange` when the host may have switched theme: the book's data-theme on
 * <html> (pydata-sphinx-theme), JupyterLab's data-jp-theme-light on <body>, or the
 * system's dark preference.  Returns what stops watching.
 * @param {() => void} onChange
 * @returns {() => void}
 */
export function watchTheme(onChange) {
  /** @type {(() => void)[]} */
  const stops = [];
  if (typeof MutationObserver === "function" && typeof document !== "undefined") {
    const observer = new MutationObserver(() => onChange());
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light"] });
    stops.push(() => observer.disconnect());
  }
  const query = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  if (query && query.addEventListener) {
    query.addEventListener("change", onChange);
    stops.push(() => query.removeEventListener("change", onChange));
  }
  return () => stops.forEach((stop) => stop());
}
