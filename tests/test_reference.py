import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from d2l_utils import reference as ref
from strategies import OUR_MESSAGES, corr2d_problem, geometry, junk_array, junk_size, pool_problem

X3 = np.arange(9.0).reshape(3, 3)
K2 = np.array([[0.0, 1.0], [2.0, 3.0]])
X16 = np.arange(16.0).reshape(4, 4)


def test_corr2d_seed_example():
    np.testing.assert_array_equal(ref.corr2d(X3, K2), [[19, 25], [37, 43]])


def test_edge_detection_seed_example():
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    Y = ref.corr2d(X, [[1, -1]])
    np.testing.assert_array_equal(Y, np.tile([0, 1, 0, 0, 0, -1, 0], (6, 1)))
    np.testing.assert_array_equal(ref.corr2d(X.T, [[1, -1]]), np.zeros((8, 5)))


def test_multi_channel_seed_examples():
    X = np.stack([X3, X3 + 1])
    K = np.stack([K2, K2 + 1])
    np.testing.assert_array_equal(ref.corr2d_multi_in(X, K), [[56, 72], [104, 120]])
    Y = ref.corr2d_multi_in_out(X, np.stack([K, K + 1, K + 2]))
    np.testing.assert_array_equal(Y, [[[56, 72], [104, 120]], [[76, 100], [148, 172]],
                                      [[96, 128], [192, 224]]])


def test_pool_seed_examples():
    np.testing.assert_array_equal(ref.pool2d(X3, (2, 2)), [[4, 5], [7, 8]])
    np.testing.assert_array_equal(ref.pool2d(X3, (2, 2), "avg"), [[2, 3], [5, 6]])
    np.testing.assert_array_equal(ref.pool2d(X16, 3, stride=3), [[10]])
    np.testing.assert_array_equal(ref.pool2d(X16, 3, padding=1, stride=2), [[5, 7], [13, 15]])
    np.testing.assert_array_equal(ref.pool2d(X16, (2, 3), padding=(0, 1), stride=(2, 3)),
                                  [[5, 7], [13, 15]])


def test_max_pool_padding_never_wins_on_negative_input():
    np.testing.assert_array_equal(ref.pool2d(-X16 - 1, 3, padding=1, stride=2),
                                  [[-1, -2], [-5, -6]])


def test_avg_pool_counts_zero_padding():
    np.testing.assert_array_equal(ref.pool2d(np.ones((2, 2)), 3, "avg", padding=1),
                                  [[4 / 9, 4 / 9], [4 / 9, 4 / 9]])


@pytest.mark.parametrize("shape, k, p, s, expected", [
    ((8, 8), 3, 1, 1, (8, 8)), ((8, 8), (5, 3), (2, 1), 1, (8, 8)),
    ((8, 8), 3, 1, 2, (4, 4)), ((8, 8), (3, 5), (0, 1), (3, 4), (2, 2)),
    ((1, 3, 8, 8), (3, 5), 0, (3, 4), (2, 1)),
])
def test_conv_output_shape_seed_examples(shape, k, p, s, expected):
    assert ref.conv_output_shape(shape, k, p, s) == expected


@given(st.integers(1, 30), st.integers(1, 5), st.integers(0, 3), st.integers(1, 4))
def test_conv_output_shape_equals_d2l_total_padding_form(n, k, p, s):
    assume(k <= n + 2 * p)  # a larger kernel is an error (test_conv_output_shape_errors)
    assert ref.conv_output_shape((n, n), k, p, s)[0] == (n - k + 2 * p + s) // s


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_vectorized_corr2d_equals_the_loop(data):
    X, K = data.draw(corr2d_problem())
    p, s, d = data.draw(geometry(X.shape, K.shape))
    np.testing.assert_array_equal(ref.corr2d_vectorized(X, K, p, s, d), ref.corr2d(X, K, p, s, d))
    assert ref.corr2d(X, K, p, s, d).shape == ref.conv_output_shape(X.shape, K.shape, p, s, d)


@settings(max_examples=40, deadline=None)
@given(corr2d_problem())
def test_corr2d_is_flipped_convolution(problem):
    X, K = problem
    # cross-correlation with K equals the textbook convolution with K flipped on both axes
    h, w = K.shape
    F = K[::-1, ::-1]
    conv = np.array([[sum(X[i + h - 1 - a, j + w - 1 - b] * F[a, b]
                          for a in range(h) for b in range(w))
                      for j in range(X.shape[1] - w + 1)] for i in range(X.shape[0] - h + 1)])
    np.testing.assert_array_equal(ref.corr2d(X, K), conv)


def test_window_indices_follow_padding_stride_dilation():
    assert ref.window_indices(0, 0, 2) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert ref.window_indices(1, 1, (1, 2), padding=1, stride=2, dilation=(1, 3)) == [(1, 1), (1, 4)]


def test_window_indices_of_the_last_cell_and_of_numpy_ints():
    assert ref.window_indices(1, 1, 2, input_shape=(3, 3)) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    # np.int64 rows are Python ints before the arithmetic: no wrap-around at 2**63
    assert ref.window_indices(np.int64(2 ** 62), 0, 1, stride=4) == [(2 ** 64, 0)]


def test_masked_arrays_without_masked_cells_give_the_plain_answer():
    np.testing.assert_array_equal(ref.corr2d(np.ma.masked_array(X3), np.ma.masked_array(K2)),
                                  [[19, 25], [37, 43]])


@settings(max_examples=40, deadline=None)
@given(corr2d_problem(channels_in=3, channels_out=2))
def test_1x1_matrix_product_equals_loop(problem):
    X, K = problem
    K = K[:, :, :1, :1]
    np.testing.assert_allclose(ref.corr2d_multi_in_out_1x1(X, K), ref.corr2d_multi_in_out(X, K))


@settings(max_examples=60, deadline=None)
@given(pool_problem(), st.sampled_from(["max", "avg"]))
def test_pool2d_equals_windows_by_hand(problem, mode):
    X, size, pad, stride = problem
    Y = ref.pool2d(X, size, mode, pad, stride)
    Xp = np.pad(X, [(pad[0],) * 2, (pad[1],) * 2], constant_values=-np.inf if mode == "max" else 0)
    reduce = np.max if mode == "max" else np.mean
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            r, c = i * stride[0], j * stride[1]
            assert Y[i, j] == reduce(Xp[r:r + size[0], c:c + size[1]])


class LegacyArray:
    """Stands for an ``mxnet.nd.NDArray`` (or anything with ``.asnumpy()``), without MXNet."""

    def __init__(self, values):
        self.values = np.asarray(values)

    def asnumpy(self):
        return self.values


def test_framework_arrays_are_converted():
    np.testing.assert_array_equal(ref.corr2d(LegacyArray(X3), LegacyArray(K2)), [[19, 25], [37, 43]])
    np.testing.assert_array_equal(ref.pool2d(LegacyArray(X3), 2), [[4, 5], [7, 8]])


INT_WORDS = "past 2**53 where float64 stops being exact; give floats to accept rounding"
OVERFLOW = ": the sums overflow float64"


@pytest.mark.parametrize("call, error, message", [
    (lambda: ref.corr2d(X3, np.ones((4, 4))), ValueError,
     "kernel K of shape (4, 4) is larger than input X of shape (3, 3)"),
    (lambda: ref.corr2d(X3[None], K2), ValueError,
     "X must be 2-D with shape (h, w), got shape (1, 3, 3)"),
    (lambda: ref.corr2d(X3, K2, stride=0), ValueError, "stride must be at least 1, got 0"),
    (lambda: ref.corr2d(X3, K2, padding=-1), ValueError, "padding must be non-negative, got -1"),
    (lambda: ref.corr2d(X3, K2, padding=1.5), TypeError,
     "padding must be an int or a pair of ints, got 1.5"),
    (lambda: ref.corr2d("abc", K2), TypeError, "X must be an array of real numbers, got 'abc'"),
    (lambda: ref.corr2d(X3, None), TypeError, "K must be an array of real numbers, got None"),
    (lambda: ref.corr2d([["1", "2"]], K2), TypeError,
     "X must be an array of real numbers, got dtype <U1"),
    (lambda: ref.corr2d([[1, 2], [3]], K2), ValueError,
     "X must be a rectangular array of numbers (nested lists of equal lengths)"),
    (lambda: ref.corr2d([[0, 1, 2], [3, np.nan, 5]], K2), ValueError, "X has NaN at position (1, 1)"),
    (lambda: ref.corr2d(X3, [[0, 1], [np.inf, 3]]), ValueError, "K has infinity at position (1, 0)"),
    (lambda: ref.corr2d([[-np.inf, 0]], [[1.0]]), ValueError, "X has -infinity at position (0, 0)"),
    (lambda: ref.corr2d([[1e308, 1e308]], [[1.0, 1.0]]), ValueError,
     "output has infinity at position (0, 0)" + OVERFLOW),
    (lambda: ref.corr2d(np.array([[2 ** 40]]), np.array([[2 ** 20]])), ValueError,
     "integer X and K can give sums up to 1152921504606846976 (largest |X| times the largest "
     "sum of |K|), " + INT_WORDS),
    (lambda: ref.corr2d_vectorized(X3, [[np.nan]]), ValueError, "K has NaN at position (0, 0)"),
    (lambda: ref.corr2d_vectorized([[1e308, 1e308]], [[1.0, 1.0]]), ValueError,
     "output has infinity at position (0, 0)" + OVERFLOW),
    (lambda: ref.corr2d_multi_in(np.stack([X3, X3]), K2[None]), ValueError,
     "X has 2 input channels (shape (2, 3, 3)) but K has 1 (shape (1, 2, 2))"),
    (lambda: ref.corr2d_multi_in(np.stack([X3, X3 * np.nan]), np.stack([K2, K2])), ValueError,
     "X has NaN at position (1, 0, 0)"),
    # each channel's sum is finished first: +inf and -inf give NaN
    (lambda: ref.corr2d_multi_in([[[1e308]], [[-1e308]]], [[[2.0]], [[2.0]]]), ValueError,
     "output has NaN at position (0, 0)" + OVERFLOW),
    (lambda: ref.corr2d_multi_in_out(np.stack([X3]), K2[None]), ValueError,
     "K must be 4-D with shape (c_o, c_i, k_h, k_w), got shape (1, 2, 2)"),
    (lambda: ref.corr2d_multi_in_out_1x1(X3[None], np.ones((1, 1, 2, 2))), ValueError,
     "K must have a 1x1 window, got shape (1, 1, 2, 2)"),
    (lambda: ref.corr2d_multi_in_out_1x1(np.full((1, 1, 2), 1e308), np.full((1, 1, 1, 1), 10.0)),
     ValueError, "output has infinity at position (0, 0, 0)" + OVERFLOW),
    (lambda: ref.pool2d(X3, 2, mode="min"), ValueError, "mode must be 'max' or 'avg', got 'min'"),
    (lambda: ref.pool2d(X3, 4), ValueError,
     "window pool_size of shape (4, 4) is larger than input X of shape (3, 3)"),
    (lambda: ref.pool2d(X3, None), TypeError, "pool_size must be an int or a pair of ints, got None"),
    (lambda: ref.pool2d([[1.0, np.nan]], 1), ValueError, "X has NaN at position (0, 1)"),
    (lambda: ref.pool2d([[1e308, 1e308]], (1, 2), "avg"), ValueError,
     "output has infinity at position (0, 0)" + OVERFLOW),
    (lambda: ref.pool2d(np.array([[2 ** 60]]), 1), ValueError,
     "integer X holds values up to 1152921504606846976, " + INT_WORDS),
    (lambda: ref.pool2d(np.array([[2 ** 52, 2 ** 52 + 2]]), (1, 2), "avg"), ValueError,
     "integer X can give sums up to 9007199254740996 (largest |X| times the 1x2 window), "
     + INT_WORDS),
    (lambda: ref.pad2d([1.0, 2.0], 1), ValueError, "X must have at least 2 axes (h, w), got shape (2,)"),
    (lambda: ref.pad2d([[np.nan]], 1), ValueError, "X has NaN at position (0, 0)"),
    (lambda: ref.window_indices(0, 0, 0), ValueError, "kernel_size must be at least 1, got 0"),
    (lambda: ref.window_indices(-1, 0, 2), ValueError,
     "i must be a non-negative int (an output row), got -1"),
    (lambda: ref.window_indices(0, 0.5, 2), TypeError, "j must be an int (an output column), got 0.5"),
    (lambda: ref.window_indices(True, 0, 2), TypeError, "i must be an int (an output row), got True"),
    (lambda: ref.window_indices((0, 0), 0, 2), TypeError,
     "i must be an int (an output row), got (0, 0)"),
    (lambda: ref.window_indices(2, 0, 2, input_shape=(3, 3)), ValueError,
     "cell (i, j) = (2, 0) is outside the output of shape (2, 2)"),
    (lambda: ref.window_indices(0, 2, 2, padding=(0, 1), stride=(1, 3), input_shape=(3, 3)),
     ValueError, "cell (i, j) = (0, 2) is outside the output of shape (2, 2)"),
    (lambda: ref.pad2d(X3, 10 ** 6), ValueError,
     "padding (1000000, 1000000) makes X of shape (3, 3) into (2000003, 2000003): "
     "4000012000009 numbers, more than the 2147483646 one array can hold"),
    (lambda: ref.pad2d(X3, (0, 2 ** 40)), ValueError,
     "padding (0, 1099511627776) makes X of shape (3, 3) into (3, 2199023255555): "
     "6597069766665 numbers, more than the 2147483646 one array can hold"),
    (lambda: ref.pad2d(X3, 1, value=None), TypeError, "value must be a real number, got None"),
    (lambda: ref.pad2d(X3, 1, value=[1, 2]), TypeError, "value must be a real number, got [1, 2]"),
    (lambda: ref.pad2d(X3, 1, value=np.nan), ValueError, "value must not be NaN, got nan"),
    (lambda: ref.corr2d(X3, K2, padding=2 ** 40), ValueError,
     "padding (1099511627776, 1099511627776) makes X of shape (3, 3) into (2199023255555, "
     "2199023255555): 4835703278471710838358025 numbers, more than the 2147483646 one array can hold"),
    (lambda: ref.corr2d_vectorized(X3, K2, padding=10 ** 6), ValueError,
     "padding (1000000, 1000000) makes X of shape (3, 3) into (2000003, 2000003): "
     "4000012000009 numbers, more than the 2147483646 one array can hold"),
    (lambda: ref.corr2d_multi_in(X3[None], K2[None], padding=10 ** 5), ValueError,
     "padding (100000, 100000) makes X of shape (3, 3) into (200003, 200003): "
     "40001200009 numbers, more than the 2147483646 one array can hold"),
    (lambda: ref.pool2d(X3, 10 ** 6, padding=5 * 10 ** 5), ValueError,
     "padding (500000, 500000) makes X of shape (3, 3) into (1000003, 1000003): "
     "1000006000009 numbers, more than the 2147483646 one array can hold"),
    (lambda: ref.corr2d(np.ma.masked_array(X3, mask=X3 == 4), K2), ValueError,
     "X is a masked array with a masked cell at position (1, 1); fill the masked cells first, "
     "e.g. np.ma.filled(X, 0)"),
    (lambda: ref.pool2d(np.ma.masked_array(X3, mask=X3 == 8), 2), ValueError,
     "X is a masked array with a masked cell at position (2, 2); fill the masked cells first, "
     "e.g. np.ma.filled(X, 0)"),
    (lambda: ref.corr2d_multi_in_out_1x1(X3[None], np.ma.masked_array(np.ones((1, 1, 1, 1)),
                                                                        mask=True)),
     ValueError, "K is a masked array with a masked cell at position (0, 0, 0, 0); fill the "
     "masked cells first, e.g. np.ma.filled(K, 0)"),
    (lambda: ref.conv_output_shape((-5, -5), 1, padding=5), ValueError,
     "input_shape must hold positive ints, got (-5, -5)"),
    (lambda: ref.conv_output_shape((0, 4), 1), ValueError,
     "input_shape must hold positive ints, got (0, 4)"),
    (lambda: ref.conv_output_shape((8.5, 8.5), 3), TypeError,
     "input_shape must hold ints, got (8.5, 8.5)"),
    (lambda: ref.conv_output_shape((None, 4), 1), TypeError, "input_shape must hold ints, got (None, 4)"),
    (lambda: ref.conv_output_shape((True, 4), 1), TypeError, "input_shape must hold ints, got (True, 4)"),
    (lambda: ref.conv_output_shape(None, 3), TypeError,
     "input_shape must be a shape such as (8, 8), got None"),
    (lambda: ref.conv_output_shape(8, 3), TypeError,
     "input_shape must be a shape such as (8, 8), got 8"),
    (lambda: ref.conv_output_shape((3,), 2), ValueError,
     "input_shape must have at least 2 entries, got (3,)"),
    (lambda: ref.conv_output_shape((3, 3), 4), ValueError,
     "kernel kernel_size of shape (4, 4) is larger than input input_shape of shape (3, 3)"),
    (lambda: ref.conv_output_shape((4, 4), 3, dilation=2), ValueError,
     "kernel kernel_size of shape (3, 3) (dilated to (5, 5)) is larger than input input_shape "
     "of shape (4, 4)"),
    (lambda: ref.conv_output_shape((3, 3), 2, stride=0), ValueError, "stride must be at least 1, got 0"),
    (lambda: ref.conv_output_shape((3, 3), None), TypeError,
     "kernel_size must be an int or a pair of ints, got None"),
], ids=lambda value: None)
def test_bad_inputs_get_a_clear_error(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_integers_are_exact(data):
    """Integer inputs give exactly the integer result (computed here in Python ints)."""
    X, K = data.draw(corr2d_problem())
    scale = data.draw(st.sampled_from([1, 2 ** 10, 2 ** 20]))
    X, K = (X * scale).astype(np.int64), K.astype(np.int32)
    h, w = K.shape
    exact = [[sum(int(X[i + a, j + b]) * int(K[a, b]) for a in range(h) for b in range(w))
              for j in range(X.shape[1] - w + 1)] for i in range(X.shape[0] - h + 1)]
    Y = ref.corr2d(X, K)
    assert Y.dtype == np.float64 and Y.astype(np.int64).tolist() == exact
    means = ref.pool2d(X, K.shape, "avg")
    np.testing.assert_array_equal(means, ref.pool2d(X.astype(float), K.shape, "avg"))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_the_first_nan_or_infinity_is_named(data):
    X, K = data.draw(corr2d_problem())
    bad = data.draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    positions = data.draw(st.lists(st.tuples(st.integers(0, X.shape[0] - 1),
                                             st.integers(0, X.shape[1] - 1)), min_size=1))
    for position in positions:
        X[position] = bad
    kind = "NaN" if np.isnan(bad) else "infinity" if bad > 0 else "-infinity"
    with pytest.raises(ValueError) as info:
        ref.corr2d(X, K)
    assert str(info.value) == f"X has {kind} at position {min(positions)}"


@settings(max_examples=200, deadline=None)
@given(junk_array, junk_array, junk_size, junk_size, junk_size,
       st.sampled_from(["corr2d", "corr2d_vectorized", "corr2d_multi_in", "pool2d", "shape"]))
def test_any_input_gets_a_finite_result_or_our_error(X, K, p, s, d, function):
    """Never a raw NumPy error, a NaN or a hang, whatever the arguments are."""
    try:
        if function == "pool2d":
            Y = ref.pool2d(X, p, "avg" if d else "max", s)
        elif function == "shape":
            Y = np.array(ref.conv_output_shape(X, p, s, d))
        else:
            Y = getattr(ref, function)(X, K, p, s, d)
    except (TypeError, ValueError) as err:
        assert str(err).startswith(OUR_MESSAGES), err
    else:
        assert np.all(np.isfinite(Y))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_corr2d_adds_each_window_in_row_major_order(data):
    """Bit for bit the loop over output cells and the terms of window_indices."""
    X, K = data.draw(corr2d_problem())
    X, K = X * data.draw(st.floats(0.1, 1e3)), K / 7  # products and sums that round
    p, s, d = data.draw(geometry(X.shape, K.shape))
    Xp = np.pad(X, [(p[0],) * 2, (p[1],) * 2])
    Y = ref.corr2d(X, K, p, s, d)
    loop = np.zeros(Y.shape)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            for (r, c), k in zip(ref.window_indices(i, j, K.shape, p, s, d), K.ravel()):
                loop[i, j] += Xp[r + p[0], c + p[1]] * k
    np.testing.assert_array_equal(Y, loop)
