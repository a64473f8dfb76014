"""NumPy ground truth for every operation in the course; imports no framework.

The framework modules (:mod:`d2l_utils.mxnet`, :mod:`d2l_utils.tensorflow`) and
the widget's JavaScript are all tested against these functions.  They work in
float64 and favour being obviously right over being fast, except
:func:`corr2d_vectorized`, the fast version the benchmark compares with the
frameworks' built-in convolutions.

Inputs may be NumPy arrays, nested lists or framework arrays of bools, ints or
floats (see the package docstring for NaN, infinity and integers).
"""
import numpy as np

from d2l_utils import checks


def conv_output_shape(input_shape, kernel_size, padding=0, stride=1, dilation=1):
    """Shape ``(rows, cols)`` of a convolution or pooling output.

    Parameters
    ----------
    input_shape : pair of int
        ``(n_h, n_w)``; longer shapes use their last two entries.
    kernel_size : int or pair of int
        ``(k_h, k_w)``.
    padding : int or pair of int
        Rows and columns of padding added on *each* side, as MXNet, PyTorch and
        Keras' ``ZeroPadding2D`` count it.
    stride, dilation : int or pair of int

    Returns
    -------
    tuple of int
        Per axis ``floor((n + 2p - d(k - 1) - 1) / s) + 1``.  Dive into Deep
        Learning writes ``p`` for the *total* padding ``p_t = 2p`` and (with
        ``d = 1``) gets the same number as ``floor((n - k + p_t + s) / s)``.

    Raises
    ------
    TypeError
        If ``input_shape`` does not hold ints, or a size is not an int or a pair of ints.
    ValueError
        If ``input_shape`` has an entry below 1, the (dilated) kernel is larger
        than the padded input, stride or dilation is below 1 or padding is negative.

    Examples
    --------
    >>> conv_output_shape((8, 8), (3, 5), padding=(0, 1), stride=(3, 4))
    (2, 2)
    """
    shape = checks.input_shape(input_shape)
    kernel_size = checks.as_pair(kernel_size, "kernel_size", minimum=1)
    padding = checks.as_pair(padding, "padding")
    stride = checks.as_pair(stride, "stride", minimum=1)
    dilation = checks.as_pair(dilation, "dilation", minimum=1)
    checks.window_fits(shape, kernel_size, padding, dilation,
                       x_name="input_shape", k_name="kernel_size")
    return checks.output_shape(shape, kernel_size, padding, stride, dilation)


def pad2d(X, padding, value=0.0):
    """Pad the last two axes of ``X`` by ``padding`` rows and columns on each side.

    ``value`` is a real number, infinities included (max pooling pads with -inf).
    """
    p_h, p_w = checks.as_pair(padding, "padding")
    checks.pad_value(value)
    X = checks.finite(checks.as_array(X, "X"), "X")
    if X.ndim < 2:
        raise ValueError(f"X must have at least 2 axes (h, w), got shape {X.shape}")
    checks.padded_fits(X.shape, (p_h, p_w))
    width = [(0, 0)] * (X.ndim - 2) + [(p_h, p_h), (p_w, p_w)]
    return np.pad(X.astype(float), width, constant_values=value)


def _as_nd(X, name, layout):
    """``X`` as a checked array (dtype kept) with the axes ``layout`` names."""
    X = checks.as_array(X, name)
    checks.expect_ndim(X.shape, layout.count(",") + 1, name, layout)
    return checks.finite(X, name)


def _as_2d(X, name):
    return _as_nd(X, name, "(h, w)" if name == "X" else "(k_h, k_w)")


def _computed(Y):
    """``Y`` once known to be finite (finite inputs can still overflow float64)."""
    return checks.finite_output(Y, np.float64)


def _geometry(X, K, padding, stride, dilation):
    padding = checks.as_pair(padding, "padding")
    stride = checks.as_pair(stride, "stride", minimum=1)
    dilation = checks.as_pair(dilation, "dilation", minimum=1)
    checks.window_fits(X.shape, K.shape, padding, dilation)
    checks.padded_fits(X.shape, padding)
    out = checks.output_shape(X.shape, K.shape, padding, stride, dilation)
    return padding, stride, dilation, out


def window_indices(i, j, kernel_size, padding=0, stride=1, dilation=1, *, input_shape=None):
    """Input coordinates ``[(row, col), ...]`` that output cell ``(i, j)`` reads.

    Coordinates are in the *unpadded* input, so they can be negative or past the
    edge where the window covers padding.  Row-major order, matching the terms of
    :func:`corr2d`'s sums.  ``i`` and ``j`` are non-negative ints; with
    ``input_shape`` (as :func:`conv_output_shape` takes it) they must also name a
    cell of the output.

    >>> window_indices(1, 0, 2, input_shape=(3, 3))
    [(1, 0), (1, 1), (2, 0), (2, 1)]
    >>> window_indices(2, 0, 2, input_shape=(3, 3))
    Traceback (most recent call last):
    ...
    ValueError: cell (i, j) = (2, 0) is outside the output of shape (2, 2)
    """
    i, j = checks.cell(i, j)
    k_h, k_w = checks.as_pair(kernel_size, "kernel_size", minimum=1)
    p_h, p_w = checks.as_pair(padding, "padding")
    s_h, s_w = checks.as_pair(stride, "stride", minimum=1)
    d_h, d_w = checks.as_pair(dilation, "dilation", minimum=1)
    if input_shape is not None:
        checks.cell(i, j, conv_output_shape(input_shape, (k_h, k_w), (p_h, p_w), (s_h, s_w),
                                            (d_h, d_w)))
    return [(i * s_h - p_h + a * d_h, j * s_w - p_w + b * d_w)
            for a in range(k_h) for b in range(k_w)]


def corr2d(X, K, padding=0, stride=1, dilation=1):
    """2-D cross-correlation of ``X`` (h, w) with kernel ``K`` (k_h, k_w).

    Zero padding of ``padding`` rows/columns on each side; ``stride`` and
    ``dilation`` per axis.  Returns a float64 array of shape
    :func:`conv_output_shape`.
    """
    X, K = _as_2d(X, "X"), _as_2d(K, "K")
    geometry = _geometry(X, K, padding, stride, dilation)
    checks.sums_fit(X, K)
    return _computed(_corr2d_sums(X, K, *geometry))


def _corr2d_sums(X, K, padding, stride, dilation, out_shape):
    """The sums of :func:`corr2d` on checked arguments (they may overflow).

    Every output cell starts at 0 and adds the products of its window in
    row-major order (the order of :func:`window_indices`).  Here each addition
    is made for all cells at once, kernel tap by kernel tap, so the result has
    the same bits as a loop over cells and takes k_h * k_w NumPy steps
    instead of one Python step per product (a 64x64 widget with 8 channels
    would otherwise take half a minute to show).
    """
    Xp, K = pad2d(X, padding), K.astype(float)
    (out_h, out_w), (s_h, s_w), (d_h, d_w) = out_shape, stride, dilation
    Y = np.zeros(out_shape)
    with np.errstate(over="ignore", invalid="ignore"):  # reported by _computed
        for a in range(K.shape[0]):
            for b in range(K.shape[1]):
                rows = slice(a * d_h, a * d_h + (out_h - 1) * s_h + 1, s_h)
                cols = slice(b * d_w, b * d_w + (out_w - 1) * s_w + 1, s_w)
                Y += Xp[rows, cols] * K[a, b]
    return Y


def corr2d_vectorized(X, K, padding=0, stride=1, dilation=1):
    """Same result as :func:`corr2d`, as one tensor contraction over all windows.

    ``sliding_window_view`` gives every window without copying, and ``einsum``
    multiplies each with the kernel and sums it where it lies: im2col and one
    matrix product without building the im2col matrix (``tensordot`` copies the
    windows into one first, and took 1.7x as long at 512x512 with a 3x3 kernel).
    """
    X, K = _as_2d(X, "X"), _as_2d(K, "K")
    padding, stride, dilation, _ = _geometry(X, K, padding, stride, dilation)
    checks.sums_fit(X, K)
    extent = ((K.shape[0] - 1) * dilation[0] + 1, (K.shape[1] - 1) * dilation[1] + 1)
    windows = np.lib.stride_tricks.sliding_window_view(pad2d(X, padding), extent)
    windows = windows[::stride[0], ::stride[1], ::dilation[0], ::dilation[1]]
    with np.errstate(over="ignore", invalid="ignore"):
        return _computed(np.einsum("ijkl,kl->ij", windows, K.astype(float)))


def _multi_in(X, K, k_layout):
    X, K = checks.as_array(X, "X"), checks.as_array(K, "K")
    checks.multi_in(X.shape, K.shape, k_layout)
    checks.finite(X, "X")
    checks.finite(K, "K")
    checks.sums_fit(X, K)
    return X.astype(float), K.astype(float)


def _multi_in_sums(X, K, padding, stride, dilation):
    """Sum of the channels' :func:`corr2d` loops; overflow is judged on the total."""
    geometry = _geometry(X[0], K[0], padding, stride, dilation)
    with np.errstate(over="ignore", invalid="ignore"):
        return sum(_corr2d_sums(x, k, *geometry) for x, k in zip(X, K))


def corr2d_multi_in(X, K, padding=0, stride=1, dilation=1):
    """Sum over input channels: ``X`` (c_i, h, w), ``K`` (c_i, k_h, k_w) -> (h', w')."""
    X, K = _multi_in(X, K, "(c_i, k_h, k_w)")
    return _computed(_multi_in_sums(X, K, padding, stride, dilation))


def corr2d_multi_in_out(X, K, padding=0, stride=1, dilation=1):
    """One output channel per kernel: ``K`` (c_o, c_i, k_h, k_w) -> (c_o, h', w')."""
    X, K = _multi_in(X, K, "(c_o, c_i, k_h, k_w)")
    return _computed(np.stack([_multi_in_sums(X, k, padding, stride, dilation) for k in K]))


def corr2d_multi_in_out_1x1(X, K):
    """1x1 convolution as a matrix product: ``(c_o, c_i) @ (c_i, h * w)``."""
    X, K = _multi_in(X, K, "(c_o, c_i, 1, 1)")
    c_i, h, w = X.shape
    with np.errstate(over="ignore", invalid="ignore"):
        Y = (K.reshape(K.shape[0], c_i) @ X.reshape(c_i, h * w)).reshape(-1, h, w)
    return _computed(Y)


def pool2d(X, pool_size, mode="max", padding=0, stride=1):
    """Max or average pooling of ``X`` (h, w).

    Stride 1 by default, as in Dive into Deep Learning's ``pool2d`` (the
    frameworks' layers default to a stride equal to the window).  Max pooling
    pads with -inf, so padding never wins; average pooling pads with zeros and
    counts them, as MXNet's and PyTorch's defaults do.
    """
    X = _as_2d(X, "X")
    pool_size, padding, stride, (out_h, out_w) = checks.pool2d_args(
        X.shape, pool_size, mode, padding, stride)
    checks.sums_fit(X, window=pool_size if mode == "avg" else None)
    Xp = pad2d(X, padding, value=-np.inf if mode == "max" else 0.0)
    reduce = np.max if mode == "max" else np.mean
    Y = np.zeros((out_h, out_w))
    with np.errstate(over="ignore", invalid="ignore"):  # a mean's sum can overflow
        for i in range(out_h):
            for j in range(out_w):
                r, c = i * stride[0], j * stride[1]
                Y[i, j] = reduce(Xp[r:r + pool_size[0], c:c + pool_size[1]])
    return _computed(Y)
