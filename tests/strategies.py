"""Hypothesis strategies shared by the tests: small random convolution problems."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

# Small integers keep float32 sums exact, so frameworks must agree to the last bit.
values = st.integers(-9, 9).map(float)


@st.composite
def corr2d_problem(draw, channels_in=None, channels_out=None, max_side=7):
    """(X, K) with K no larger than X; optional leading channel axes."""
    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    k_h, k_w = draw(st.integers(1, h)), draw(st.integers(1, w))
    lead_x = () if channels_in is None else (channels_in,)
    lead_k = lead_x if channels_out is None else (channels_out,) + lead_x
    X = draw(arrays(np.float64, lead_x + (h, w), elements=values))
    K = draw(arrays(np.float64, lead_k + (k_h, k_w), elements=values))
    return X, K


@st.composite
def geometry(draw, X_shape, k_shape):
    """padding, stride, dilation (pairs) for which the kernel fits the padded input."""
    h, w = X_shape[-2:]
    k_h, k_w = k_shape[-2:]
    d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    p = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    fits = all((k - 1) * di + 1 <= n + 2 * pi for n, k, pi, di in zip((h, w), (k_h, k_w), p, d))
    if not fits:
        d = (1, 1)
        p = (max(p[0], (k_h - h + 1) // 2), max(p[1], (k_w - w + 1) // 2))
    return p, s, d


@st.composite
def pool_problem(draw, max_side=7):
    """(X, pool_size, padding, stride) with padding at most half the window."""
    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    p_h, p_w = draw(st.integers(1, h)), draw(st.integers(1, w))
    pad = (draw(st.integers(0, p_h // 2)), draw(st.integers(0, p_w // 2)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    X = draw(arrays(np.float64, (h, w), elements=values))
    return X, (p_h, p_w), pad, stride


# What a learner might pass by mistake: None, bools, huge ints, NaN, strings, complex
# numbers, ragged or too deep lists, and small valid arrays among them.
junk_scalar = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), st.floats(),
                        st.text(max_size=2), st.complex_numbers(max_magnitude=3))
junk_array = st.one_of(
    junk_scalar,
    st.recursive(junk_scalar, lambda inner: st.lists(inner, max_size=3), max_leaves=12),
    arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(1, 3)), elements=st.integers(-5, 5)))
junk_size = st.one_of(junk_scalar, st.tuples(junk_scalar, junk_scalar), st.integers(-2, 4),
                      st.tuples(st.integers(-1, 4), st.integers(-1, 4)),
                      st.lists(st.integers(0, 3), max_size=3))

#: How our messages start: the argument (or the output) they are about.
OUR_MESSAGES = ("X ", "K ", "padding ", "stride ", "dilation ", "pool_size ", "kernel ", "window ",
                "input_shape ", "kernel_size ", "output ", "integer ", "mode ", "bias ", "title ",
                "x ", "k ")
