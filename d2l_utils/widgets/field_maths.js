// @ts-check
// FieldExplorer's numbers, as d2l_utils/receptive_field.py computes them (proven equal by
// tests/vectors/receptive_field.json): layer sizes, jumps, the recurrence
// r_l = r_(l-1) + d_l (k_l - 1) j_(l-1), spans and exact path counts per axis.  A stack
// here is already checked (field_state.js).  No DOM.

/**
 * A layer of the stack, as the `layers` trait holds it.
 * @typedef {{kind: string, kernel: number, stride: number, padding: number, dilation: number}} Layer
 */

/** Cells per axis of the input and of every layer's output. @param {Layer[]} layers @param {number} size */
export function layerSizes(layers, size) {
  const sizes = [size];
  for (const l of layers) {
    const span = l.dilation * (l.kernel - 1) + 1;
    sizes.push(Math.floor((sizes[sizes.length - 1] + 2 * l.padding - span) / l.stride) + 1);
  }
  return sizes;
}

/** [j_0, ..., j_L]: input cells between neighbouring units of each layer. @param {Layer[]} layers */
export function jumps(layers) {
  const out = [1];
  for (const l of layers) out.push(out[out.length - 1] * l.stride);
  return out;
}

/** [r_0, ..., r_L]: r_l = r_(l-1) + d_l (k_l - 1) j_(l-1). @param {Layer[]} layers */
export function fieldSizes(layers) {
  const jump = jumps(layers);
  const sizes = [1];
  layers.forEach((l, n) => sizes.push(sizes[n] + l.dilation * (l.kernel - 1) * jump[n]));
  return sizes;
}

/**
 * The span [start, end] (inclusive, in that layer's cells) of unit `unit` of layer
 * `layer` in layers 0 .. layer; outside 0 .. size - 1 is padding.
 * @param {Layer[]} layers @param {number} layer @param {number} unit
 * @returns {number[][]}
 */
export function fieldSpans(layers, layer, unit) {
  const spans = [[unit, unit]];
  for (let n = layer - 1; n >= 0; n--) {
    const l = layers[n];
    const [start, end] = spans[0];
    spans.unshift([start * l.stride - l.padding, end * l.stride - l.padding + l.dilation * (l.kernel - 1)]);
  }
  return spans;
}

/**
 * Paths from unit `unit` of layer `layer` back to each cell of layers 0 .. layer, exact
 * integers (field_state.js refuses a stack whose kernel sizes multiply past 2**53).
 * @param {Layer[]} layers @param {number[]} sizes @param {number} layer @param {number} unit
 * @returns {Float64Array[]}
 */
export function pathCounts(layers, sizes, layer, unit) {
  const counts = sizes.slice(0, layer + 1).map((n) => new Float64Array(n));
  counts[layer][unit] = 1;
  for (let n = layer; n > 0; n--) {
    const { kernel, stride, padding, dilation } = layers[n - 1];
    const below = counts[n - 1];
    const above = counts[n];
    for (let o = 0; o < above.length; o++) {
      const c = above[o];
      if (c === 0) continue;
      let i = o * stride - padding;
      for (let t = 0; t < kernel; t++, i += dilation) {
        if (i >= 0 && i < below.length) below[i] += c;
      }
    }
  }
  return counts;
}

/**
 * One axis of a unit's field, as receptive_field.receptive_field returns it.
 * @typedef {{sizes: number[], jumps: number[], fieldSizes: number[], spans: number[][],
 *   counts: Float64Array[], padding: boolean, wider: boolean}} Field
 */

/** @param {Layer[]} layers @param {number} size @param {number} layer @param {number} unit
 * @returns {Field} */
export function receptiveField(layers, size, layer, unit) {
  const sizes = layerSizes(layers, size);
  const spans = fieldSpans(layers, layer, unit);
  const [start, end] = spans[0];
  return {
    sizes, jumps: jumps(layers).slice(0, layer + 1), fieldSizes: fieldSizes(layers).slice(0, layer + 1),
    spans, counts: pathCounts(layers, sizes, layer, unit),
    padding: start < 0 || end >= size, wider: end - start + 1 > size,
  };
}

/** The colours of field_html.py: outside the field, fewest and most paths, the chosen unit. */
export const OUTSIDE = [0xee, 0xee, 0xee];
const FEW = [0xc6, 0xdb, 0xef];
const MANY = [0x08, 0x30, 0x6b];
export const CHOSEN = [0xd5, 0x5e, 0x00];

/** RGB of a share t in [0, 1] of the most paths (0: outside the field), as field_html.shade.
 * @param {number} t @returns {number[]} */
export function shade(t) {
  if (!(t > 0)) return OUTSIDE;
  const s = Math.sqrt(t);
  return FEW.map((few, n) => Math.floor(few + (MANY[n] - few) * s + 0.5));
}
