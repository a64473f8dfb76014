// @ts-check
// ImageWindow's edits (pure): what the reader types or picks in the view, as trait values
// to set or the message to show instead (typed.js's rule: a value that cannot be a setting
// is refused saying why; one that does not fit with the others gets the view's check).  No DOM.

import { edited, typedBias, typedPair, typedSizes } from "./typed.js";

/** @typedef {import("./checks.js").State} State */
/** @typedef {import("./typed.js").Edit} Edit */

/** The pair controls of the view and the trait each sets ("size" resizes the kernel). */
export const IMAGE_PAIRS = { size: "kernel", padding: "padding", stride: "stride", dilation: "dilation",
  poolSize: "pool_size", poolStride: "pool_stride" };

/**
 * Trait values for the two numbers typed into a pair control of the image view, or the
 * message to show instead.  `values` holds NaN for a box left empty or not a number.
 * @param {State} state @param {string} control a key of IMAGE_PAIRS @param {number[]} values
 * @returns {Edit}
 */
export function imagePairEdit(state, control, values) {
  return edited(state, () => {
    if (control === "size") {
      const [kh, kw] = typedSizes(values, "K");
      return { kernel: resizeKernel(Array.isArray(state.kernel) ? state.kernel : [], kh, kw), kernel_name: "" };
    }
    const trait = /** @type {Record<string, string>} */ (IMAGE_PAIRS)[control];
    return { [trait]: typedPair(values, trait) };
  });
}

/** Trait values for a bias typed into its box, or the message to show instead.
 * @param {State} state @param {unknown} text
 * @returns {Edit} */
export function imageBiasEdit(state, text) {
  return edited(state, () => ({ bias: typedBias(text) }));
}

/**
 * Traits for a kernel of kh x kw: kept values where they overlap, new weights 0.
 * @param {number[][][]} kernel (c_i, k_h, k_w)
 * @param {number} kh
 * @param {number} kw
 * @returns {number[][][]}
 */
export function resizeKernel(kernel, kh, kw) {
  return kernel.map((ch) => Array.from({ length: kh }, (_, a) => Array.from({ length: kw },
    (_, b) => (ch[a] !== undefined && typeof ch[a][b] === "number" ? ch[a][b] : 0))));
}

/**
 * Traits for gallery kernel `name`: the same 2-D kernel on each of `channels` channels.
 * @param {Record<string, number[][]> | null | undefined} gallery
 * @param {string} name
 * @param {number} channels
 */
export function galleryKernel(gallery, name, channels) {
  const K = gallery && gallery[name];
  if (!K) return null;
  return { kernel: Array.from({ length: channels }, () => K.map((row) => row.slice())), kernel_name: name };
}
