"""The course's functions for TensorFlow (Keras 3), with Dive into Deep Learning's names.

Every function takes and returns ``tf.Tensor`` values, checks its arguments
first (see :mod:`d2l_utils.checks`) and is tested against
:mod:`d2l_utils.reference`.  Import this module before ``tensorflow``: it
silences TensorFlow's C++ start-up logs at their source and turns off oneDNN's
reordered arithmetic, so printed numbers are the same on every CPU.

The ``check_*`` functions hold every check, so that the functions the
notebooks write out stay as short as the book's.  Values follow the package's
policy (see :mod:`d2l_utils`): no NaN, infinity or bool; integers are computed
in their own type unless a sum could pass its limit; pooling needs floats.
Values are checked when TensorFlow runs eagerly (inside ``tf.function`` only
shapes are).
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import warnings

import numpy as onp

with warnings.catch_warnings():
    # Keras 3.13 (Colab's) probes np.object at import; NumPy 2 answers with a FutureWarning
    warnings.simplefilter("ignore", FutureWarning)
    import tensorflow as tf
    tf.keras.layers  # noqa: B018  (loads Keras now, inside the filter)

from d2l_utils import checks
from d2l_utils import set_language

__all__ = [
    "Conv2D", "check_corr2d", "check_multi_in", "check_pad2d", "check_pool2d", "comp_conv2d",
    "corr2d", "corr2d_multi_in", "corr2d_multi_in_out", "corr2d_multi_in_out_1x1", "pad2d", "pool2d",
    "set_language", "set_seed",
]


def set_seed(seed=0):
    """Seed TensorFlow, Keras, NumPy and Python's ``random`` in one call."""
    seed = checks.seed(seed)
    tf.keras.utils.set_random_seed(seed)


#: Tensors that are not arrays of numbers in a grid, and how to make one of them.
_NOT_DENSE = (
    (tf.RaggedTensor, "a tf.RaggedTensor", "{name}.to_tensor()"),
    (tf.SparseTensor, "a tf.SparseTensor", "tf.sparse.to_dense({name})"),
    (tf.IndexedSlices, "a tf.IndexedSlices (a sparse gradient)", "tf.convert_to_tensor({name})"),
)


def _check_array(value, name):
    for kind, what, dense in _NOT_DENSE:
        if isinstance(value, kind):
            raise TypeError(f"{name} is {what}; these functions take dense tensors: make one "
                            f"with {dense.format(name=name)}")
    if not (tf.is_tensor(value) or isinstance(value, tf.Variable)
            or hasattr(value, "value") and tf.is_tensor(value.value)):
        raise TypeError(
            f"{name} must be a TensorFlow tensor or variable (make one with "
            f"tf.constant(...)), got {type(value).__module__}.{type(value).__name__}")
    dtype = tf.as_dtype(value.dtype)
    if not (dtype.is_bool or dtype.is_integer or dtype.is_floating):  # string, complex, qint8
        raise checks.not_real(name, dtype.name)
    shape = tf.TensorShape(value.shape)
    if shape.rank is None or None in shape.as_list():
        known = "unknown" if shape.rank is None else \
            "(" + ", ".join("None" if n is None else str(n) for n in shape) + ")"
        raise ValueError(f"{name} must have a known shape, got shape {known}: the functions loop "
                         "over its cells in Python (in tf.function, trace with fixed shapes)")


#: How the messages tell a learner to convert a tensor.
CAST = "tf.cast({name}, tf.float32)"
#: How they tell a learner to make two tensors' types agree.
CAST_ONE = "tf.cast"


def _values(*tensors):
    """The tensors as NumPy arrays, or None inside a traced function (no values yet)."""
    if not tf.executing_eagerly():
        return None
    return [onp.asarray(tf.convert_to_tensor(t)) for t in tensors]


def _check_values(X, K=None, **kwargs):
    values = _values(X) if K is None else _values(X, K)
    if values is not None:
        checks.framework_inputs(dict(zip("XK", values)), CAST, **kwargs)


def _check_dtypes(X, K):
    checks.same_dtypes(X.dtype.name, K.dtype.name, CAST_ONE)


def check_corr2d(X, K):
    """Check that ``X`` (h, w) and ``K`` (k_h, k_w) are tensors and K fits; return K's shape."""
    _check_array(X, "X")
    _check_array(K, "K")
    checks.expect_ndim(X.shape, 2, "X", "(h, w)")
    checks.expect_ndim(K.shape, 2, "K", "(k_h, k_w)")
    _check_dtypes(X, K)
    fits = checks.window_fits(X.shape, K.shape)
    _check_values(X, K)
    return fits


def corr2d(X, K):
    """2-D cross-correlation of ``X`` (h, w) with kernel ``K`` (k_h, k_w)."""
    h, w = check_corr2d(X, K)
    out_h, out_w = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = [tf.reduce_sum(X[i:i + h, j:j + w] * K)
         for i in range(out_h) for j in range(out_w)]
    return tf.reshape(tf.stack(Y), (out_h, out_w))


class Conv2D(tf.keras.layers.Layer):
    """A convolutional layer written with :func:`corr2d`: weight plus a scalar bias."""

    def __init__(self, kernel_size, **kwargs):
        super().__init__(**kwargs)
        self.kernel_size = checks.as_pair(kernel_size, "kernel_size", minimum=1)

    def build(self, input_shape):
        self.weight = self.add_weight(name="weight", shape=self.kernel_size,
                                      initializer="random_normal")
        self.bias = self.add_weight(name="bias", shape=(1,), initializer="zeros")

    def call(self, inputs):
        return corr2d(inputs, tf.convert_to_tensor(self.weight)) + self.bias


def _layer_steps(layer):
    """Geometry of ``layer`` and of its sublayers, for checks.layers_fit (None: unknown)."""
    layers = tf.keras.layers
    if isinstance(layer, tf.keras.Sequential):
        for sublayer in layer.layers:
            yield from _layer_steps(sublayer)
        return
    if getattr(layer, "data_format", "channels_last") != "channels_last":
        yield None
    elif isinstance(layer, layers.ZeroPadding2D):
        (top, bottom), (left, right) = layer.padding
        yield (layer.name, "pad", (top + bottom, left + right), None, None, None)
    elif isinstance(layer, (layers.Conv2D, layers.MaxPooling2D, layers.AveragePooling2D)):
        conv = isinstance(layer, layers.Conv2D)
        size = layer.kernel_size if conv else layer.pool_size
        kind = "same" if layer.padding == "same" else "kernel" if conv else "window"
        dilation = layer.dilation_rate if conv else (1, 1)
        yield (layer.name, kind, size, (0, 0), layer.strides, dilation)
    else:
        yield None


def comp_conv2d(conv2d, X):
    """Apply the Keras layer ``conv2d`` to ``X`` (h, w); return the (h', w') output.

    ``conv2d`` is a Keras layer on (batch, h, w, channels), such as
    ``tf.keras.layers.Conv2D(1, 3)`` or a ``tf.keras.Sequential`` of layers, or
    this module's :class:`Conv2D`, which works on (h, w) directly.  ``X`` is
    cast to the layer's compute type (float32 unless set otherwise): what this
    shows is the output's shape.  Windows that do not fit are reported in
    terms of ``X`` before TensorFlow sees them.
    """
    if not isinstance(conv2d, tf.keras.layers.Layer):
        raise TypeError("conv2d must be a Keras layer such as tf.keras.layers.Conv2D(1, 3), "
                        f"got {type(conv2d).__module__}.{type(conv2d).__name__}")
    _check_array(X, "X")
    checks.expect_ndim(X.shape, 2, "X", "(h, w)")
    values = _values(X)
    if values is not None:
        checks.finite(values[0], "X")
    X = tf.cast(X, conv2d.compute_dtype)
    if isinstance(conv2d, Conv2D):
        checks.window_fits(X.shape, conv2d.kernel_size, k_name="kernel_size")
        return conv2d(X)
    checks.layers_fit(X.shape, _layer_steps(conv2d))
    try:
        Y = conv2d(tf.reshape(X, (1,) + tuple(X.shape) + (1,)))  # batch and channel axes
    except (tf.errors.OpError, ValueError) as err:
        last = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise ValueError(f"{conv2d.name} cannot take X of shape {tuple(X.shape)} (given to it "
                         f"as {(1,) + tuple(X.shape) + (1,)}): {last}") from err
    shape = checks.layer_output(Y.shape, conv2d.name, "(batch, h, w, channels)")
    return tf.reshape(tf.transpose(Y[0], (2, 0, 1)), shape)


def check_multi_in(X, K, k_layout):
    """Check that X (c_i, h, w) and K, laid out as ``k_layout``, are arrays that agree."""
    _check_array(X, "X")
    _check_array(K, "K")
    checks.multi_in(X.shape, K.shape, k_layout)
    _check_dtypes(X, K)
    if not tf.executing_eagerly() and not k_layout.endswith("1, 1)"):
        # zip(X, K) and `for k in K` iterate over a tensor, which tf.function cannot trace
        raise TypeError(f"X of shape {tuple(X.shape)} and K of shape {tuple(K.shape)} are "
                        "symbolic (inside tf.function); the channel functions loop over their "
                        "channels in Python, which needs eager tensors: call them outside "
                        "tf.function")
    _check_values(X, K)


def corr2d_multi_in(X, K):
    """Sum of per-channel cross-correlations: X (c_i, h, w), K (c_i, k_h, k_w)."""
    check_multi_in(X, K, "(c_i, k_h, k_w)")
    return tf.add_n([corr2d(x, k) for x, k in zip(X, K)])


def corr2d_multi_in_out(X, K):
    """One output channel per kernel: K (c_o, c_i, k_h, k_w) -> (c_o, h', w')."""
    check_multi_in(X, K, "(c_o, c_i, k_h, k_w)")
    return tf.stack([corr2d_multi_in(X, k) for k in K])


def corr2d_multi_in_out_1x1(X, K):
    """1x1 convolution as one matrix product: (c_o, c_i) @ (c_i, h * w)."""
    check_multi_in(X, K, "(c_o, c_i, 1, 1)")
    c_i, h, w = X.shape
    c_o = K.shape[0]
    Y = tf.matmul(tf.reshape(K, (c_o, c_i)), tf.reshape(X, (c_i, h * w)))
    return tf.reshape(Y, (c_o, h, w))


def check_pad2d(X, padding, value=0.0):
    """Check :func:`pad2d`'s arguments: ``X`` (h, w), ``padding``, ``value``; return the padding."""
    _check_array(X, "X")
    checks.expect_ndim(X.shape, 2, "X", "(h, w)")
    padding = checks.as_pair(padding, "padding")
    checks.padded_fits(X.shape, padding)
    _check_values(X)
    checks.pad_value(value, X.dtype.as_numpy_dtype, CAST)
    return padding


def pad2d(X, padding, value=0.0):
    """Pad ``X`` (h, w) with ``value`` on each side: ``padding`` rows and columns."""
    p_h, p_w = check_pad2d(X, padding, value)
    return tf.pad(X, [[p_h, p_h], [p_w, p_w]], constant_values=value)


def check_pool2d(X, pool_size, mode, padding, stride):
    """Check pooling arguments for ``X`` (h, w); return pool_size, padding, stride, output shape."""
    _check_array(X, "X")
    geometry = checks.pool2d_args(X.shape, pool_size, mode, padding, stride)
    _check_values(X, window=geometry[0] if mode == "avg" else None, pooling=True)
    return geometry


def pool2d(X, pool_size, mode="max", padding=0, stride=1):
    """Max or average pooling of ``X`` (h, w), stride 1 unless told otherwise.

    Max pooling pads with -inf, so padding never wins; average pooling pads with
    zeros and counts them (as MXNet and PyTorch do by default).
    """
    (p_h, p_w), padding, (s_h, s_w), (out_h, out_w) = check_pool2d(
        X, pool_size, mode, padding, stride)
    X = pad2d(X, padding, value=-onp.inf if mode == "max" else 0.0)
    reduce = tf.reduce_max if mode == "max" else tf.reduce_mean
    Y = [reduce(X[i * s_h:i * s_h + p_h, j * s_w:j * s_w + p_w])
         for i in range(out_h) for j in range(out_w)]
    return tf.reshape(tf.stack(Y), (out_h, out_w))
