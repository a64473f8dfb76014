"""Argument checks shared by every module, written in terms of shapes only.

Each check raises ``ValueError`` or ``TypeError`` with a message that names the
argument and the shapes involved, so a learner never has to read a framework
traceback to find out that a kernel does not fit.
"""
import numbers

POOL_MODES = ("max", "avg")


def _shape(shape):
    return tuple(int(n) for n in shape)


def as_pair(value, name, minimum=0):
    """Return ``value`` as a pair of ints ``(rows, cols)``.

    ``value`` is an int, used for both axes, or a pair of ints.  Every entry must
    be at least ``minimum``.
    """
    pair = (value, value) if isinstance(value, numbers.Integral) else value
    try:
        pair = tuple(pair)
    except TypeError:
        raise TypeError(
            f"{name} must be an int or a pair of ints, got {value!r}") from None
    if len(pair) != 2 or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in pair):
        raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    if min(pair) < minimum:
        kind = "non-negative" if minimum == 0 else f"at least {minimum}"
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return int(pair[0]), int(pair[1])


def expect_ndim(shape, ndim, name, layout):
    """Raise unless ``shape`` has ``ndim`` axes; ``layout`` reads like "(h, w)"."""
    shape = _shape(shape)
    if len(shape) != ndim:
        raise ValueError(
            f"{name} must be {ndim}-D with shape {layout}, got shape {shape}")
    if min(shape, default=1) < 1:
        raise ValueError(f"{name} must not be empty, got shape {shape}")
    return shape


def window_fits(x_shape, window, padding=(0, 0), dilation=(1, 1), *,
                what="kernel", x_name="X", k_name="K"):
    """Raise unless a window of size ``window`` fits in the padded input.

    ``x_shape`` and ``window`` are the last two axes, ``(h, w)`` and
    ``(k_h, k_w)``.  Returns the window's extent on the input, which is larger
    than ``window`` when ``dilation`` > 1.
    """
    h, w = _shape(x_shape)[-2:]
    k_h, k_w = _shape(window)[-2:]
    p_h, p_w = padding
    d_h, d_w = dilation
    extent = ((k_h - 1) * d_h + 1, (k_w - 1) * d_w + 1)
    padded = (h + 2 * p_h, w + 2 * p_w)
    if extent[0] > padded[0] or extent[1] > padded[1]:
        size = f"{what} {k_name} of shape {(k_h, k_w)}"
        if extent != (k_h, k_w):
            size += f" (dilated to {extent})"
        where = f"input {x_name} of shape {(h, w)}"
        if padded != (h, w):
            where += f" padded by {tuple(padding)} to {padded}"
        raise ValueError(f"{size} is larger than {where}")
    return extent


def same_channels(x_shape, k_shape, x_name="X", k_name="K"):
    """Raise unless X (c_i, h, w) and K (..., c_i, k_h, k_w) agree on c_i."""
    c_x, c_k = _shape(x_shape)[-3], _shape(k_shape)[-3]
    if c_x != c_k:
        raise ValueError(
            f"{x_name} has {c_x} input channels (shape {_shape(x_shape)}) but "
            f"{k_name} has {c_k} (shape {_shape(k_shape)})")
    return c_x


def multi_in(x_shape, k_shape, k_layout):
    """Check X (c_i, h, w) against a kernel laid out as ``k_layout``, e.g. "(c_i, k_h, k_w)".

    A layout ending in "1, 1)" also requires a 1x1 window.
    """
    expect_ndim(x_shape, 3, "X", "(c_i, h, w)")
    k_shape = expect_ndim(k_shape, k_layout.count(",") + 1, "K", k_layout)
    same_channels(x_shape, k_shape)
    if k_layout.endswith("1, 1)") and k_shape[-2:] != (1, 1):
        raise ValueError(f"K must have a 1x1 window, got shape {k_shape}")


def pool_mode(mode):
    """Raise unless ``mode`` is one of :data:`POOL_MODES`."""
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    return mode


def pool_padding(padding, pool_size):
    """Raise unless every side pads by at most half the window (as frameworks require).

    More padding than that would let a window see padding only.
    """
    if padding[0] > pool_size[0] // 2 or padding[1] > pool_size[1] // 2:
        raise ValueError(
            f"padding {tuple(padding)} must be at most half of pool_size "
            f"{tuple(pool_size)} on each axis")
    return padding


def pool2d_args(x_shape, pool_size, mode, padding, stride):
    """Check pooling arguments; return (pool_size, padding, stride, output shape)."""
    x_shape = expect_ndim(x_shape, 2, "X", "(h, w)")
    pool_size = as_pair(pool_size, "pool_size", minimum=1)
    padding = pool_padding(as_pair(padding, "padding"), pool_size)
    stride = as_pair(stride, "stride", minimum=1)
    pool_mode(mode)
    window_fits(x_shape, pool_size, padding, what="window", k_name="pool_size")
    return pool_size, padding, stride, output_shape(x_shape, pool_size, padding, stride)


def output_shape(x_shape, window, padding=(0, 0), stride=(1, 1), dilation=(1, 1)):
    """Output rows and columns once the window is known to fit (no checks)."""
    h, w = _shape(x_shape)[-2:]
    return tuple(
        (n + 2 * p - ((k - 1) * d + 1)) // s + 1
        for n, k, p, s, d in zip((h, w), window, padding, stride, dilation))
