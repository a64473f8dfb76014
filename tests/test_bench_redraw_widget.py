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


def test_the_field_widget_is_six_five_s_ten_layers_over_224x224():
    from d2l_utils.widgets import FieldExplorer
    from tools.bench.redraw_widget import field_widget

    w = field_widget()
    assert (len(w.layers), w.size, w.dims) == (10, 224, 2)
    assert w.state() == FieldExplorer(preset="vgg").state()


def test_kernels_after_switches_layer_n_mod_l_at_step_n():
    from tools.bench.browser import FIELD_STEPS, WARMUP_STEPS
    from tools.bench.redraw_widget import field_widget, kernel_toggles, kernels_after

    layers = field_widget().layers
    assert kernel_toggles(layers)[0] == [3, 4] and kernel_toggles(layers)[2] == [2, 3]
    assert kernels_after(0, layers) == [layer["kernel"] for layer in layers]
    assert kernels_after(3, layers)[:4] == [4, 4, 3, 3]
    # the bench's steps leave every kernel changed, so steps that change nothing are caught
    assert kernels_after(FIELD_STEPS + WARMUP_STEPS, layers) == [k + 1 for k, _ in kernel_toggles(layers)]
