import numpy as np
import pytest

from d2l_utils import checks


@pytest.mark.parametrize("value, expected", [(3, (3, 3)), ((2, 5), (2, 5)), ([0, 1], (0, 1))])
def test_as_pair_accepts_ints_and_pairs(value, expected):
    assert checks.as_pair(value, "padding") == expected


@pytest.mark.parametrize("value", [1.5, "2", (1, 2, 3), (1.0, 2), True, None])
def test_as_pair_rejects_non_ints_naming_the_argument(value):
    with pytest.raises(TypeError, match="stride must be an int or a pair of ints"):
        checks.as_pair(value, "stride", minimum=1)


def test_as_pair_enforces_the_minimum():
    with pytest.raises(ValueError, match=r"stride must be at least 1, got \(1, 0\)"):
        checks.as_pair((1, 0), "stride", minimum=1)
    with pytest.raises(ValueError, match="padding must be non-negative, got -1"):
        checks.as_pair(-1, "padding")


def test_expect_ndim_names_argument_layout_and_shape():
    assert checks.expect_ndim((3, 4), 2, "X", "(h, w)") == (3, 4)
    with pytest.raises(ValueError, match=r"X must be 2-D with shape \(h, w\), got shape \(1, 3, 3\)"):
        checks.expect_ndim((1, 3, 3), 2, "X", "(h, w)")
    with pytest.raises(ValueError, match=r"K must not be empty, got shape \(0, 2\)"):
        checks.expect_ndim((0, 2), 2, "K", "(k_h, k_w)")


def test_window_fits_message_matches_the_style_guide():
    with pytest.raises(ValueError) as err:
        checks.window_fits((3, 3), (4, 4))
    assert str(err.value) == "kernel K of shape (4, 4) is larger than input X of shape (3, 3)"


def test_window_fits_counts_padding_and_dilation():
    assert checks.window_fits((3, 3), (4, 4), padding=(1, 1)) == (4, 4)
    assert checks.window_fits((5, 5), (3, 3), dilation=(2, 2)) == (5, 5)
    with pytest.raises(ValueError) as err:
        checks.window_fits((4, 4), (3, 3), dilation=(2, 2))
    assert str(err.value) == ("kernel K of shape (3, 3) (dilated to (5, 5)) is larger than "
                              "input X of shape (4, 4)")
    with pytest.raises(ValueError, match=r"padded by \(1, 0\) to \(4, 2\)"):
        checks.window_fits((2, 2), (3, 3), padding=(1, 0))


def test_same_channels():
    assert checks.same_channels((2, 3, 3), (5, 2, 2, 2)) == 2
    with pytest.raises(ValueError, match=r"X has 2 input channels \(shape \(2, 3, 3\)\) but K has 3"):
        checks.same_channels((2, 3, 3), (3, 2, 2))


def test_pool_mode_and_padding():
    assert checks.pool_mode("avg") == "avg"
    with pytest.raises(ValueError, match="mode must be 'max' or 'avg', got 'min'"):
        checks.pool_mode("min")
    with pytest.raises(ValueError, match=r"padding \(2, 0\) must be at most half of pool_size"):
        checks.pool_padding((2, 0), (3, 3))


def test_pool2d_args_returns_geometry():
    assert checks.pool2d_args((4, 4), 3, "max", 1, 2) == ((3, 3), (1, 1), (2, 2), (2, 2))
    with pytest.raises(ValueError, match=r"window pool_size of shape \(5, 5\) is larger than input X"):
        checks.pool2d_args((4, 4), 5, "max", 0, 1)


@pytest.mark.parametrize("n, k, p, s, d, expected", [
    (8, 3, 1, 1, 1, 8), (8, 3, 1, 2, 1, 4), (8, 5, 1, 4, 1, 2), (8, 3, 0, 3, 1, 2), (7, 3, 0, 1, 3, 1),
])
def test_output_shape_formula(n, k, p, s, d, expected):
    assert checks.output_shape((n, n), (k, k), (p, p), (s, s), (d, d)) == (expected, expected)


TOO_LARGE = " is too large to draw here (at most 64 rows and columns and 8 channels)"
FRAMEWORK = "float16 X and K can give sums up to 2.4e+05 (largest |X| times the largest sum of |K|)"


@pytest.mark.parametrize("call, error, message", [
    (lambda: checks.as_pair(1.5, "stride", 1), TypeError, "stride must be an int or a pair of ints, got 1.5"),
    (lambda: checks.as_pair(None, "stride", 1), TypeError,
     "stride must be an int or a pair of ints, got None"),
    (lambda: checks.as_pair((1, 2, 3), "stride", 1), TypeError,
     "stride must be an int or a pair of ints, got (1, 2, 3)"),
    (lambda: checks.as_pair(True, "stride", 1), TypeError,
     "stride must be an int or a pair of ints, got True"),
    (lambda: checks.as_pair((1.0, 2), "stride", 1), TypeError,
     "stride must be an int or a pair of ints, got (1.0, 2)"),
    (lambda: checks.as_pair("2", "stride", 1), TypeError, "stride must be an int or a pair of ints, got '2'"),
    (lambda: checks.as_pair((1, 0), "stride", 1), ValueError, "stride must be at least 1, got (1, 0)"),
    (lambda: checks.as_pair(-1, "padding"), ValueError, "padding must be non-negative, got -1"),
    (lambda: checks.expect_ndim((1, 3, 3), 2, "X", "(h, w)"), ValueError,
     "X must be 2-D with shape (h, w), got shape (1, 3, 3)"),
    (lambda: checks.expect_ndim((0, 2), 2, "K", "(k_h, k_w)"), ValueError,
     "K must not be empty, got shape (0, 2)"),
    (lambda: checks.window_fits((2, 2), (3, 3), padding=(1, 0)), ValueError,
     "kernel K of shape (3, 3) is larger than input X of shape (2, 2) padded by (1, 0) to (4, 2)"),
    (lambda: checks.same_channels((2, 3, 3), (3, 2, 2)), ValueError,
     "X has 2 input channels (shape (2, 3, 3)) but K has 3 (shape (3, 2, 2))"),
    (lambda: checks.multi_in((2, 3, 3), (1, 2, 2, 2), "(c_o, c_i, 1, 1)"), ValueError,
     "K must have a 1x1 window, got shape (1, 2, 2, 2)"),
    (lambda: checks.pool_mode("min"), ValueError, "mode must be 'max' or 'avg', got 'min'"),
    (lambda: checks.pool_padding((2, 0), (3, 3)), ValueError,
     "padding (2, 0) must be at most half of pool_size (3, 3) on each axis"),
    (lambda: checks.pool2d_args((4, 4), 5, "max", 0, 1), ValueError,
     "window pool_size of shape (5, 5) is larger than input X of shape (4, 4)"),
    (lambda: checks.input_shape((2.5, 3)), TypeError, "input_shape must hold ints, got (2.5, 3)"),
    (lambda: checks.input_shape((3, -1)), ValueError, "input_shape must hold positive ints, got (3, -1)"),
    (lambda: checks.as_array(None, "X"), TypeError, "X must be an array of real numbers, got None"),
    (lambda: checks.as_array(b"ab", "X"), TypeError, "X must be an array of real numbers, got b'ab'"),
    (lambda: checks.as_array([[1, None]], "X"), TypeError,
     "X must be an array of real numbers, got dtype object"),
    (lambda: checks.as_array([1j], "X"), TypeError,
     "X must be an array of real numbers, got dtype complex128"),
    (lambda: checks.as_array([[1], [1, 2]], "X"), ValueError,
     "X must be a rectangular array of numbers (nested lists of equal lengths)"),
    (lambda: checks.finite(np.array([[0.0, 1.0], [np.inf, np.nan]]), "K"), ValueError,
     "K has infinity at position (1, 0)"),
    (lambda: checks.finite_output(np.array([[0.0, -np.inf]], dtype=np.float32)),
     checks.NonFiniteOutput, "output has -infinity at position (0, 1): the sums overflow float32"),
    (lambda: checks.sums_fit(np.array([[2 ** 30]]), np.array([[2 ** 23, 1]])), ValueError,
     "integer X and K can give sums up to 9007200328482816 (largest |X| times the largest sum "
     "of |K|), past 2**53 where float64 stops being exact; give floats to accept rounding"),
    (lambda: checks.sums_fit(np.array([[2 ** 16]], np.int32), np.array([[2 ** 15, 1]], np.int32),
                             dtype=np.int32), ValueError,
     "int32 X and K can give sums up to 2147549184 (largest |X| times the largest sum of |K|), "
     "past the int32 limit 2147483647; cast them to float64 first"),
    (lambda: checks.sums_fit(np.array([[200]], np.uint8), window=(1, 2), dtype=np.uint8), ValueError,
     "uint8 X can give sums up to 400 (largest |X| times the 1x2 window), past the uint8 limit "
     "255; cast them to float64 first"),
    (lambda: checks.sums_fit(np.array([[300.0]], np.float16),
                             np.full((2, 2, 2, 2), 100.0, np.float16), dtype=np.float16), ValueError,
     FRAMEWORK + ", past the float16 limit 6.55e+04; cast them to float64 first"),
    (lambda: checks.sums_fit(np.array([[1e308]]), np.array([[2.0]]), dtype=np.float64), ValueError,
     "float64 X and K can give sums up to infinity (largest |X| times the largest sum of |K|), "
     "past the float64 limit 1.798e+308; use smaller numbers"),
    (lambda: checks.framework_inputs({"X": np.array([[True]])}, "tf.cast({name}, tf.float32)"),
     TypeError, "X has dtype bool; cast it to numbers first: tf.cast(X, tf.float32)"),
    (lambda: checks.framework_inputs({"X": np.array([[1]], np.int32)}, "{name}.astype('float32')",
                                     pooling=True), TypeError,
     "X has dtype int32; pool2d pads with -inf and averages, which needs floats: "
     "X.astype('float32')"),
    (lambda: checks.framework_inputs({"X": np.ones((2, 2)), "K": np.array([[np.nan]])}, ""),
     ValueError, "K has NaN at position (0, 0)"),
    (lambda: checks.layer_output((1, 3), "dense", "(batch, channels, h, w)"), ValueError,
     "dense gave an output of shape (1, 3); comp_conv2d needs layers that keep the image layout "
     "(batch, channels, h, w), such as Conv2D"),
    (lambda: checks.layers_fit((3, 3), [("pad", "pad", (0, 2), None, None, None),
                                        ("conv", "kernel", (4, 4), (0, 0), (1, 1), (1, 1))]),
     ValueError, "kernel kernel_size of shape (4, 4) is larger than input X after pad of shape (3, 5)"),
    (lambda: checks.layers_fit((8, 8), [("conv0", "kernel", (3, 3), (0, 0), (2, 2), (1, 1)),
                                        ("pool0", "window", (4, 4), (0, 0), (1, 1), (1, 1))]),
     ValueError, "window pool_size of shape (4, 4) is larger than input X after conv0 of shape (3, 3)"),
    (lambda: checks.drawable((9, 2, 2, 2), "K", 2), ValueError, "K of shape (9, 2, 2, 2)" + TOO_LARGE),
    (lambda: checks.drawable((65, 1), "X", 0), ValueError, "X of shape (65, 1)" + TOO_LARGE),
    (lambda: checks.drawable_padding((64, 1), (1, 0)), ValueError,
     "X of shape (64, 1) padded by (1, 0) to (66, 1)" + TOO_LARGE),
    (lambda: checks.window_settings(0, 0, 1, 0, ""), ValueError, "stride must be at least 1, got 0"),
    (lambda: checks.window_settings(0, 1, 1, True, ""), TypeError, "bias must be a real number, got True"),
    (lambda: checks.window_settings(0, 1, 1, float("inf"), ""), ValueError, "bias must be finite, got inf"),
    (lambda: checks.window_settings(0, 1, 1, 0, None), TypeError, "title must be a str, got None"),
    # a set or a dict has no order: {1, 2} is not (rows, cols)
    (lambda: checks.as_pair({1, 2}, "padding"), TypeError,
     "padding must be an int or a pair of ints, got {1, 2}"),
    (lambda: checks.as_pair({1: 1, 2: 2}, "padding"), TypeError,
     "padding must be an int or a pair of ints, got {1: 1, 2: 2}"),
    (lambda: checks.pool_mode(np.array(["max", "avg"])), ValueError,
     "mode must be 'max' or 'avg', got array(['max', 'avg'], dtype='<U3')"),
    (lambda: checks.cell(-1, 0), ValueError, "i must be a non-negative int (an output row), got -1"),
    (lambda: checks.cell(0, 0.5), TypeError, "j must be an int (an output column), got 0.5"),
    (lambda: checks.cell(True, 0), TypeError, "i must be an int (an output row), got True"),
    (lambda: checks.cell((0, 0), 0), TypeError, "i must be an int (an output row), got (0, 0)"),
    (lambda: checks.cell(float("nan"), 0), TypeError, "i must be an int (an output row), got nan"),
    (lambda: checks.cell(1, 2, (2, 2)), ValueError,
     "cell (i, j) = (1, 2) is outside the output of shape (2, 2)"),
    (lambda: checks.padded_fits((3, 3), (10 ** 6, 10 ** 6)), ValueError,
     "padding (1000000, 1000000) makes X of shape (3, 3) into (2000003, 2000003): "
     "4000012000009 numbers, more than the 2147483646 one array can hold"),
    (lambda: checks.padded_fits((2, 3, 3), (0, 2 ** 40)), ValueError,
     "padding (0, 1099511627776) makes X of shape (2, 3, 3) into (3, 2199023255555): "
     "13194139533330 numbers, more than the 2147483646 one array can hold"),
    (lambda: checks.as_array(np.ma.masked_array([[1.0, 2.0]], mask=[[0, 1]]), "X"), ValueError,
     "X is a masked array with a masked cell at position (0, 1); fill the masked cells first, "
     "e.g. np.ma.filled(X, 0)"),
    (lambda: checks.as_array([[1.0], [np.ma.masked]], "K"), ValueError,
     "K is a masked array with a masked cell at position (1, 0); fill the masked cells first, "
     "e.g. np.ma.filled(K, 0)"),
    (lambda: checks.as_array([np.ma.masked_array([0.0, 1.0], mask=[1, 0])], "X"), ValueError,
     "X is a masked array with a masked cell at position (0, 0); fill the masked cells first, "
     "e.g. np.ma.filled(X, 0)"),
    (lambda: checks.pad_value(None), TypeError, "value must be a real number, got None"),
    (lambda: checks.pad_value(True), TypeError, "value must be a real number, got True"),
    (lambda: checks.pad_value(float("nan")), ValueError, "value must not be NaN, got nan"),
    (lambda: checks.pad_value(0.5, np.int32, "{name}.astype('float32')"), ValueError,
     "value 0.5 is not a number of X's dtype int32; cast X first: X.astype('float32')"),
    (lambda: checks.pad_value(-np.inf, np.int64, ""), ValueError,
     "value -inf is not a number of X's dtype int64; cast X first: "),
    (lambda: checks.pad_value(300, np.uint8, ""), ValueError,
     "value 300 is not a number of X's dtype uint8; cast X first: "),
    (lambda: checks.pad_value(1e10, np.float16, ""), ValueError,
     "value 10000000000.0 is not a number of X's dtype float16; cast X first: "),
    (lambda: checks.same_dtypes("int32", "float32", "tf.cast"), TypeError,
     "X has dtype int32 but K has float32; cast one of them (tf.cast) so they agree"),
    (lambda: checks.framework_inputs({"X": np.array([[1j]])}, ""), TypeError,
     "X must be an array of real numbers, got dtype complex128"),
], ids=lambda value: None)
def test_bad_inputs_get_a_clear_error(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error and str(info.value) == message


@pytest.mark.parametrize("call", [
    lambda: checks.sums_fit(np.array([[2 ** 26]]), np.array([[2 ** 26, 1]])),  # within 2**53
    lambda: checks.sums_fit(np.array([[1.0e300]]), np.array([[1.0e300]])),  # floats: not checked
    lambda: checks.sums_fit(np.array([[-1]], np.int32), np.array([[2 ** 31 - 1]], np.int32),
                            dtype=np.int32),  # exactly the int32 limit
    lambda: checks.drawable((8, 64, 64), "X", 1),
    lambda: checks.drawable_padding((62, 62), (1, 1)),
    lambda: checks.layers_fit((3, 3), [("a", "same", (9, 9), (0, 0), (2, 2), (1, 1)), None,
                                       ("b", "kernel", (9, 9), (0, 0), (1, 1), (1, 1))]),
    lambda: checks.padded_fits((2, 1), (0, (checks.MAX_CELLS // 2 - 1) // 2)),
    lambda: checks.pad_value(-np.inf, np.float16),
    lambda: checks.pad_value(255, np.uint8),
    lambda: checks.cell(1, 1, (2, 2)),
], ids=["int within", "floats", "int32 edge", "drawable", "padding", "unknown layer",
        "padded to the limit", "-inf", "uint8 edge", "last cell"])
def test_inputs_at_the_limits_pass(call):
    call()


def test_padded_limit_is_exact():
    assert checks.padded_fits((1, 2), (0, (checks.MAX_CELLS - 2) // 2)) == (1, checks.MAX_CELLS)
    with pytest.raises(ValueError, match="2147483647 numbers"):
        checks.padded_fits((1, 3), (0, (checks.MAX_CELLS - 2) // 2))


def test_masked_array_without_masked_cells_is_its_data():
    array = checks.as_array(np.ma.masked_array([[1, 2]], mask=False), "X")
    assert type(array) is np.ndarray and array.tolist() == [[1, 2]]


def test_window_indices_cell_is_made_of_python_ints():
    """An np.int64 cell becomes a Python int, so i * stride cannot wrap around."""
    assert checks.cell(np.int64(2 ** 62), np.uint8(1)) == (2 ** 62, 1)
    assert type(checks.cell(np.int64(3), 0)[0]) is int


def test_bfloat16_counts_as_floats():
    ml_dtypes = pytest.importorskip("ml_dtypes")
    values = np.array([[1.0, np.inf]], dtype=ml_dtypes.bfloat16)
    assert checks.floating(values.dtype) and not checks.floating(np.int8)
    with pytest.raises(ValueError, match=r"X has infinity at position \(0, 1\)"):
        checks.finite(values, "X")
