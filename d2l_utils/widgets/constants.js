// @ts-check
// The constants the widgets share with Python, from constants.json (constants.py reads the
// same file), under the names the modules use.  No DOM.

import CONSTANTS from "./constants.json" with { type: "json" };

/** Most rows or columns of a SlidingWindow grid drawn (the padded input, the kernel). */
export const MAX_SIDE = CONSTANTS.max_side;
/** Most input or output channels a SlidingWindow draws. */
export const MAX_CHANNELS = CONSTANTS.max_channels;
/** SlidingWindow's operations: cross-correlation, max and average pooling. */
export const MODES = CONSTANTS.modes;
/** Fewest and most steps per second while playing (MIN_SPEED, MAX_SPEED in Python). */
export const SPEEDS = CONSTANTS.speeds;
/**
 * The control groups, in the order a course meets them: "values" (edit the
 * numbers of X and K, their sizes and the bias), "presets" (the example menu),
 * "play" (step, play and scrub through the output positions), "padding",
 * "stride", "dilation", "channels" (the output-channel menu) and "pooling"
 * (the operation menu: cross-correlation, max or average pooling).
 */
export const CONTROL_GROUPS = CONSTANTS.control_groups;
/** Largest picture of an ImageWindow, per side. */
export const MAX_IMAGE_SIDE = CONSTANTS.max_image_side;
/** Largest kernel of an ImageWindow, per side. */
export const MAX_KERNEL_SIDE = CONSTANTS.max_kernel_side;
/** Most padding of an ImageWindow, per side (constants.py says why). */
export const MAX_IMAGE_PADDING = CONSTANTS.max_image_padding;
/** A reader's own picture is scaled in the page to at most this many pixels per side. */
export const UPLOAD_SIDE = CONSTANTS.upload_side;
/** ImageWindow's pooling of the feature map. */
export const POOL_MODES = CONSTANTS.pool_modes;
/** ColorBrewer's PuOr, a diverging scheme readable with the common colour-vision
 * deficiencies: purple for negative, white-grey for zero, orange-brown for positive. */
export const DIVERGING = CONSTANTS.diverging;
/** FieldExplorer's limits: most layers, input cells per axis, stride or dilation, kernel size. */
export const FIELD_LIMITS = CONSTANTS.field_limits;
/** FieldExplorer's examples: name -> {size, dims, layers: [kind, kernel, stride, padding, dilation][]}. */
export const FIELD_PRESETS = CONSTANTS.field_presets;
