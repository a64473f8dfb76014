"""What d2l_utils.mxnet and d2l_utils.tensorflow must both do, written once.

``tests/test_mxnet.py`` and ``tests/test_tensorflow.py`` subclass
:class:`FrameworkContract` with an adapter for their framework; every test
here then runs against both.  The seeds' examples are exact cases; hypothesis
compares each function with d2l_utils.reference and with the framework's own
convolution or pooling on random shapes.
"""
import threading

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from d2l_utils import reference as ref
from strategies import corr2d_problem, geometry, pool_problem

X3 = np.arange(9.0).reshape(3, 3)
K2 = np.array([[0.0, 1.0], [2.0, 3.0]])
X16 = np.arange(16.0).reshape(4, 4)
# One contract runs for both frameworks (a subclass each): same test, two executors.
HYPOTHESIS = settings(max_examples=25, deadline=None,
                      suppress_health_check=[HealthCheck.differing_executors])


def assert_message(call, message):
    """``call()`` raises TypeError or ValueError with ``message``.

    A message ending in ": " is the start only: the framework's own reason
    follows it, after a layer whose geometry could not be checked beforehand.
    """
    with pytest.raises((TypeError, ValueError)) as info:
        call()
    text = str(info.value)
    assert text == message or message.endswith(": ") and text.startswith(message), text


class FrameworkContract:
    d2l = None  # the module under test

    # --- the adapter each framework provides -------------------------------
    def array(self, values):
        """A float32 framework array holding ``values``."""
        raise NotImplementedError

    def numpy(self, array):
        raise NotImplementedError

    def typed(self, values, dtype):
        """A framework array of ``dtype`` (a NumPy dtype name) holding ``values``."""
        raise NotImplementedError

    def conv_layer(self, kernel_size):
        """The framework's own convolution layer: one output channel, no padding."""
        raise NotImplementedError

    #: How the errors for a non-layer and a non-array start.
    layer_hint = array_hint = None

    def builtin_corr2d(self, X, K, padding, stride, dilation):
        """The framework's own convolution of 2-D ``X`` and ``K`` (NumPy in and out)."""
        raise NotImplementedError

    def builtin_pool2d(self, X, pool_size, mode, padding, stride):
        raise NotImplementedError

    def gradient_of_sum_of_squares(self, layer, X):
        """d(sum(layer(X)**2))/d(weight) for the hand-written Conv2D."""
        raise NotImplementedError

    # --- the seeds' examples ---------------------------------------------
    def test_corr2d_seed_example(self):
        Y = self.d2l.corr2d(self.array(X3), self.array(K2))
        np.testing.assert_array_equal(self.numpy(Y), [[19, 25], [37, 43]])

    def test_edge_detection_seed_example(self):
        X = np.ones((6, 8))
        X[:, 2:6] = 0
        K = self.array([[1.0, -1.0]])
        Y = self.numpy(self.d2l.corr2d(self.array(X), K))
        np.testing.assert_array_equal(Y, np.tile([0, 1, 0, 0, 0, -1, 0], (6, 1)))
        np.testing.assert_array_equal(self.numpy(self.d2l.corr2d(self.array(X.T), K)),
                                      np.zeros((8, 5)))

    def test_multi_channel_seed_examples(self):
        X, K = np.stack([X3, X3 + 1]), np.stack([K2, K2 + 1])
        Y = self.d2l.corr2d_multi_in(self.array(X), self.array(K))
        np.testing.assert_array_equal(self.numpy(Y), [[56, 72], [104, 120]])
        K3 = np.stack([K, K + 1, K + 2])
        Y = self.d2l.corr2d_multi_in_out(self.array(X), self.array(K3))
        np.testing.assert_array_equal(self.numpy(Y), ref.corr2d_multi_in_out(X, K3))
        np.testing.assert_array_equal(self.numpy(Y)[2], [[96, 128], [192, 224]])

    def test_pool2d_seed_examples(self):
        X = self.array(X3)
        np.testing.assert_array_equal(self.numpy(self.d2l.pool2d(X, (2, 2))), [[4, 5], [7, 8]])
        np.testing.assert_array_equal(self.numpy(self.d2l.pool2d(X, (2, 2), "avg")),
                                      [[2, 3], [5, 6]])
        Y = self.d2l.pool2d(self.array(X16), 3, padding=1, stride=2)
        np.testing.assert_array_equal(self.numpy(Y), [[5, 7], [13, 15]])
        Y = self.d2l.pool2d(self.array(X16), (2, 3), padding=(0, 1), stride=(2, 3))
        np.testing.assert_array_equal(self.numpy(Y), [[5, 7], [13, 15]])

    def test_max_pool_pads_with_minus_infinity(self):
        Y = self.d2l.pool2d(self.array(-X16 - 1), 3, padding=1, stride=2)
        np.testing.assert_array_equal(self.numpy(Y), [[-1, -2], [-5, -6]])

    # --- against the reference and the framework's own operators ----------
    @HYPOTHESIS
    @given(corr2d_problem())
    def test_corr2d_matches_reference(self, problem):
        X, K = problem
        Y = self.d2l.corr2d(self.array(X), self.array(K))
        np.testing.assert_array_equal(self.numpy(Y), ref.corr2d(X, K))

    @HYPOTHESIS
    @given(st.data())
    def test_builtin_convolution_matches_reference(self, data):
        X, K = data.draw(corr2d_problem())
        p, s, d = data.draw(geometry(X.shape, K.shape))
        np.testing.assert_array_equal(self.builtin_corr2d(X, K, p, s, d),
                                      ref.corr2d(X, K, p, s, d))

    @HYPOTHESIS
    @given(corr2d_problem(channels_in=2, channels_out=3))
    def test_multi_in_out_matches_reference(self, problem):
        X, K = problem
        Y = self.d2l.corr2d_multi_in_out(self.array(X), self.array(K))
        np.testing.assert_array_equal(self.numpy(Y), ref.corr2d_multi_in_out(X, K))
        Y = self.d2l.corr2d_multi_in(self.array(X), self.array(K[0]))
        np.testing.assert_array_equal(self.numpy(Y), ref.corr2d_multi_in(X, K[0]))

    @HYPOTHESIS
    @given(corr2d_problem(channels_in=3, channels_out=2))
    def test_1x1_matches_reference(self, problem):
        X, K = problem
        K = K[:, :, :1, :1]
        Y = self.d2l.corr2d_multi_in_out_1x1(self.array(X), self.array(K))
        np.testing.assert_allclose(self.numpy(Y), ref.corr2d_multi_in_out_1x1(X, K), atol=1e-4)

    @HYPOTHESIS
    @given(pool_problem(), st.sampled_from(["max", "avg"]))
    def test_pool2d_matches_reference_and_builtin(self, problem, mode):
        X, size, pad, stride = problem
        expected = ref.pool2d(X, size, mode, pad, stride)
        Y = self.numpy(self.d2l.pool2d(self.array(X), size, mode, pad, stride))
        # float32 averages round (e.g. (5 - 9 + 4) / 7): allow float32's resolution
        np.testing.assert_allclose(Y, expected, rtol=1e-6, atol=1e-5)
        np.testing.assert_allclose(self.builtin_pool2d(X, size, mode, pad, stride), expected,
                                   rtol=1e-6, atol=1e-5)

    # --- the hand-written layer ---------------------------------------------
    def test_conv2d_layer_is_corr2d_plus_bias_and_trainable(self):
        layer = self.d2l.Conv2D((1, 2))
        X = np.ones((6, 8))
        X[:, 2:6] = 0
        grad = self.gradient_of_sum_of_squares(layer, self.array(X))
        assert grad.shape == (1, 2) and np.all(np.isfinite(grad)) and np.any(grad != 0)
        weight, bias = self.layer_weights(layer)
        np.testing.assert_allclose(self.numpy(layer(self.array(X))),
                                   ref.corr2d(X, weight) + bias, rtol=1e-5, atol=1e-6)

    # --- errors a learner can read --------------------------------------------
    def test_kernel_larger_than_input(self):
        with pytest.raises(ValueError) as err:
            self.d2l.corr2d(self.array(X3), self.array(np.ones((4, 4))))
        assert str(err.value) == "kernel K of shape (4, 4) is larger than input X of shape (3, 3)"

    @pytest.mark.parametrize("name, args, message", [
        ("corr2d", (X3[None], K2), r"X must be 2-D with shape \(h, w\), got shape \(1, 3, 3\)"),
        ("corr2d", (X3, K2[None]), r"K must be 2-D with shape \(k_h, k_w\)"),
        ("corr2d_multi_in", (np.stack([X3, X3]), K2[None]),
         r"X has 2 input channels \(shape \(2, 3, 3\)\) but K has 1 \(shape \(1, 2, 2\)\)"),
        ("corr2d_multi_in", (X3, K2[None]), r"X must be 3-D with shape \(c_i, h, w\)"),
        ("corr2d_multi_in_out", (X3[None], K2[None]),
         r"K must be 4-D with shape \(c_o, c_i, k_h, k_w\)"),
        ("corr2d_multi_in_out_1x1", (X3[None], np.ones((2, 1, 2, 2))), "K must have a 1x1 window"),
    ])
    def test_shape_errors(self, name, args, message):
        with pytest.raises(ValueError, match=message):
            getattr(self.d2l, name)(*map(self.array, args))

    @pytest.mark.parametrize("kwargs, message", [
        ({"pool_size": 4}, r"window pool_size of shape \(4, 4\) is larger than input X"),
        ({"pool_size": 2, "mode": "min"}, "mode must be 'max' or 'avg', got 'min'"),
        ({"pool_size": 2, "stride": 0}, "stride must be at least 1"),
        ({"pool_size": 3, "padding": -1}, "padding must be non-negative"),
        ({"pool_size": 3, "padding": 2}, r"padding \(2, 2\) must be at most half of pool_size"),
    ])
    def test_pool2d_errors(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            self.d2l.pool2d(self.array(X3), **kwargs)

    @HYPOTHESIS
    @given(st.data())
    def test_integers_match_reference(self, data):
        """Integer arrays keep their type and give the reference's (exact) numbers."""
        X, K = data.draw(corr2d_problem(channels_in=2, channels_out=2))
        dtype = data.draw(st.sampled_from(["int32", "int64"]))
        Y = self.d2l.corr2d_multi_in_out(self.typed(X, dtype), self.typed(K, dtype))
        assert self.numpy(Y).dtype == dtype
        np.testing.assert_array_equal(self.numpy(Y), ref.corr2d_multi_in_out(X, K))
        Y = self.d2l.corr2d(self.typed(X[0], dtype), self.typed(K[0, 0], dtype))
        np.testing.assert_array_equal(self.numpy(Y), ref.corr2d(X[0], K[0, 0]))

    @pytest.mark.parametrize("case", [
        ("corr2d", lambda t: (t.array([[0, np.nan]]), t.array([[1.0]])),
         ValueError, "X has NaN at position (0, 1)"),
        ("corr2d", lambda t: (t.array(X3), t.array([[0, 1], [np.inf, 3]])),
         ValueError, "K has infinity at position (1, 0)"),
        ("corr2d", lambda t: (t.typed([[2 ** 20, 2 ** 20]], "int32"), t.typed([[2 ** 11, 2 ** 11]], "int32")),
         ValueError, "int32 X and K can give sums up to 4294967296 (largest |X| times the largest "
         "sum of |K|), past the int32 limit 2147483647; cast them to float64 first"),
        ("corr2d", lambda t: (t.array([[1e38, 1e38]]), t.array([[10.0, 10.0]])),
         ValueError, "float32 X and K can give sums up to 2e+39 (largest |X| times the largest sum "
         "of |K|), past the float32 limit 3.403e+38; cast them to float64 first"),
        ("corr2d", lambda t: (t.typed([[300, 300]], "float16"), t.typed([[300, 300]], "float16")),
         ValueError, "float16 X and K can give sums up to 1.8e+05 (largest |X| times the largest "
         "sum of |K|), past the float16 limit 6.55e+04; cast them to float64 first"),
        ("corr2d", lambda t: (t.typed([[True]], "bool"), t.typed([[True]], "bool")),
         TypeError, "X has dtype bool; cast it to numbers first: {cast}"),
        ("corr2d_multi_in", lambda t: (t.array(np.stack([X3, X3])),
                                       t.array(np.stack([K2, K2 * np.nan]))),
         ValueError, "K has NaN at position (1, 0, 0)"),
        ("corr2d_multi_in_out", lambda t: (t.typed(np.full((1, 2, 2), 2 ** 16), "int32"),
                                           t.typed(np.full((2, 1, 2, 2), 2 ** 13), "int32")),
         ValueError, "int32 X and K can give sums up to 2147483648 (largest |X| times the largest "
         "sum of |K|), past the int32 limit 2147483647; cast them to float64 first"),
        ("corr2d_multi_in_out_1x1", lambda t: (t.array(np.full((1, 2, 2), -np.inf)),
                                               t.array(np.ones((1, 1, 1, 1)))),
         ValueError, "X has -infinity at position (0, 0, 0)"),
        ("pool2d", lambda t: (t.typed(X3, "int32"), 2), TypeError,
         "X has dtype int32; pool2d pads with -inf and averages, which needs floats: {cast}"),
        ("pool2d", lambda t: (t.array([[np.nan, 1.0]]), 1), ValueError, "X has NaN at position (0, 0)"),
        ("pool2d", lambda t: (t.typed([[60000, 60000]], "float16"), (1, 2), "avg"), ValueError,
         "float16 X can give sums up to 1.2e+05 (largest |X| times the 1x2 window), past the "
         "float16 limit 6.55e+04; cast them to float64 first"),
        ("comp_conv2d", lambda t: (None, t.array(X3)), TypeError, "{layer_hint}, got builtins.NoneType"),
        ("comp_conv2d", lambda t: (t.conv_layer(4), t.array(X3)), ValueError,
         "kernel kernel_size of shape (4, 4) is larger than input X of shape (3, 3)"),
        ("comp_conv2d", lambda t: (t.d2l.Conv2D(4), t.array(X3)), ValueError,
         "kernel kernel_size of shape (4, 4) is larger than input X of shape (3, 3)"),
        ("comp_conv2d", lambda t: (t.conv_layer(2), t.array(X3[None])), ValueError,
         "X must be 2-D with shape (h, w), got shape (1, 3, 3)"),
        ("comp_conv2d", lambda t: (t.conv_layer(2), t.array([[1.0, np.nan]])), ValueError,
         "X has NaN at position (0, 1)"),
        ("comp_conv2d", lambda t: (t.conv_layer(2), X3), TypeError,
         "X must be {array_hint}, got numpy.ndarray"),
        ("set_seed", lambda t: ("0",), TypeError, "seed must be an int, got '0'"),
        ("set_seed", lambda t: (None,), TypeError, "seed must be an int, got None"),
        ("set_seed", lambda t: (True,), TypeError, "seed must be an int, got True"),
        ("set_seed", lambda t: (-1,), ValueError, "seed must be between 0 and 2**32 - 1, got -1"),
        ("set_seed", lambda t: (2 ** 32,), ValueError,
         "seed must be between 0 and 2**32 - 1, got 4294967296"),
    ], ids=lambda case: case[0])
    def test_bad_inputs_get_a_clear_error(self, case):
        name, arguments, error, message = case
        with pytest.raises(error) as info:
            getattr(self.d2l, name)(*arguments(self))
        assert str(info.value) == message.format(
            cast=self.d2l.CAST.format(name="X"), layer_hint=self.layer_hint,
            array_hint=self.array_hint)

    @pytest.mark.parametrize("dtype", ["float64", "float16", "int32", "int64"])
    def test_comp_conv2d_casts_x_to_the_layer_type(self, dtype):
        Y = self.d2l.comp_conv2d(self.conv_layer(2), self.typed(np.ones((3, 4)), dtype))
        assert tuple(Y.shape) == (2, 3) and self.numpy(Y).dtype == np.float32
        Y = self.d2l.comp_conv2d(self.d2l.Conv2D((2, 3)), self.typed(np.ones((3, 4)), dtype))
        assert tuple(Y.shape) == (2, 2)

    def test_non_array_input_is_a_type_error(self):
        with pytest.raises(TypeError, match="X must be a"):
            self.d2l.corr2d(X3.tolist(), self.array(K2))
        with pytest.raises(TypeError, match="K must be a"):
            self.d2l.corr2d(self.array(X3), K2.tolist())

    # --- inputs from outside the course ------------------------------------------
    HUGE = ("padding (500000, 500000) makes X of shape (3, 3) into (1000003, 1000003): "
            "1000006000009 numbers, more than the 2147483646 one array can hold")

    @pytest.mark.parametrize("pool_size, padding, message", [
        (10 ** 6, 5 * 10 ** 5, HUGE),
        (2 ** 41, 2 ** 40, "padding (1099511627776, 1099511627776) makes X of shape (3, 3) into "
         "(2199023255555, 2199023255555): 4835703278471710838358025 numbers, more than the "
         "2147483646 one array can hold"),
    ])
    def test_pool2d_padding_past_any_array(self, pool_size, padding, message):
        """Was an MXNetError (2^31 elements), TensorFlow's OOM or its overflow error."""
        assert_message(lambda: self.d2l.pool2d(self.array(X3), pool_size, padding=padding),
                       message)

    @pytest.mark.parametrize("name", ["corr2d", "corr2d_multi_in", "corr2d_multi_in_out_1x1"])
    def test_dtypes_must_agree(self, name):
        """MXNet mixed types inside (int32 * float32, uint8 * int8, np.dot) or gave float16."""
        X, K = self.typed(X3, "int32"), self.array(K2)
        if name != "corr2d":
            X, K = self.typed(X3[None], "int32"), self.array(K2[None] if name[-1] == "n" else
                                                              np.ones((1, 1, 1, 1)))
        assert_message(lambda: getattr(self.d2l, name)(X, K),
                       "X has dtype int32 but K has float32; cast one of them "
                       f"({self.d2l.CAST_ONE}) so they agree")

    @pytest.mark.parametrize("case", [
        (lambda t: (t.array([1.0, 2.0]), 1), "X must be 2-D with shape (h, w), got shape (2,)"),
        (lambda t: (t.array(1.0), 1), "X must be 2-D with shape (h, w), got shape ()"),
        (lambda t: (t.array(np.ones((1, 1, 1, 2, 2))), 1),
         "X must be 2-D with shape (h, w), got shape (1, 1, 1, 2, 2)"),
        (lambda t: (t.array(X3), 10 ** 6), "padding (1000000, 1000000) makes X of shape (3, 3) "
         "into (2000003, 2000003): 4000012000009 numbers, more than the 2147483646 one array "
         "can hold"),
        (lambda t: (t.array(X3), 1.5), "padding must be an int or a pair of ints, got 1.5"),
        (lambda t: (t.array(X3), 1, None), "value must be a real number, got None"),
        (lambda t: (t.array(X3), 1, np.nan), "value must not be NaN, got nan"),
        (lambda t: (t.typed(X3, "int32"), 1, 0.5),
         "value 0.5 is not a number of X's dtype int32; cast X first: {cast}"),
        (lambda t: (t.typed(X3 > 2, "bool"), 1), "X has dtype bool; cast it to numbers first: {cast}"),
        (lambda t: (t.array([[np.nan]]), 1), "X has NaN at position (0, 0)"),
        (lambda t: (X3, 1), "X must be {array_hint}, got numpy.ndarray"),
    ], ids=lambda case: case[1][:30])
    @pytest.mark.parametrize("function", ["check_pad2d", "pad2d"])
    def test_pad2d_refuses(self, case, function):
        """pad2d (written out on the pooling page) says it through its first line, check_pad2d."""
        arguments, message = case
        assert_message(lambda: getattr(self.d2l, function)(*arguments(self)), message.format(
            cast=self.d2l.CAST.format(name="X"), array_hint=self.array_hint))

    def test_check_pad2d_accepts_what_pad2d_pads(self):
        assert self.d2l.check_pad2d(self.array(X3), (1, 2), -np.inf) == (1, 2)
        assert self.d2l.check_pad2d(self.typed(X3, "int32"), 1, 7) == (1, 1)
        padded = self.d2l.pad2d(self.typed(X3, "int32"), (1, 2), 7)
        assert self.numpy(padded).tolist() == np.pad(X3, ((1, 1), (2, 2)),
                                                     constant_values=7).tolist()

    def test_a_call_from_another_thread(self):
        """MXNet keeps npx.set_np() per thread: in a new thread 0-d sums failed ('axis : 0')."""
        X, K = np.stack([X3, X3 + 1]), np.stack([K2, K2 + 1])
        calls = {
            "corr2d": lambda: self.d2l.corr2d(self.array(X3), self.array(K2)),
            "corr2d_multi_in": lambda: self.d2l.corr2d_multi_in(self.array(X), self.array(K)),
            "corr2d_multi_in_out": lambda: self.d2l.corr2d_multi_in_out(
                self.array(X), self.array(K[None])),
            "corr2d_multi_in_out_1x1": lambda: self.d2l.corr2d_multi_in_out_1x1(
                self.array(X), self.array(np.ones((1, 2, 1, 1)))),
            "pool2d": lambda: self.d2l.pool2d(self.array(X16), 3, "avg", 1, 2),
            "comp_conv2d": lambda: self.d2l.comp_conv2d(self.conv_layer(2), self.array(X3)).shape,
        }
        results = {}

        def run():
            for name, call in calls.items():
                try:
                    results[name] = call()
                except Exception as err:  # reported below, by name
                    results[name] = err

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        assert not {n: r for n, r in results.items() if isinstance(r, Exception)}
        np.testing.assert_array_equal(self.numpy(results["corr2d"]), [[19, 25], [37, 43]])
        np.testing.assert_array_equal(self.numpy(results["corr2d_multi_in"]), [[56, 72], [104, 120]])
        np.testing.assert_array_equal(self.numpy(results["corr2d_multi_in_out"]),
                                      [[[56, 72], [104, 120]]])
        np.testing.assert_array_equal(self.numpy(results["corr2d_multi_in_out_1x1"]), X.sum(0)[None])
        np.testing.assert_allclose(self.numpy(results["pool2d"]), ref.pool2d(X16, 3, "avg", 1, 2),
                                   rtol=1e-6)
        assert tuple(results["comp_conv2d"]) == (2, 2)
