"""The receptive field, proven by autodiff in MXNet and Keras (d2l_utils/receptive_field.py).

Random stacks of convolutions and average pooling (kernel, stride, padding, dilation) are
built as the frameworks' own layers with all-ones kernels and no bias, on a 1-D or small
2-D input; the gradient of one unit of the last layer with respect to the input must be
the reference's path counts (exactly, once each average pooling's 1/k per axis is undone),
so its non-zero cells are the field (none, for a unit whose dilated window sees padding
alone), and the span of the closed forms (the recurrence
r_l = r_(l-1) + d_l (k_l - 1) j_(l-1)) must hold it with its edges reached wherever they
lie inside the input.  Max pooling sends the gradient to one cell per window: its support
is a part of the field, never more.  One contract, an adapter per framework, as
tests/framework_contract.py does.  Keras refuses stride > 1 together with dilation > 1, so
the stacks never ask for both.
"""
import numpy as np
import pytest

from d2l_utils import mxnet as _mxnet_quiet  # noqa: F401  (makes MXNet import on NumPy 2)
from d2l_utils import receptive_field as rf
from d2l_utils import tensorflow as _tf_quiet  # noqa: F401  (quiets TensorFlow's logs)

STACKS = 200


def random_layer(rng, kinds):
    kind = str(rng.choice(kinds))
    kernel = int(rng.integers(1, 5))
    stride = int(rng.integers(1, 4))
    dilation = int(rng.integers(1, 4)) if kind == "conv" and stride == 1 else 1
    padding = int(rng.integers(0, dilation * (kernel - 1) + 1))
    return {"kind": kind, "kernel": kernel, "stride": stride, "padding": padding,
            "dilation": dilation}


def random_stack(rng, kinds=("conv", "conv", "avg")):
    """A stack that leaves an output, its input size, number of axes and a unit of its last layer."""
    while True:
        dims = 1 if rng.random() < 0.7 else 2
        size = int(rng.integers(6, 31 if dims == 1 else 13))
        layers = [random_layer(rng, kinds) for _ in range(int(rng.integers(1, 5)))]
        try:
            sizes = rf.layer_sizes(layers, size)
        except ValueError:
            continue
        unit = tuple(int(rng.integers(0, sizes[-1])) for _ in range(dims))
        return layers, size, dims, unit


def expected_counts(layers, size, unit):
    per_axis = [rf.path_counts(layers, size, len(layers), u)[0] for u in unit]
    return per_axis[0] if len(unit) == 1 else rf.counts_2d(*per_axis)


def check_span(layers, size, unit, support):
    """The closed-form span of each axis holds the support and its edges inside the input."""
    for axis, u in enumerate(unit):
        start, end = rf.input_span(layers, len(layers), u)
        assert (start, end) == rf.field_spans(layers, len(layers), u)[0]
        cells = np.flatnonzero(support.any(axis=tuple(a for a in range(len(unit)) if a != axis)))
        # A unit can see padding alone (dilation skipping the few real cells): no support.
        assert not cells.size or start <= cells.min() and cells.max() <= end, (start, end, cells)
        if start >= 0:
            assert cells.size and cells.min() == start, (start, cells)
        if end < size:
            assert cells.size and cells.max() == end, (end, cells)


class FieldContract:
    def gradient(self, layers, size, dims, unit, seed=None):
        """d(unit of the last layer)/d(input) for the stack as the framework's layers, NumPy."""
        raise NotImplementedError

    def test_gradient_is_the_path_counts_and_the_span_holds_it(self):
        rng = np.random.default_rng(20261207)
        for _ in range(STACKS):
            layers, size, dims, unit = random_stack(rng)
            grad = self.gradient(layers, size, dims, unit)
            scale = np.prod([float(spec["kernel"]) ** dims for spec in layers if spec["kind"] == "avg"])
            counts = expected_counts(layers, size, unit).astype(float)
            context = (layers, size, dims, unit)
            np.testing.assert_array_equal(grad != 0, counts > 0, err_msg=str(context))
            np.testing.assert_allclose(grad * scale, counts, rtol=1e-5, err_msg=str(context))
            check_span(layers, size, unit, grad != 0)

    def test_max_pooling_sends_the_gradient_to_part_of_the_field(self):
        rng = np.random.default_rng(7)
        for _ in range(40):
            layers, size, dims, unit = random_stack(rng, kinds=("conv", "max"))
            grad = self.gradient(layers, size, dims, unit, seed=int(rng.integers(1 << 30)))
            counts = expected_counts(layers, size, unit)
            assert np.all((grad != 0) <= (counts > 0)), (layers, size, dims, unit)


def random_input(size, dims, seed):
    shape = (1, 1) + (size,) * dims
    return (np.ones(shape) if seed is None
            else np.random.default_rng(seed).standard_normal(shape)).astype(np.float32)


class TestMXNet(FieldContract):
    def gradient(self, layers, size, dims, unit, seed=None):
        from mxnet import autograd, np as mnp
        from mxnet.gluon import nn
        net = nn.Sequential()
        for spec in layers:
            k, s, p = spec["kernel"], spec["stride"], spec["padding"]
            if spec["kind"] == "conv":
                Conv = nn.Conv1D if dims == 1 else nn.Conv2D
                net.add(Conv(1, k, strides=s, padding=p, dilation=spec["dilation"], in_channels=1,
                             use_bias=False, weight_initializer="ones"))
            else:
                Pool = {("max", 1): nn.MaxPool1D, ("max", 2): nn.MaxPool2D,
                        ("avg", 1): nn.AvgPool1D, ("avg", 2): nn.AvgPool2D}[spec["kind"], dims]
                extra = {"count_include_pad": True} if spec["kind"] == "avg" else {}
                net.add(Pool(k, s, p, **extra))
        net.initialize()
        X = mnp.array(random_input(size, dims, seed))
        X.attach_grad()
        with autograd.record():
            Y = net(X)[(0, 0) + unit]
        Y.backward()
        return X.grad.asnumpy()[0, 0]


class TestKeras(FieldContract):
    def gradient(self, layers, size, dims, unit, seed=None):
        import tensorflow as tf
        from tensorflow import keras
        L = keras.layers
        stack = []
        for spec in layers:
            k, s, p = spec["kernel"], spec["stride"], spec["padding"]
            if p:
                stack.append((L.ZeroPadding1D if dims == 1 else L.ZeroPadding2D)(p))
            if spec["kind"] == "conv":
                Conv = L.Conv1D if dims == 1 else L.Conv2D
                stack.append(Conv(1, k, strides=s, dilation_rate=spec["dilation"], use_bias=False,
                                  kernel_initializer="ones"))
            else:
                Pool = {("max", 1): L.MaxPooling1D, ("max", 2): L.MaxPooling2D,
                        ("avg", 1): L.AveragePooling1D, ("avg", 2): L.AveragePooling2D}[spec["kind"], dims]
                stack.append(Pool(k, s))
        X = tf.constant(np.moveaxis(random_input(size, dims, seed), 1, -1))  # channels last
        with tf.GradientTape() as tape:
            tape.watch(X)
            Y = X
            for layer in stack:
                Y = layer(Y)
            unit_value = Y[(0,) + unit + (0,)]
        return tape.gradient(unit_value, X).numpy()[(0,) + (slice(None),) * dims + (0,)]


@pytest.mark.parametrize("layers, size", [
    ([rf.conv(3)] * 3, 9),
    ([rf.conv(3, padding=2, dilation=2), rf.pool(2, mode="avg")], 10),
])
def test_the_keras_adapter_matches_the_mxnet_adapter(layers, size):
    for dims, unit in ((1, (1,)), (2, (1, 0))):
        np.testing.assert_allclose(TestKeras().gradient(layers, size, dims, unit),
                                   TestMXNet().gradient(layers, size, dims, unit), rtol=1e-6)
