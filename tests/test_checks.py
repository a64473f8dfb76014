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
