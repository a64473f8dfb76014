"""Argument checks shared by every module.

Each check raises ``ValueError`` or ``TypeError`` with a message that names the
argument and the shapes involved, so a learner never has to read a framework
traceback to find out that a kernel does not fit.  The shape checks need only
shapes; the value checks (:func:`as_array`, :func:`finite`,
:func:`sums_fit`, :func:`finite_output`) take NumPy arrays.  The widget's
JavaScript gives the same messages for the same settings (tests/vectors/).
"""
import collections.abc
import numbers

import numpy as np

POOL_MODES = ("max", "avg")

#: The widget draws grids (the padded input, the kernel, the output) of at most
#: this many rows and columns...
MAX_SIDE = 64
#: ...and at most this many input or output channels.
MAX_CHANNELS = 8
#: Integers past 2**53 are not all exact in float64, the reference's arithmetic.
EXACT_FLOAT64 = 2 ** 53
#: The most numbers one padded array may hold: MXNet 1.9.1's pip build indexes arrays
#: with int32 and refuses more (it checks size < 2**31 - 1); TensorFlow and NumPy run
#: out of memory near there anyway.  The same limit everywhere keeps messages equal.
MAX_CELLS = 2 ** 31 - 2


def _shape(shape):
    return tuple(int(n) for n in shape)


def as_pair(value, name, minimum=0):
    """Return ``value`` as a pair of ints ``(rows, cols)``.

    ``value`` is an int, used for both axes, or a pair of ints.  Every entry must
    be at least ``minimum``.
    """
    pair = (value, value) if isinstance(value, numbers.Integral) else value
    try:
        if isinstance(pair, (collections.abc.Set, collections.abc.Mapping)):
            raise TypeError  # no order: {1, 2} or a dict's keys are not (rows, cols)
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


def cell(i, j, output=None):
    """Return output cell ``(i, j)`` as ints; each a non-negative int, below ``output`` if given.

    ``output`` is the output's ``(rows, cols)``.
    """
    for name, value, axis in (("i", i, "row"), ("j", j, "column")):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int (an output {axis}), got {value!r}")
        if value < 0:
            raise ValueError(f"{name} must be a non-negative int (an output {axis}), got {value}")
    if output is not None and (i >= output[0] or j >= output[1]):
        raise ValueError(f"cell (i, j) = {(int(i), int(j))} is outside the output of shape "
                         f"{tuple(output)}")
    return int(i), int(j)


def padded_fits(x_shape, padding, x_name="X"):
    """Raise unless ``x_shape`` padded by ``padding`` holds at most :data:`MAX_CELLS` numbers.

    Leading axes (channels) count too.  Returns the padded ``(h, w)``.
    """
    shape = _shape(x_shape)
    padded = (shape[-2] + 2 * padding[0], shape[-1] + 2 * padding[1])
    cells = int(np.prod(shape[:-2], dtype=object)) * padded[0] * padded[1]
    if cells > MAX_CELLS:
        raise ValueError(
            f"padding {tuple(padding)} makes {x_name} of shape {shape} into {padded}: "
            f"{cells} numbers, more than the {MAX_CELLS} one array can hold")
    return padded


def window_settings(padding, stride, dilation, bias, title):
    """Check a widget's shared settings; return ``(padding, stride, dilation)`` as pairs.

    ``bias`` must be a finite real number and ``title`` a str.
    """
    padding = as_pair(padding, "padding")
    stride = as_pair(stride, "stride", minimum=1)
    dilation = as_pair(dilation, "dilation", minimum=1)
    if not isinstance(bias, numbers.Real) or isinstance(bias, bool):
        raise TypeError(f"bias must be a real number, got {bias!r}")
    if not np.isfinite(bias):
        raise ValueError(f"bias must be finite, got {bias!r}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {title!r}")
    return padding, stride, dilation


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
    if not isinstance(mode, str) or mode not in POOL_MODES:  # not np.array(["max"])
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
    padded_fits(x_shape, padding)
    return pool_size, padding, stride, output_shape(x_shape, pool_size, padding, stride)


def output_shape(x_shape, window, padding=(0, 0), stride=(1, 1), dilation=(1, 1)):
    """Output rows and columns once the window is known to fit (no checks)."""
    h, w = _shape(x_shape)[-2:]
    return tuple(
        (n + 2 * p - ((k - 1) * d + 1)) // s + 1
        for n, k, p, s, d in zip((h, w), window, padding, stride, dilation))


def seed(value):
    """Raise unless ``value`` is a seed every library takes: an int from 0 to 2**32 - 1."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"seed must be an int, got {value!r}")
    if not 0 <= value < 2 ** 32:
        raise ValueError(f"seed must be between 0 and 2**32 - 1, got {value}")
    return int(value)


def input_shape(shape, name="input_shape"):
    """Return the last two entries of ``shape`` as positive ints ``(h, w)``."""
    try:
        entries = tuple(shape)
    except TypeError:
        raise TypeError(f"{name} must be a shape such as (8, 8), got {shape!r}") from None
    if len(entries) < 2:
        raise ValueError(f"{name} must have at least 2 entries, got {entries}")
    if not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in entries):
        raise TypeError(f"{name} must hold ints, got {entries}")
    if min(entries) < 1:
        raise ValueError(f"{name} must hold positive ints, got {entries}")
    return int(entries[-2]), int(entries[-1])


# --- values ------------------------------------------------------------------

def _first_masked(value, at=()):
    """Position of the first masked cell of a ``numpy.ma`` array, or of nested lists holding
    them (``np.ma.masked`` included), or None."""
    if isinstance(value, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(value)
        return at + tuple(int(i) for i in np.argwhere(mask)[0]) if mask.any() else None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _first_masked(item, at + (index,))
            if found is not None:
                return found
    return None


def _finfo(dtype):
    """Float limits of ``dtype``, or None if it does not hold floats.

    Besides NumPy's floats, the ones TensorFlow brings through ml_dtypes (bfloat16,
    float8), which NumPy sees as opaque ("V") types that ``np.finfo`` refuses.
    """
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return np.finfo(dtype)
    if dtype.kind != "V" or dtype.names:
        return None
    try:
        import ml_dtypes  # installed with TensorFlow, which makes these arrays
        return ml_dtypes.finfo(dtype)
    except (ImportError, TypeError, ValueError):
        return None


def floating(dtype):
    """Whether ``dtype`` holds floats (NumPy's, or TensorFlow's bfloat16 and float8)."""
    return _finfo(dtype) is not None


def not_real(name, dtype):
    """The error for an array whose dtype is not bools, ints or floats."""
    return TypeError(f"{name} must be an array of real numbers, got dtype {dtype}")


def as_array(value, name):
    """Return ``value`` as a NumPy array of real numbers, keeping its dtype.

    ``value`` is a NumPy array, nested lists, an ``mxnet.np``/``mxnet.nd`` array
    (has ``.asnumpy()``) or a TensorFlow tensor or variable (has ``.numpy()``).
    Raises TypeError unless it holds bools, ints or floats, and ValueError if
    nested lists are ragged or a ``numpy.ma`` array has masked cells (NumPy
    would drop the mask; one without masked cells is taken as its data).  No
    framework is imported.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {value!r}")
    masked = _first_masked(value)
    if masked is not None:
        raise ValueError(f"{name} is a masked array with a masked cell at position {masked}; "
                         f"fill the masked cells first, e.g. np.ma.filled({name}, 0)")
    if isinstance(value, np.ma.MaskedArray):
        value = np.ma.getdata(value)
    for method in ("asnumpy", "numpy"):
        convert = getattr(value, method, None)
        if callable(convert) and not isinstance(value, np.ndarray):
            value = convert()
            break
    try:
        array = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of numbers (nested lists of equal lengths)"
        ) from None
    if array.dtype.kind not in "biu" and not floating(array.dtype):
        raise not_real(name, array.dtype)
    return array


def _first_nonfinite(array):
    """``(kind, position)`` of the first NaN or infinity in ``array`` (row-major), or None."""
    if not floating(array.dtype):
        return None
    bad = ~np.isfinite(array)
    if not bad.any():
        return None
    position = tuple(int(i) for i in np.argwhere(bad)[0])
    value = array[position]
    return "NaN" if np.isnan(value) else "infinity" if value > 0 else "-infinity", position


def finite(array, name):
    """Raise ValueError naming the first NaN or infinity in ``array`` (row-major)."""
    found = _first_nonfinite(np.asarray(array))
    if found:
        raise ValueError(f"{name} has {found[0]} at position {found[1]}")
    return array


class NonFiniteOutput(ValueError):
    """Finite inputs gave a NaN or infinite output: the sums overflowed ``dtype``."""

    def __init__(self, kind, position, dtype):
        self.kind, self.position, self.dtype = kind, tuple(position), np.dtype(dtype)
        super().__init__(f"output has {kind} at position {self.position}: "
                         f"the sums overflow {self.dtype}")


def finite_output(array, dtype=None):
    """Raise :class:`NonFiniteOutput` at the first NaN or infinity of an output."""
    array = np.asarray(array)
    found = _first_nonfinite(array)
    if found:
        raise NonFiniteOutput(*found, dtype or array.dtype)
    return array


def sums_fit(X, K=None, window=None, dtype=None):
    """Raise unless no window sum can pass the range of the type it is computed in.

    The bound is the largest ``|X|`` times the largest per-output sum of
    ``|K|`` (``K`` of shape (k_h, k_w), (c_i, k_h, k_w) or (c_o, c_i, k_h, k_w)),
    or times the cells of a pooling ``window``; with neither, ``|X|`` itself.
    ``dtype`` is the type a framework computes in: its largest value is the
    limit.  Without ``dtype`` (the reference, in float64) only integer inputs
    are checked, against 2**53, past which float64 skips integers.
    """
    X = np.asarray(X)
    K = None if K is None else np.asarray(K)
    exact = X.dtype.kind in "biu" and (K is None or K.dtype.kind in "biu")
    if dtype is None:
        if not exact:
            return
        limit, label, advice = EXACT_FLOAT64, "integer", "give floats to accept rounding"
        past = "past 2**53 where float64 stops being exact"
    else:
        dtype = np.dtype(dtype)
        integer = dtype.kind in "iu"
        limit = int(np.iinfo(dtype).max) if integer else float(_finfo(dtype).max)
        label, past = str(dtype), f"past the {dtype} limit {limit if integer else f'{limit:.4g}'}"
        advice = "use smaller numbers" if dtype == np.float64 else "cast them to float64 first"
    number = int if exact else float
    largest = max(abs(number(X.max(initial=0))), abs(number(X.min(initial=0))))
    with np.errstate(over="ignore"):
        if K is not None:
            rows = K.shape[0] if K.ndim == 4 else 1
            magnitudes = np.abs(K.astype(object if exact else np.float64))
            weight = number(magnitudes.reshape(rows, -1).sum(axis=1).max())
            names, times = "X and K", " (largest |X| times the largest sum of |K|)"
        elif window is not None:
            weight = int(window[0]) * int(window[1])
            names, times = "X", f" (largest |X| times the {window[0]}x{window[1]} window)"
        else:
            weight, names, times = 1, "X", None
        bound = largest * weight
    if bound <= limit:
        return
    shown = bound if exact else f"{bound:.4g}".replace("inf", "infinity")
    if times is None:
        raise ValueError(f"{label} X holds values up to {shown}, {past}; {advice}")
    raise ValueError(f"{label} {names} can give sums up to {shown}{times}, {past}; {advice}")


def framework_inputs(arrays, cast, window=None, pooling=False):
    """Check the values of a framework function's arguments, given as NumPy arrays.

    ``arrays`` maps names ("X", "K") to arrays.  Refuses bools (``cast`` shows
    how to convert, e.g. "tf.cast({name}, tf.float32)"), NaN and infinity, and
    sums that could pass the range of the type the result has, where the
    framework would wrap around or reach infinity.  ``window`` is a pooling
    window (average pooling; max pooling needs no bound).  With ``pooling``,
    only floats are accepted: the frameworks cannot pad integers with -inf, and
    TensorFlow's mean of integers rounds down.
    """
    for name, array in arrays.items():
        if array.dtype.kind not in "biu" and not floating(array.dtype):
            raise not_real(name, array.dtype)
        if array.dtype.kind == "b" or pooling and not floating(array.dtype):
            why = "pool2d pads with -inf and averages, which needs floats" if pooling else \
                "cast it to numbers first"
            raise TypeError(f"{name} has dtype {array.dtype}; {why}: " + cast.format(name=name))
        finite(array, name)
    dtype = np.result_type(*arrays.values())
    sums_fit(arrays["X"], arrays.get("K"), window, dtype)


def same_dtypes(x_dtype, k_dtype, cast):
    """Raise unless X and K have the same dtype (given by name); ``cast`` names the way to cast.

    Neither framework mixes types safely: TensorFlow refuses, MXNet 1.9.1 fails inside
    (int32 times float32 past float32's range, uint8 times int8, np.dot of int and float)
    or computes float16 for int64 times float16.
    """
    if str(x_dtype) != str(k_dtype):
        raise TypeError(f"X has dtype {x_dtype} but K has {k_dtype}; "
                        f"cast one of them ({cast}) so they agree")


def pad_value(value, dtype=None, cast=""):
    """Raise unless ``value`` (what pad2d pads with) is a real number other than NaN.

    With ``dtype`` (X's, in a framework), ``value`` must also be a number of that
    type: an int within range for integers (MXNet would truncate 0.5 to 0 without
    a word), at most the largest value for floats.  ``cast`` tells how to cast X.
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"value must be a real number, got {value!r}")
    if np.isnan(value):
        raise ValueError(f"value must not be NaN, got {value!r}")
    if dtype is None:
        return value
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        whole = isinstance(value, numbers.Integral) or float(value).is_integer()
        fits = whole and info.min <= value <= info.max
    else:
        info = _finfo(dtype)
        fits = info is None or not np.isfinite(value) or abs(value) <= float(info.max)
    if not fits:
        raise ValueError(f"value {value!r} is not a number of X's dtype {dtype}; "
                         "cast X first: " + cast.format(name="X"))
    return value


def layer_output(shape, layer_name, layout):
    """Shape comp_conv2d returns for a layer's output ``shape`` on a batch of one image.

    ``layout`` is "(batch, channels, h, w)" (MXNet) or "(batch, h, w, channels)"
    (Keras).  One channel gives (h', w'); several give (c, h', w').
    """
    shape = _shape(shape)
    if len(shape) != 4:
        raise ValueError(f"{layer_name} gave an output of shape {shape}; comp_conv2d needs "
                         f"layers that keep the image layout {layout}, such as Conv2D")
    channels, h, w = (shape[1], *shape[2:]) if layout.index("channels") < layout.index(" h,") \
        else (shape[3], *shape[1:3])
    return (h, w) if channels == 1 else (channels, h, w)


def layers_fit(x_shape, steps):
    """Check a chain of layers on X (h, w) before a framework runs it.

    ``steps`` lists ``(layer_name, kind, size, padding, stride, dilation)``:
    kind "kernel" or "window" slides a window of ``size`` (with ``padding`` on
    each side), "same" keeps ``ceil(n / stride)`` (Keras' 'same' padding) and
    "pad" adds ``size`` rows and columns.  Checking stops at a step that is
    None (a layer whose geometry is not known).
    """
    shape, x_name = _shape(x_shape)[-2:], "X"
    for step in steps:
        if step is None:
            return
        name, kind, size, padding, stride, dilation = step
        if kind == "pad":
            shape = (shape[0] + size[0], shape[1] + size[1])
        elif kind == "same":
            shape = tuple(-(-n // s) for n, s in zip(shape, stride))
        else:
            window_fits(shape, size, padding, dilation, what=kind, x_name=x_name,
                        k_name="kernel_size" if kind == "kernel" else "pool_size")
            shape = output_shape(shape, size, padding, stride, dilation)
        x_name = f"X after {name}"


# --- what the widget can draw -------------------------------------------------

def too_large(what):
    """The error for a setting the widget cannot draw; ``what`` names it with its shape."""
    return ValueError(f"{what} is too large to draw here (at most {MAX_SIDE} rows and "
                      f"columns and {MAX_CHANNELS} channels)")


def drawable(shape, name, channel_axes):
    """Raise unless ``shape`` (X or K) fits the widget; its first ``channel_axes`` are channels.

    Checked on the shape alone, before any value is converted, so an input of
    5000x5000 is refused at once.
    """
    shape = _shape(shape)
    channels, sides = shape[:channel_axes], shape[channel_axes:]
    if max(sides, default=0) > MAX_SIDE or max(channels, default=0) > MAX_CHANNELS:
        raise too_large(f"{name} of shape {shape}")
    return shape


def drawable_padding(x_shape, padding):
    """Raise unless the padded input fits the widget (the last check of a widget state)."""
    h, w = _shape(x_shape)[-2:]
    padded = (h + 2 * padding[0], w + 2 * padding[1])
    if max(padded) > MAX_SIDE:
        raise too_large(f"X of shape {_shape(x_shape)} padded by {tuple(padding)} to {padded}")
    return padded
