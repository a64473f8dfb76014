"""tools/bench/redraw_widget.py: the SlidingWindow whose redraw `make bench` times is 32x32
with a 5x5 kernel (28x28 outputs), and larger than any a chapter shows."""
from d2l_utils.widgets import PRESETS, SlidingWindow
from tools.bench.redraw_widget import KERNEL, SIDE, redraw_widget


def test_the_redraw_widget_is_32x32_with_a_5x5_kernel():
    w = redraw_widget()
    assert (SIDE, KERNEL) == (32, 5)
    assert w.X.shape == (32, 32) and w.K.shape == (5, 5)
    assert w.output.shape == (28, 28)
    assert w.title == "32x32 input, 5x5 kernel"


def test_it_has_more_outputs_than_every_preset():
    most = max(SlidingWindow.preset(name).output.shape[-2] * SlidingWindow.preset(name).output.shape[-1]
               for name in PRESETS)
    assert most < 28 * 28
