import threading

import numpy as np
import pytest

from d2l_utils import mxnet as d2l
from framework_contract import FrameworkContract, assert_message
from mxnet import autograd, nd, np as mnp, npx
from mxnet.gluon import nn


class TestMXNet(FrameworkContract):
    d2l = d2l

    def array(self, values):
        return mnp.array(np.asarray(values, dtype=np.float32))

    def numpy(self, array):
        return array.asnumpy()

    def typed(self, values, dtype):
        return mnp.array(np.asarray(values, dtype=dtype), dtype=dtype)

    def conv_layer(self, kernel_size):
        return nn.Conv2D(1, kernel_size=kernel_size)

    layer_hint = "conv2d must be a Gluon layer such as nn.Conv2D(1, kernel_size=3)"
    array_hint = "an mxnet.np.ndarray (make one with mxnet.np.array(...))"

    def builtin_corr2d(self, X, K, padding, stride, dilation):
        Y = npx.convolution(self.array(X)[None, None], self.array(K)[None, None],
                            kernel=K.shape, stride=stride, pad=padding, dilate=dilation,
                            num_filter=1, no_bias=True)
        return Y[0, 0].asnumpy()

    def builtin_pool2d(self, X, pool_size, mode, padding, stride):
        Y = npx.pooling(self.array(X)[None, None], kernel=pool_size, stride=stride, pad=padding,
                        pool_type=mode, count_include_pad=True)
        return Y[0, 0].asnumpy()

    def gradient_of_sum_of_squares(self, layer, X):
        layer.initialize()
        with autograd.record():
            loss = (layer(X) ** 2).sum()
        loss.backward()
        return layer.weight.grad().asnumpy()

    def layer_weights(self, layer):
        return layer.weight.data().asnumpy(), layer.bias.data().asnumpy()

    def test_numpy_input_is_a_type_error_with_a_hint(self):
        with pytest.raises(TypeError, match=r"X must be an mxnet.np.ndarray \(make one with "
                                            r"mxnet.np.array\(...\)\), got numpy.ndarray"):
            d2l.corr2d(np.ones((3, 3)), self.array(np.ones((2, 2))))


@pytest.mark.parametrize("layer, expected", [
    (lambda: nn.Conv2D(1, kernel_size=3, padding=1), (8, 8)),
    (lambda: nn.Conv2D(1, kernel_size=(5, 3), padding=(2, 1)), (8, 8)),
    (lambda: nn.Conv2D(1, kernel_size=3, padding=1, strides=2), (4, 4)),
    (lambda: nn.Conv2D(1, kernel_size=(3, 5), padding=(0, 1), strides=(3, 4)), (2, 2)),
])
def test_comp_conv2d_seed_shapes(layer, expected):
    assert d2l.comp_conv2d(layer(), mnp.random.uniform(size=(8, 8))).shape == expected


def test_learning_the_edge_kernel_prints_the_seed_numbers():
    X = mnp.ones((6, 8))
    X[:, 2:6] = 0
    Y = d2l.corr2d(X, mnp.array([[1.0, -1.0]]))
    d2l.set_seed(0)
    conv2d = nn.Conv2D(1, kernel_size=(1, 2), use_bias=False)
    conv2d.initialize()
    X, Y = X.reshape(1, 1, 6, 8), Y.reshape(1, 1, 6, 7)
    losses = []
    for i in range(10):
        with autograd.record():
            loss = (conv2d(X) - Y) ** 2
        loss.backward()
        conv2d.weight.data()[:] -= 3e-2 * conv2d.weight.grad()
        if (i + 1) % 2 == 0:
            losses.append(f"{float(loss.sum()):.3f}")
    assert losses == ["4.949", "0.831", "0.140", "0.024", "0.004"]
    # to 4 decimals: the last float32 digits depend on the CPU (the package docstring)
    assert [f"{v:.4f}" for v in conv2d.weight.data().asnumpy().ravel()] == ["0.9895", "-0.9874"]


def test_set_seed_repeats_random_draws():
    d2l.set_seed(3)
    first = mnp.random.uniform(size=4).asnumpy()
    d2l.set_seed(3)
    np.testing.assert_array_equal(mnp.random.uniform(size=4).asnumpy(), first)


def sequential(*layers):
    net = nn.Sequential()
    net.add(*layers)
    return net


def layer_cases():
    """(call, message) pairs whose message names a layer (Gluon numbers layer names)."""
    X = mnp.ones((3, 3))
    conv = nn.Conv2D(1, kernel_size=2)
    net = sequential(conv, nn.MaxPool2D(3))
    dense = sequential(nn.Dense(3))
    full = nn.MaxPool2D(4, ceil_mode=True)  # geometry not pre-checked: MXNet's error
    return [
        (lambda: d2l.corr2d(nd.ones((3, 3)), mnp.ones((2, 2))),
         "X is a legacy mxnet.nd.NDArray; convert it with X.as_np_ndarray() (or make it with "
         "mxnet.np.array(...))"),
        (lambda: d2l.comp_conv2d(conv, nd.ones((3, 3))),
         "X is a legacy mxnet.nd.NDArray; convert it with X.as_np_ndarray() (or make it with "
         "mxnet.np.array(...))"),
        (lambda: d2l.comp_conv2d(nn.Conv2D(1, kernel_size=(6, 2), padding=1), X),
         "kernel kernel_size of shape (6, 2) is larger than input X of shape (3, 3) padded by "
         "(1, 1) to (5, 5)"),
        (lambda: d2l.comp_conv2d(net, X),
         f"window pool_size of shape (3, 3) is larger than input X after {conv.name} of shape (2, 2)"),
        (lambda: d2l.comp_conv2d(dense, X),
         f"{dense.name} gave an output of shape (1, 3); comp_conv2d needs layers that keep the "
         "image layout (batch, channels, h, w), such as Conv2D"),
        (lambda: d2l.comp_conv2d(full, X),
         f"{full.name} cannot take X of shape (3, 3) (given to it as (1, 1, 3, 3)): "),
    ]


@pytest.mark.parametrize("index", range(6))
def test_bad_inputs_named_by_mxnet(index):
    assert_message(*layer_cases()[index])


def test_legacy_nd_arrays_work_once_converted():
    Y = d2l.corr2d(nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]]).as_np_ndarray(),
                   mnp.array([[0.0, 1.0], [2.0, 3.0]]))
    np.testing.assert_array_equal(Y.asnumpy(), [[19, 25], [37, 43]])


def test_comp_conv2d_gives_channels_when_there_are_several():
    assert d2l.comp_conv2d(nn.Conv2D(3, kernel_size=2), mnp.ones((4, 5))).shape == (3, 3, 4)


def in_new_thread(call):
    """``call()`` in a new thread (where MXNet's NumPy semantics start off): result or error."""
    out = []

    def run():
        try:
            out.append(call())
        except Exception as err:  # handed to the test
            out.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out[0]


def test_conv2d_made_in_a_new_thread_names_the_cause():
    """Gluon makes legacy parameters in a thread without npx.set_np(); the first call says
    why (a corr2d call turns the semantics on, so the layer works once initialized again)."""
    def make_and_call():
        layer = d2l.Conv2D(2)
        layer.initialize()
        try:
            layer(mnp.ones((3, 3)))
        except TypeError as err:
            first = str(err)
        layer.initialize(force_reinit=True)
        return first, layer(mnp.ones((3, 3))).shape

    first, shape = in_new_thread(make_and_call)
    assert first == ("K is a legacy mxnet.nd.NDArray; convert it with K.as_np_ndarray() (or make "
                     "it with mxnet.np.array(...)); this thread started without npx.set_np() "
                     "(MXNet keeps it per thread), so Gluon made legacy parameters: call "
                     "npx.set_np() first in a new thread")
    assert shape == (2, 2)


def test_check_pad2d_names_legacy_arrays():
    with pytest.raises(TypeError, match="X is a legacy mxnet.nd.NDArray; convert it with"):
        d2l.check_pad2d(nd.ones((3, 3)), 1)
