import numpy as np
import pytest

from d2l_utils import tensorflow as d2l
from framework_contract import FrameworkContract, assert_message
import tensorflow as tf  # after d2l_utils.tensorflow, which quiets it


class TestTensorFlow(FrameworkContract):
    d2l = d2l

    def array(self, values):
        return tf.constant(np.asarray(values, dtype=np.float32))

    def numpy(self, array):
        return np.asarray(array)

    def typed(self, values, dtype):
        return tf.constant(np.asarray(values, dtype=dtype))

    def conv_layer(self, kernel_size):
        return tf.keras.layers.Conv2D(1, kernel_size)

    layer_hint = "conv2d must be a Keras layer such as tf.keras.layers.Conv2D(1, 3)"
    array_hint = "a TensorFlow tensor or variable (make one with tf.constant(...))"

    def builtin_corr2d(self, X, K, padding, stride, dilation):
        # TF refuses stride > 1 together with dilation > 1: convolve at stride 1, then subsample
        Y = tf.nn.conv2d(self.array(X)[None, :, :, None], self.array(K)[:, :, None, None],
                         strides=1, dilations=dilation,
                         padding=[[0, 0], [padding[0]] * 2, [padding[1]] * 2, [0, 0]])
        return Y.numpy()[0, ::stride[0], ::stride[1], 0]

    def builtin_pool2d(self, X, pool_size, mode, padding, stride):
        fill = -np.inf if mode == "max" else 0.0
        Xp = np.pad(X, [(padding[0],) * 2, (padding[1],) * 2], constant_values=fill)
        pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
        return pool(self.array(Xp)[None, :, :, None], pool_size, stride, "VALID").numpy()[0, :, :, 0]

    def gradient_of_sum_of_squares(self, layer, X):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(layer(X) ** 2)
        return tape.gradient(loss, layer.weight).numpy()

    def layer_weights(self, layer):
        return layer.weight.numpy(), layer.bias.numpy()

    def test_dtypes_must_agree(self):
        with pytest.raises(TypeError, match="X has dtype float64 but K has float32"):
            d2l.corr2d(tf.constant(np.ones((3, 3))), self.array(np.ones((2, 2))))


@pytest.mark.parametrize("layers, expected", [
    (lambda: [tf.keras.layers.Conv2D(1, 3, padding="same")], (8, 8)),
    (lambda: [tf.keras.layers.Conv2D(1, (5, 3), padding="same")], (8, 8)),
    (lambda: [tf.keras.layers.Conv2D(1, 3, padding="same", strides=2)], (4, 4)),
    (lambda: [tf.keras.layers.Conv2D(1, (3, 5), strides=(3, 4))], (2, 1)),  # 'valid'
    (lambda: [tf.keras.layers.ZeroPadding2D((0, 1)),
              tf.keras.layers.Conv2D(1, (3, 5), strides=(3, 4))], (2, 2)),  # explicit padding
])
def test_comp_conv2d_seed_shapes(layers, expected):
    net = tf.keras.Sequential(layers())
    assert tuple(d2l.comp_conv2d(net, tf.random.uniform((8, 8))).shape) == expected


def learn_edge_kernel():
    X = tf.Variable(tf.ones((6, 8)))
    X[:, 2:6].assign(tf.zeros((6, 4)))
    Y = d2l.corr2d(X, tf.constant([[1.0, -1.0]]))
    d2l.set_seed(0)
    conv2d = tf.keras.layers.Conv2D(1, (1, 2), use_bias=False)
    X, Y = tf.reshape(X, (1, 6, 8, 1)), tf.reshape(Y, (1, 6, 7, 1))
    conv2d.build(X.shape)
    losses = []
    for _ in range(10):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum((conv2d(X) - Y) ** 2)
        conv2d.kernel.assign_sub(3e-2 * tape.gradient(loss, conv2d.kernel))
        losses.append(float(loss))
    return losses, conv2d.kernel.numpy().reshape(1, 2)


def test_learning_the_edge_kernel_converges_and_repeats():
    losses, kernel = learn_edge_kernel()
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    assert losses[-1] < losses[0] / 100
    np.testing.assert_allclose(kernel, [[1, -1]], atol=0.05)
    again, kernel_again = learn_edge_kernel()
    assert again == losses
    np.testing.assert_array_equal(kernel_again, kernel)


def layer_cases():
    """(call, message) pairs whose message names a layer (Keras numbers layer names)."""
    layers = tf.keras.layers
    X = tf.ones((3, 3))
    pad = layers.ZeroPadding2D((0, 1))
    padded = tf.keras.Sequential([pad, layers.Conv2D(1, (4, 2))])
    dense = tf.keras.Sequential([layers.Flatten(), layers.Dense(3)])
    hidden = tf.keras.Sequential([layers.Activation("relu"), layers.Conv2D(1, 5)])
    return [
        (lambda: d2l.comp_conv2d(padded, X),
         f"kernel kernel_size of shape (4, 2) is larger than input X after {pad.name} of shape (3, 5)"),
        (lambda: d2l.comp_conv2d(dense, X),
         f"{dense.name} gave an output of shape (1, 3); comp_conv2d needs layers that keep the "
         "image layout (batch, h, w, channels), such as Conv2D"),
        # a layer of unknown geometry first: Keras' own reason, after the user's X
        (lambda: d2l.comp_conv2d(hidden, X),
         f"{hidden.name} cannot take X of shape (3, 3) (given to it as (1, 3, 3, 1)): "),
    ]


@pytest.mark.parametrize("index", range(3))
def test_bad_inputs_named_by_tensorflow(index):
    assert_message(*layer_cases()[index])


def test_values_are_not_checked_inside_a_traced_function():
    traced = tf.function(d2l.corr2d)
    np.testing.assert_array_equal(traced(tf.ones((3, 3)), tf.ones((2, 2))).numpy(), np.full((2, 2), 4))


def test_comp_conv2d_gives_channels_when_there_are_several():
    Y = d2l.comp_conv2d(tf.keras.layers.Conv2D(3, 2), tf.ones((4, 5)))
    assert tuple(Y.shape) == (3, 3, 4)
    np.testing.assert_allclose(Y.numpy()[:, 0, 0], Y.numpy()[:, -1, -1], rtol=1e-6)


X3 = np.arange(9.0, dtype=np.float32).reshape(3, 3)
K2 = np.array([[0.0, 1.0], [2.0, 3.0]], dtype=np.float32)


@pytest.mark.parametrize("case", [
    (lambda: d2l.corr2d(tf.ragged.constant([[1.0, 2.0], [3.0]]), tf.constant(K2)), TypeError,
     "X is a tf.RaggedTensor; these functions take dense tensors: make one with X.to_tensor()"),
    (lambda: d2l.pool2d(tf.RaggedTensor.from_tensor(tf.constant(X3)), 2), TypeError,
     "X is a tf.RaggedTensor; these functions take dense tensors: make one with X.to_tensor()"),
    (lambda: d2l.corr2d(tf.constant(X3), tf.sparse.from_dense(K2)), TypeError,
     "K is a tf.SparseTensor; these functions take dense tensors: make one with "
     "tf.sparse.to_dense(K)"),
    (lambda: d2l.comp_conv2d(d2l.Conv2D(1), tf.sparse.from_dense(X3)), TypeError,
     "X is a tf.SparseTensor; these functions take dense tensors: make one with "
     "tf.sparse.to_dense(X)"),
    (lambda: d2l.corr2d_multi_in_out_1x1(tf.IndexedSlices(tf.constant(X3[None]), tf.constant([0])),
                                         tf.ones((1, 1, 1, 1))), TypeError,
     "X is a tf.IndexedSlices (a sparse gradient); these functions take dense tensors: make one "
     "with tf.convert_to_tensor(X)"),
    (lambda: d2l.corr2d(tf.constant([["a", "b"]]), tf.constant([["a"]])), TypeError,
     "X must be an array of real numbers, got dtype string"),
    (lambda: d2l.corr2d(tf.constant([[1j, 2]]), tf.constant([[1j]])), TypeError,
     "X must be an array of real numbers, got dtype complex128"),
    (lambda: d2l.comp_conv2d(d2l.Conv2D(1), tf.constant([[1j, 2]])), TypeError,
     "X must be an array of real numbers, got dtype complex128"),
    (lambda: d2l.pool2d(tf.constant([[1]], dtype=tf.qint8), 1), TypeError,
     "X must be an array of real numbers, got dtype qint8"),
    (lambda: d2l.corr2d(tf.Variable(X3, shape=(None, 3)), tf.constant(K2)), ValueError,
     "X must have a known shape, got shape (None, 3): the functions loop over its cells in "
     "Python (in tf.function, trace with fixed shapes)"),
    (lambda: d2l.corr2d(tf.constant(X3), tf.Variable(K2, shape=tf.TensorShape(None))), ValueError,
     "K must have a known shape, got shape unknown: the functions loop over its cells in "
     "Python (in tf.function, trace with fixed shapes)"),
    (lambda: d2l.corr2d(tf.cast([[3e38, 3e38]], tf.bfloat16), tf.cast([[10, 10]], tf.bfloat16)),
     ValueError, "bfloat16 X and K can give sums up to 6.008e+39 (largest |X| times the largest "
     "sum of |K|), past the bfloat16 limit 3.39e+38; cast them to float64 first"),
    (lambda: d2l.pool2d(tf.cast([[1.0, np.nan]], tf.bfloat16), 1), ValueError,
     "X has NaN at position (0, 1)"),
], ids=lambda case: case[2][:40] if isinstance(case, tuple) else None)
def test_unusual_tensors_get_a_clear_error(case):
    """Were int(None), 'has no len()', 'not inexact' or a complex result with its imaginary
    parts cast away in the checks."""
    call, error, message = case
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error and str(info.value) == message


@pytest.mark.parametrize("signature, call, channels, message", [
    ([tf.TensorSpec((None, None), tf.float32)] * 2, d2l.corr2d, False,
     "X must have a known shape, got shape (None, None)"),
    ([tf.TensorSpec(None, tf.float32)] * 2, d2l.corr2d_multi_in_out_1x1, True,
     "X must have a known shape, got shape unknown"),
    (None, d2l.corr2d_multi_in, True,
     "X of shape (2, 3, 3) and K of shape (2, 2, 2) are symbolic (inside tf.function); the "
     "channel functions loop over their channels in Python, which needs eager tensors: call "
     "them outside tf.function"),
])
def test_what_tf_function_cannot_trace_is_named(signature, call, channels, message):
    """Were int(None), 'Cannot iterate over a shape with unknown rank' or 'Iterating over a
    symbolic tf.Tensor is not allowed'.  tf.function adds its own traceback lines to an
    error: the message is in it."""
    traced = tf.function(call, input_signature=signature)
    X, K = (np.stack([X3, X3]), np.stack([K2, K2])) if channels else (X3, K2)
    with pytest.raises((TypeError, ValueError)) as info:
        traced(tf.constant(X), tf.constant(K))
    assert message in str(info.value)


def test_bfloat16_and_variables_give_the_answer():
    Y = d2l.corr2d(tf.cast(X3, tf.bfloat16), tf.cast(K2, tf.bfloat16))
    assert Y.dtype == tf.bfloat16
    np.testing.assert_array_equal(tf.cast(Y, tf.float32).numpy(), [[19, 25], [37, 43]])
    Y = d2l.pool2d(tf.cast(X3, tf.bfloat16), 2, padding=1, stride=2)
    np.testing.assert_array_equal(tf.cast(Y, tf.float32).numpy(), [[0, 2], [6, 8]])
    np.testing.assert_array_equal(d2l.corr2d(tf.Variable(X3), tf.Variable(K2)).numpy(),
                                  [[19, 25], [37, 43]])
