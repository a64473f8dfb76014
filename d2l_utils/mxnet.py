"""The course's functions for MXNet, with Dive into Deep Learning's names.

Every function takes and returns ``mxnet.np`` arrays, checks its arguments
first (see :mod:`d2l_utils.checks`) and is tested against
:mod:`d2l_utils.reference`.  Importing this module makes MXNet 1.9.1 work on
NumPy 2 and Python >= 3.12 (:mod:`d2l_utils.compat`) and turns on MXNet's NumPy
interface (``npx.set_np()``), as ``d2l.mxnet`` does.

The ``check_*`` functions hold every check, so that the functions the
notebooks write out stay as short as the book's.  Values follow the package's
policy (see :mod:`d2l_utils`): no NaN, infinity or bool; integers are computed
in their own type unless a sum could pass its limit; pooling needs floats.
"""
import random
import threading
import warnings

from d2l_utils import checks, compat
from d2l_utils import set_language

compat.prepare_mxnet()

with warnings.catch_warnings():  # MXNet's own use of distutils' LooseVersion
    warnings.simplefilter("ignore", DeprecationWarning)
    import mxnet as mx
    from mxnet import np, npx
    from mxnet.gluon import nn
import numpy as onp  # noqa: E402

npx.set_np()

__all__ = [
    "Conv2D", "check_corr2d", "check_multi_in", "check_pad2d", "check_pool2d", "comp_conv2d",
    "corr2d", "corr2d_multi_in", "corr2d_multi_in_out", "corr2d_multi_in_out_1x1", "pad2d", "pool2d",
    "set_language", "set_seed",
]


def set_seed(seed=0):
    """Seed MXNet, NumPy and Python's ``random`` in one call."""
    seed = checks.seed(seed)
    mx.random.seed(seed)
    onp.random.seed(seed)
    random.seed(seed)


#: How the messages tell a learner to convert an array.
CAST = "{name}.astype('float32')"
#: How they tell a learner to make two arrays' types agree.
CAST_ONE = ".astype"


#: Per thread: whether this module had to turn on MXNet's NumPy semantics there.
_thread = threading.local()


def _numpy_semantics():
    """Turn on MXNet's NumPy semantics in this thread, as ``npx.set_np()`` did at import.

    MXNet keeps them per thread: in a new ``threading.Thread`` they are off, so
    0-d results (``.sum()``) fail with "axis : 0" and Gluon makes legacy arrays.
    """
    if not (npx.is_np_shape() and npx.is_np_array()):
        npx.set_np()
        _thread.switched_on = True


def _check_array(value, name):
    _numpy_semantics()
    if isinstance(value, mx.nd.NDArray) and not isinstance(value, np.ndarray):
        why = ("; this thread started without npx.set_np() (MXNet keeps it per thread), so "
               "Gluon made legacy parameters: call npx.set_np() first in a new thread"
               ) if getattr(_thread, "switched_on", False) else ""
        raise TypeError(f"{name} is a legacy mxnet.nd.NDArray; convert it with "
                        f"{name}.as_np_ndarray() (or make it with mxnet.np.array(...)){why}")
    if not isinstance(value, np.ndarray):
        raise TypeError(
            f"{name} must be an mxnet.np.ndarray (make one with "
            f"mxnet.np.array(...)), got {type(value).__module__}.{type(value).__name__}")


def check_corr2d(X, K):
    """Check that ``X`` (h, w) and ``K`` (k_h, k_w) are arrays and K fits; return K's shape."""
    _check_array(X, "X")
    _check_array(K, "K")
    checks.expect_ndim(X.shape, 2, "X", "(h, w)")
    checks.expect_ndim(K.shape, 2, "K", "(k_h, k_w)")
    checks.same_dtypes(X.dtype, K.dtype, CAST_ONE)
    fits = checks.window_fits(X.shape, K.shape)
    checks.framework_inputs({"X": X.asnumpy(), "K": K.asnumpy()}, CAST)
    return fits


def corr2d(X, K):
    """2-D cross-correlation of ``X`` (h, w) with kernel ``K`` (k_h, k_w)."""
    h, w = check_corr2d(X, K)
    out_h, out_w = X.shape[0] - h + 1, X.shape[1] - w + 1
    Y = [(X[i:i + h, j:j + w] * K).sum()
         for i in range(out_h) for j in range(out_w)]
    return np.stack(Y).reshape(out_h, out_w)


class Conv2D(nn.Block):
    """A convolutional layer written with :func:`corr2d`: weight plus a scalar bias."""

    def __init__(self, kernel_size, **kwargs):
        super().__init__(**kwargs)
        kernel_size = checks.as_pair(kernel_size, "kernel_size", minimum=1)
        self.weight = self.params.get("weight", shape=kernel_size)
        self.bias = self.params.get("bias", shape=(1,))

    def forward(self, x):
        return corr2d(x, self.weight.data()) + self.bias.data()


def _layer_steps(block):
    """Geometry of ``block`` and of its children, for checks.layers_fit (None: unknown)."""
    if isinstance(block, (nn.Sequential, nn.HybridSequential)):
        for i in range(len(block)):
            yield from _layer_steps(block[i])
        return
    kwargs = getattr(block, "_kwargs", {})
    if kwargs.get("layout") != "NCHW":
        yield None
    elif isinstance(block, nn.Conv2D):
        yield (block.name, "kernel", kwargs["kernel"], kwargs["pad"], kwargs["stride"],
               kwargs["dilate"])
    elif isinstance(block, (nn.MaxPool2D, nn.AvgPool2D)) and not kwargs["global_pool"] \
            and kwargs["pooling_convention"] == "valid":
        yield (block.name, "window", kwargs["kernel"], kwargs["pad"], kwargs["stride"], (1, 1))
    else:
        yield None


def comp_conv2d(conv2d, X):
    """Initialise ``conv2d`` and apply it to ``X`` (h, w); return the (h', w') output.

    ``conv2d`` is a Gluon layer on (batch, channels, h, w), such as
    ``nn.Conv2D(1, kernel_size=3)`` or an ``nn.Sequential`` of layers, or this
    module's :class:`Conv2D`, which works on (h, w) directly.  ``X`` is cast to
    the type of the layer's parameters (float32 unless the layer was cast):
    what this shows is the output's shape.  Windows that do not fit are
    reported in terms of ``X`` before MXNet sees them.
    """
    if not isinstance(conv2d, nn.Block):
        raise TypeError("conv2d must be a Gluon layer such as nn.Conv2D(1, kernel_size=3), "
                        f"got {type(conv2d).__module__}.{type(conv2d).__name__}")
    _check_array(X, "X")
    checks.expect_ndim(X.shape, 2, "X", "(h, w)")
    checks.finite(X.asnumpy(), "X")
    dtypes = [param.dtype for param in conv2d.collect_params().values()]
    X = X.astype(dtypes[0] if dtypes else "float32")
    if isinstance(conv2d, Conv2D):
        checks.window_fits(X.shape, conv2d.weight.shape, k_name="kernel_size")
        conv2d.initialize()
        return conv2d(X)
    checks.layers_fit(X.shape, _layer_steps(conv2d))
    conv2d.initialize()
    try:
        Y = conv2d(X.reshape((1, 1) + X.shape))  # add batch and channel axes
    except (mx.base.MXNetError, ValueError) as err:
        last = str(err).strip().splitlines()[-1]
        raise ValueError(f"{conv2d.name} cannot take X of shape {X.shape} (given to it as "
                         f"{(1, 1) + X.shape}): {last}") from err
    return Y.reshape(checks.layer_output(Y.shape, conv2d.name, "(batch, channels, h, w)"))


def check_multi_in(X, K, k_layout):
    """Check that X (c_i, h, w) and K, laid out as ``k_layout``, are arrays that agree."""
    _check_array(X, "X")
    _check_array(K, "K")
    checks.multi_in(X.shape, K.shape, k_layout)
    checks.same_dtypes(X.dtype, K.dtype, CAST_ONE)
    checks.framework_inputs({"X": X.asnumpy(), "K": K.asnumpy()}, CAST)


def corr2d_multi_in(X, K):
    """Sum of per-channel cross-correlations: X (c_i, h, w), K (c_i, k_h, k_w)."""
    check_multi_in(X, K, "(c_i, k_h, k_w)")
    return sum(corr2d(x, k) for x, k in zip(X, K))


def corr2d_multi_in_out(X, K):
    """One output channel per kernel: K (c_o, c_i, k_h, k_w) -> (c_o, h', w')."""
    check_multi_in(X, K, "(c_o, c_i, k_h, k_w)")
    return np.stack([corr2d_multi_in(X, k) for k in K])


def corr2d_multi_in_out_1x1(X, K):
    """1x1 convolution as one matrix product: (c_o, c_i) @ (c_i, h * w)."""
    check_multi_in(X, K, "(c_o, c_i, 1, 1)")
    c_i, h, w = X.shape
    c_o = K.shape[0]
    Y = np.dot(K.reshape(c_o, c_i), X.reshape(c_i, h * w))
    return Y.reshape(c_o, h, w)


def check_pad2d(X, padding, value=0.0):
    """Check :func:`pad2d`'s arguments: ``X`` (h, w), ``padding``, ``value``; return the padding."""
    _check_array(X, "X")
    checks.expect_ndim(X.shape, 2, "X", "(h, w)")
    padding = checks.as_pair(padding, "padding")
    checks.padded_fits(X.shape, padding)
    values = X.asnumpy()
    checks.framework_inputs({"X": values}, CAST)
    checks.pad_value(value, values.dtype, CAST)
    return padding


def pad2d(X, padding, value=0.0):
    """Pad ``X`` (h, w) with ``value`` on each side: ``padding`` rows and columns.

    (``mxnet.np.pad`` ignores ``constant_values`` and always pads with zeros.)
    """
    p_h, p_w = check_pad2d(X, padding, value)
    h, w = X.shape
    Xp = np.full((h + 2 * p_h, w + 2 * p_w), value, dtype=X.dtype)
    Xp[p_h:p_h + h, p_w:p_w + w] = X
    return Xp


def check_pool2d(X, pool_size, mode, padding, stride):
    """Check pooling arguments for ``X`` (h, w); return pool_size, padding, stride, output shape."""
    _check_array(X, "X")
    geometry = checks.pool2d_args(X.shape, pool_size, mode, padding, stride)
    checks.framework_inputs({"X": X.asnumpy()}, CAST,
                            window=geometry[0] if mode == "avg" else None, pooling=True)
    return geometry


def pool2d(X, pool_size, mode="max", padding=0, stride=1):
    """Max or average pooling of ``X`` (h, w), stride 1 unless told otherwise.

    Max pooling pads with -inf, so padding never wins; average pooling pads with
    zeros and counts them (MXNet's default).
    """
    (p_h, p_w), padding, (s_h, s_w), (out_h, out_w) = check_pool2d(
        X, pool_size, mode, padding, stride)
    X = pad2d(X, padding, value=-onp.inf if mode == "max" else 0.0)
    reduce = np.max if mode == "max" else np.mean
    Y = [reduce(X[i * s_h:i * s_h + p_h, j * s_w:j * s_w + p_w])
         for i in range(out_h) for j in range(out_w)]
    return np.stack(Y).reshape(out_h, out_w)
