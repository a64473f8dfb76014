"""Tests of d2l_utils.widgets.sliding_window: SlidingWindow (its JavaScript: tests/js/)."""
import importlib.util
import json
import os
import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
import traitlets

import d2l_utils
from d2l_utils import reference
from d2l_utils.widgets import PRESETS, SlidingWindow, constants, sliding_window
from d2l_utils.widgets.settings import InvalidSetting
from d2l_utils.widgets.window_widget import WindowWidget
from d2l_utils.widgets.sliding_window import preset_arguments
import make_vectors  # tests/make_vectors.py, beside this file
from strategies import OUR_MESSAGES, junk_array, junk_size

VECTORS = json.loads(make_vectors.PATH.read_text())
STATE_TRAITS = ("mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride",
                "dilation", "bias", "title")


def traits(widget):
    return {name: getattr(widget, name) for name in STATE_TRAITS}


# (a) the vectors the JavaScript is tested with are what make_vectors writes now
def test_vectors_are_up_to_date():
    fresh = json.loads(make_vectors.dumps(make_vectors.build()))
    assert VECTORS == fresh, "tests/vectors/sliding_window.json is stale: run tests/make_vectors.py"


def test_vectors_cover_presets_modes_and_geometry():
    cases = VECTORS["cases"]
    assert [c["preset"] for c in cases if "preset" in c] == list(PRESETS)
    assert {c["state"]["mode"] for c in cases} == {"corr", "max", "avg"}
    assert {c["state"]["k_ndim"] for c in cases if c["state"]["mode"] == "corr"} == {2, 3, 4}
    for key in ("padding", "stride", "dilation"):
        assert any(max(c["state"][key]) > (0 if key == "padding" else 1) for c in cases)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_widget_state_and_output_match_vectors(case):
    """The widget holds the state the vectors were made from, and its output is theirs."""
    arguments = (preset_arguments(case["preset"]) if "preset" in case
                 else make_vectors_arguments(case))
    widget = SlidingWindow(**arguments)
    assert traits(widget) == case["state"]
    Y = widget.output
    assert Y.shape == tuple(case["output_shape"][Y.ndim == 2:])
    np.testing.assert_allclose(np.reshape(Y, case["output_shape"]), case["output"], rtol=1e-12)


def make_vectors_arguments(case):
    """Rebuild a random case's arguments from its state (shapes as given)."""
    state = case["state"]
    X = np.array(state["x"])
    arguments = dict(X=X[0] if state["x_ndim"] == 2 else X, mode=state["mode"],
                     padding=tuple(state["padding"]), stride=tuple(state["stride"]))
    if state["mode"] == "corr":
        K = np.array(state["k"])
        arguments.update(K=K.reshape(case["arguments_shape"]["K"]), bias=state["bias"],
                         dilation=tuple(state["dilation"]))
    else:
        arguments["pool_size"] = tuple(state["pool_size"])
    assert list(arguments["X"].shape) == case["arguments_shape"]["X"]
    return arguments


# (b) presets give the reference's numbers for the seeds' inputs
SEED_INPUT = np.arange(9.0).reshape(3, 3)
SEED_KERNEL = np.array([[0.0, 1.0], [2.0, 3.0]])


def test_preset_corr2d():
    w = SlidingWindow.preset("corr2d")
    np.testing.assert_array_equal(w.X, SEED_INPUT)
    np.testing.assert_array_equal(w.K, SEED_KERNEL)
    np.testing.assert_array_equal(w.output, reference.corr2d(SEED_INPUT, SEED_KERNEL))


def test_preset_edge_and_its_transpose():
    w = SlidingWindow.preset("edge")
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    np.testing.assert_array_equal(w.X, X)
    np.testing.assert_array_equal(w.output, reference.corr2d(X, [[1, -1]]))
    assert SlidingWindow(w.X.T, w.K).output.shape == (8, 5)
    assert not SlidingWindow(w.X.T, w.K).output.any()


@pytest.mark.parametrize("name, shape", [("padding", (8, 8)), ("stride", (2, 2))])
def test_presets_padding_and_stride_shapes(name, shape):
    w = SlidingWindow.preset(name)
    assert w.output.shape == shape
    assert w.output.shape == reference.conv_output_shape(
        w.X.shape, w.K.shape, tuple(w.padding), tuple(w.stride))


def test_presets_multi_in_and_out():
    X = np.stack([SEED_INPUT, SEED_INPUT + 1])
    K = np.stack([SEED_KERNEL, SEED_KERNEL + 1])
    w = SlidingWindow.preset("multi_in")
    np.testing.assert_array_equal(w.output, reference.corr2d_multi_in(X, K))
    K3 = np.stack([K, K + 1, K + 2])
    w = SlidingWindow.preset("multi_in_out")
    assert w.K.shape == (3, 2, 2, 2)
    np.testing.assert_array_equal(w.output, reference.corr2d_multi_in_out(X, K3))


def test_preset_conv1x1_is_a_matrix_product():
    w = SlidingWindow.preset("conv1x1")
    assert w.X.shape[0] == 3 and w.K.shape == (2, 3, 1, 1)
    np.testing.assert_allclose(w.output, reference.corr2d_multi_in_out_1x1(w.X, w.K), atol=1e-12)


@pytest.mark.parametrize("name, mode", [("max_pool", "max"), ("avg_pool", "avg")])
def test_presets_pooling(name, mode):
    w = SlidingWindow.preset(name)
    np.testing.assert_array_equal(w.output, reference.pool2d(SEED_INPUT, (2, 2), mode))


def test_preset_pool_pad_stride():
    w = SlidingWindow.preset("pool_pad_stride")
    X = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(w.output, reference.pool2d(X, 3, "max", padding=1, stride=2))


def test_every_preset_is_sent_to_the_front_end():
    w = SlidingWindow.preset("stride")
    assert list(w._presets) == list(PRESETS)
    assert w.preset_name == "stride"
    for name in PRESETS:
        assert w._presets[name] == traits(SlidingWindow.preset(name))


def test_unknown_preset():
    with pytest.raises(ValueError, match="unknown preset 'conv'"):
        SlidingWindow.preset("conv")


# (c) construction from NumPy, lists and the frameworks' arrays
def test_from_lists_equals_from_numpy():
    a = SlidingWindow(SEED_INPUT.tolist(), SEED_KERNEL.astype(int).tolist())
    b = SlidingWindow(SEED_INPUT, SEED_KERNEL)
    assert traits(a) == traits(b)
    assert a.X.dtype == np.float64


def test_pair_arguments_accept_ints_tuples_and_lists():
    a = SlidingWindow(np.ones((5, 5)), np.ones((3, 3)), padding=1, stride=[2, 2], dilation=(1, 1))
    assert (a.padding, a.stride, a.dilation) == ([1, 1], [2, 2], [1, 1])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # MXNet's own LooseVersion use
def test_from_mxnet_arrays():
    if importlib.util.find_spec("mxnet") is None:
        pytest.skip("mxnet is not installed")
    from d2l_utils import compat
    compat.prepare_mxnet()
    import mxnet
    X, K = mxnet.np.array(SEED_INPUT), mxnet.nd.array(SEED_KERNEL)
    w = SlidingWindow(X, K)
    assert traits(w) == traits(SlidingWindow(SEED_INPUT, SEED_KERNEL))


def test_from_tensorflow_tensors_and_variables():
    if importlib.util.find_spec("tensorflow") is None:
        pytest.skip("tensorflow is not installed")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    w = SlidingWindow(tf.constant(SEED_INPUT, dtype=tf.float32), tf.Variable(SEED_KERNEL))
    assert traits(w) == traits(SlidingWindow(SEED_INPUT, SEED_KERNEL))


def test_output_follows_edits_made_in_the_front_end():
    w = SlidingWindow.preset("corr2d")
    w.x = [[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]
    w.stride = [2, 2]
    np.testing.assert_array_equal(w.output, reference.corr2d(np.ones((3, 3)), SEED_KERNEL, stride=2))


# (d) bad arguments raise errors that name the argument and the shapes
@pytest.mark.parametrize("case", VECTORS["invalid"], ids=lambda c: c["name"])
def test_invalid_arguments_raise_the_reference_error(case):
    state = case["state"]
    X = np.array(state["x"]) if state["x"] != [[[], [], []]] else np.zeros((1, 3, 0))
    X = X.reshape(case["arguments_shape"]["X"])
    if state["mode"] == "corr":
        arguments = dict(K=np.array(state["k"]).reshape(case["arguments_shape"]["K"]),
                         dilation=tuple(state["dilation"]))
    else:
        arguments = dict(mode=state["mode"], pool_size=tuple(state["pool_size"]))
    exception = {"ValueError": ValueError, "TypeError": TypeError}[case["exception"]]
    with pytest.raises(exception) as info:
        SlidingWindow(X, padding=tuple(state["padding"]), stride=tuple(state["stride"]), **arguments)
    assert str(info.value) == case["error"]


ONES3, ONES2 = np.ones((3, 3)), np.ones((2, 2))
TOO_LARGE = " is too large to draw here (at most 64 rows and columns and 8 channels)"


@pytest.mark.parametrize("arguments, exception, message", [
    (dict(X=ONES3, K=np.ones((4, 4))), ValueError,
     "kernel K of shape (4, 4) is larger than input X of shape (3, 3)"),
    (dict(X=ONES3, K=np.ones(2)), ValueError,
     "K must be 2-D with shape (k_h, k_w) or 3-D with shape (c_i, k_h, k_w) or 4-D with shape "
     "(c_o, c_i, k_h, k_w), got shape (2,)"),
    (dict(X=np.ones((2, 2, 3, 3)), K=ONES2), ValueError,
     "X must be 2-D with shape (h, w) or 3-D with shape (c_i, h, w), got shape (2, 2, 3, 3)"),
    (dict(X=np.ones((2, 3, 3)), K=ONES2), ValueError,
     "X of shape (2, 3, 3) has channels, so K must be 3-D with shape (c_i, k_h, k_w) or 4-D "
     "with shape (c_o, c_i, k_h, k_w), got shape (2, 2)"),
    (dict(X=ONES3, K=np.ones((2, 2, 2))), ValueError,
     "K of shape (2, 2, 2) has input channels, so X must be 3-D with shape (c_i, h, w), "
     "got shape (3, 3)"),
    (dict(X=ONES3), TypeError, "mode 'corr' needs a kernel K"),
    (dict(X=ONES3, K=None), TypeError, "mode 'corr' needs a kernel K"),
    (dict(X=ONES3, K=ONES2, pool_size=2), TypeError,
     "pool_size is only for mode 'max' or 'avg'; give a kernel K"),
    (dict(X=ONES3, mode="max"), TypeError,
     "mode 'max' needs pool_size (an int or a pair of ints)"),
    (dict(X=ONES3, K=ONES2, mode="avg", pool_size=2), TypeError,
     "mode 'avg' pools and takes no kernel K; give pool_size"),
    (dict(X=ONES3, mode="max", pool_size=2, dilation=2), ValueError,
     "dilation must be 1 for pooling, got (2, 2)"),
    (dict(X=ONES3, mode="max", pool_size=2, bias=1.0), ValueError,
     "bias must be 0 for pooling, got 1.0"),
    (dict(X=ONES3, mode="min", pool_size=2), ValueError,
     "mode must be 'corr', 'max' or 'avg', got 'min'"),
    (dict(X=None, K=ONES2), TypeError, "X must be an array of real numbers, got None"),
    (dict(X=ONES3, K="K"), TypeError, "K must be an array of real numbers, got 'K'"),
    (dict(X=[["a", "b"], ["c", "d"]], K=np.ones((1, 1))), TypeError,
     "X must be an array of real numbers, got dtype <U1"),
    (dict(X=ONES3, K=[[None, 1]]), TypeError, "K must be an array of real numbers, got dtype object"),
    (dict(X=ONES3, K=[[1 + 2j]]), TypeError,
     "K must be an array of real numbers, got dtype complex128"),
    (dict(X=[[1, 2], [3]], K=np.ones((1, 1))), ValueError,
     "X must be a rectangular array of numbers (nested lists of equal lengths)"),
    (dict(X=[[1, np.nan]], K=np.ones((1, 1))), ValueError, "X has NaN at position (0, 1)"),
    (dict(X=ONES3, K=[[1, -np.inf], [0, 0]]), ValueError, "K has -infinity at position (0, 1)"),
    (dict(X=np.ones((3, 0)), K=np.ones((1, 1))), ValueError, "X must not be empty, got shape (3, 0)"),
    (dict(X=ONES3, K=ONES2, padding=(1, 2, 3)), TypeError,
     "padding must be an int or a pair of ints, got (1, 2, 3)"),
    (dict(X=ONES3, K=ONES2, padding=True), TypeError,
     "padding must be an int or a pair of ints, got True"),
    (dict(X=ONES3, K=ONES2, padding=-1), ValueError, "padding must be non-negative, got -1"),
    (dict(X=ONES3, K=ONES2, stride=1.5), TypeError,
     "stride must be an int or a pair of ints, got 1.5"),
    (dict(X=ONES3, K=ONES2, dilation=(1, 0)), ValueError, "dilation must be at least 1, got (1, 0)"),
    (dict(X=ONES3, K=ONES2, bias="1"), TypeError, "bias must be a real number, got '1'"),
    (dict(X=ONES3, K=ONES2, bias=float("inf")), ValueError, "bias must be finite, got inf"),
    (dict(X=ONES3, K=ONES2, title=3), TypeError, "title must be a str, got 3"),
    (dict(X=np.ones((100, 100)), K=ONES2), ValueError, "X of shape (100, 100)" + TOO_LARGE),
    (dict(X=np.ones((9, 3, 3)), K=np.ones((9, 2, 2))), ValueError, "X of shape (9, 3, 3)" + TOO_LARGE),
    (dict(X=ONES3, K=np.ones((65, 65))), ValueError, "K of shape (65, 65)" + TOO_LARGE),
    (dict(X=np.ones((60, 60)), K=ONES2, padding=3), ValueError,
     "X of shape (60, 60) padded by (3, 3) to (66, 66)" + TOO_LARGE),
])
def test_bad_arguments(arguments, exception, message):
    with pytest.raises(exception) as info:
        SlidingWindow(**arguments)
    assert type(info.value) is exception and str(info.value) == message


@pytest.mark.parametrize("X", [np.ones((5000, 5000)), [[0.0] * 5000] * 5000],
                         ids=["array", "nested lists"])
def test_what_cannot_be_drawn_is_refused_at_once(X):
    """From the shape alone: no trait is built and no value converted."""
    start = time.perf_counter()
    with pytest.raises(ValueError) as info:
        SlidingWindow(X, np.ones((3, 3)))
    assert time.perf_counter() - start < 0.05
    assert str(info.value) == "X of shape (5000, 5000)" + TOO_LARGE


# (d') settings set after construction: the constructor's check, the constructor's message
SETTINGS = sliding_window.SETTINGS


def shown(widget):
    """All a refused setting must leave as it was: the settings, the repr, the displayed outputs."""
    data, _ = widget._repr_mimebundle_()
    return ({name: getattr(widget, name) for name in SETTINGS}, repr(widget),
            data["text/plain"], data["text/html"])


def test_every_synced_setting_has_bad_values_in_the_vectors():
    declared = {name for name, trait in SlidingWindow.class_traits(sync=True).items()
                if trait.this_class in (SlidingWindow, WindowWidget)} - {"_presets"}
    assert declared == set(SETTINGS)
    assert {case["trait"] for case in VECTORS["trait_sets"]} == set(SETTINGS)
    for name, state in VECTORS["trait_bases"].items():
        assert shown(SlidingWindow.preset(name))[0] == state


@pytest.mark.parametrize("case", VECTORS["trait_sets"],
                         ids=lambda c: f"{c['base']} {c['trait']}={json.dumps(c['value'])[:30]}")
def test_a_bad_setting_from_python_or_the_page_is_refused_and_changes_nothing(case):
    """The constructor's message (the vectors' check_traits), the same in the JavaScript."""
    widget = SlidingWindow.preset(case["base"])
    before = shown(widget)
    value = make_vectors.from_json(case["value"])
    with pytest.raises(InvalidSetting) as info:
        setattr(widget, case["trait"], value)
    assert str(info.value) == case["error"]
    assert shown(widget) == before
    # What ipywidgets does with a change sent by the page.
    with pytest.raises(traitlets.TraitError) as info:
        widget.set_state({case["trait"]: value})
    assert str(info.value) == case["error"]
    assert shown(widget) == before


def test_a_setting_takes_what_the_constructor_takes():
    w = SlidingWindow.preset("corr2d")
    w.padding, w.stride, w.bias = 1, (2, 1), 1
    assert (w.padding, w.stride, w.bias) == ([1, 1], [2, 1], 1.0)
    assert repr(w) == repr(SlidingWindow(w.X, w.K, padding=1, stride=(2, 1), bias=1.0))


def test_settings_valid_only_together_are_set_together():
    w = SlidingWindow.preset("corr2d")
    changes = []
    w.observe(changes.append, names=list(SETTINGS))
    before = shown(w)
    with pytest.raises(InvalidSetting, match=r"^kernel K of shape \(2, 2\) is larger than input X "
                       r"of shape \(1, 1\)$"):
        w.x = [[[5.0]]]
    # Each change is judged with the others: a kernel as small alone is refused too...
    with pytest.raises(InvalidSetting):
        w.set(x=[[[5.0]]], k=[[[[1.0, 1.0]]]])
    assert shown(w) == before and changes == []
    # ...and a change that fits only with the other is made once, as one.
    assert w.set(x=[[[5.0]]], k=[[[[2.0]]]]) is w
    np.testing.assert_array_equal(w.output, [[10.0]])
    assert {c["name"] for c in changes} == {"x", "k"}
    with pytest.raises(TypeError, match="^SlidingWindow.set\\(\\) has no setting 'K'; choose from mode, "):
        w.set(K=[[1.0]])


def test_switching_to_pooling_takes_the_pool_size_with_it():
    w = SlidingWindow.preset("corr2d")
    with pytest.raises(InvalidSetting, match=r"^pool_size must be at least 1, got \(0, 0\)$"):
        w.mode = "max"
    w.set(mode="max", pool_size=2)
    np.testing.assert_array_equal(w.output, reference.pool2d(SEED_INPUT, 2, "max"))


@pytest.mark.parametrize("case", VECTORS["overflow"], ids=lambda c: c["name"])
def test_outputs_that_overflow_are_refused_with_the_reference_error(case):
    state = case["state"]
    X = np.array(state["x"]).reshape(case["arguments_shape"]["X"])
    if state["mode"] == "corr":
        arguments = dict(K=np.array(state["k"]).reshape(case["arguments_shape"]["K"]),
                         bias=state["bias"])
    else:
        arguments = dict(mode=state["mode"], pool_size=tuple(state["pool_size"]))
    w = SlidingWindow(X, **arguments)
    assert traits(w) == state
    with pytest.raises(ValueError) as info:
        w.output
    assert str(info.value) == case["error"]
    shown = repr(w).split(" -> invalid: ")[1].rstrip("…")  # cut to 110 characters
    assert len(shown) > 30 and case["error"].startswith(shown)


# (e) the text a notebook records: deterministic, the same on ipywidgets 7 and 8
def test_repr_of_the_seed_example():
    assert repr(SlidingWindow.preset("corr2d")) == (
        "SlidingWindow(mode='corr', X=(3, 3), K=(2, 2), padding=(0, 0), stride=(1, 1))"
        " -> output (2, 2)")


def test_repr_pooling_dilation_and_bias():
    assert repr(SlidingWindow.preset("pool_pad_stride")) == (
        "SlidingWindow(mode='max', X=(4, 4), pool_size=(3, 3), padding=(1, 1), stride=(2, 2))"
        " -> output (2, 2)")
    # Written out in full this would be 125 characters: the compact form drops defaults.
    w = SlidingWindow(np.ones((5, 5)), np.ones((2, 2)), dilation=(2, 1), bias=0.5)
    assert repr(w) == ("SlidingWindow(mode='corr', X=(5, 5), K=(2, 2), dilation=(2, 1), "
                       "bias=0.5) -> output (3, 4)")


def test_repr_shows_settings_that_do_not_fit():
    w = SlidingWindow([[1e308, 1e308]], [[1.0, 1.0]])
    assert "-> invalid: output has infinity at position (0, 0): the sums o" in repr(w)
    assert len(repr(w)) <= 110


@pytest.mark.parametrize("name", PRESETS)
def test_repr_fits_the_ipywidgets_7_limit(name):
    """ipywidgets 7 cuts text/plain after 110 characters; ours never needs it."""
    w = SlidingWindow.preset(name)
    assert len(repr(w)) <= 110
    assert repr(w) == repr(SlidingWindow.preset(name))


def test_long_repr_is_shortened_not_cut_by_ipywidgets():
    w = SlidingWindow(np.ones((2, 9, 9)), np.ones((3, 2, 2, 2)), padding=(1, 2), stride=2,
                      dilation=2)
    assert len(repr(w)) <= 110
    assert "padding=(1, 2), stride=2, dilation=2" in repr(w)
    w = SlidingWindow(np.ones((2, 40, 40)), np.ones((3, 2, 2, 2)), padding=(10, 11),
                      stride=(12, 13), dilation=(3, 4), bias=0.123456789)
    assert len(repr(w)) == 110 and repr(w).endswith("…")


def test_text_plain_of_the_displayed_widget_is_the_repr():
    w = SlidingWindow.preset("multi_in_out")
    bundle = w._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == repr(w)
    assert "application/vnd.jupyter.widget-view+json" in data


def test_state_is_synced_and_nothing_autoplays():
    w = SlidingWindow.preset("corr2d")
    synced = set(w.keys)
    assert set(STATE_TRAITS) | {"selected", "out_channel", "playing", "speed", "preset_name",
                                "_presets", "_esm"} <= synced
    assert w.playing is False
    assert "export default" in w._esm


def test_controls_default_to_every_group_of_constants_json():
    assert sliding_window.CONTROL_GROUPS == tuple(constants.CONSTANTS["control_groups"])
    assert SlidingWindow.preset("corr2d").controls == list(sliding_window.CONTROL_GROUPS)
    w = SlidingWindow.preset("corr2d", controls=("values", "presets", "play"))
    assert w.controls == ["values", "presets", "play"]
    assert "controls" in w.keys


GROUPS = "values, presets, play, padding, stride, dilation, channels, pooling"
BAD_CONTROLS = [
    pytest.param([1], TypeError, f"controls must be a list of names from {GROUPS}, got [1]",
                 id="not names"),
    pytest.param(["values", "padd"], ValueError,
                 f"controls has unknown group 'padd'; choose from {GROUPS}", id="unknown group"),
    pytest.param(["play", "play"], ValueError, "controls names a group twice: ['play', 'play']",
                 id="twice"),
]


@pytest.mark.parametrize("controls, exception, message", BAD_CONTROLS + [
    pytest.param("values", TypeError, f"controls must be a list of names from {GROUPS}, "
                 "got 'values'", id="a string"),
    pytest.param(5, TypeError, f"controls must be a list of names from {GROUPS}, got 5",
                 id="an int"),
])
def test_bad_controls_argument(controls, exception, message):
    with pytest.raises(exception, match="^" + re.escape(message) + "$"):
        SlidingWindow.preset("corr2d", controls=controls)


@pytest.mark.parametrize("controls, exception, message", BAD_CONTROLS)
def test_bad_controls_set_later_are_refused(controls, exception, message):
    w = SlidingWindow.preset("corr2d")
    with pytest.raises(traitlets.TraitError, match="^" + re.escape(message) + "$"):
        w.controls = controls
    assert w.controls == list(sliding_window.CONTROL_GROUPS)


@settings(max_examples=150, deadline=None)
@given(junk_array, junk_array, junk_size, junk_size, junk_size)
def test_any_arguments_give_a_widget_or_our_error(X, K, padding, stride, dilation):
    try:
        w = SlidingWindow(X, K, padding=padding, stride=stride, dilation=dilation)
    except (TypeError, ValueError) as err:
        assert str(err).startswith(OUR_MESSAGES), err
    else:
        assert len(repr(w)) <= 110


# (i) the language of the widget's words
@pytest.fixture
def chinese_default():
    d2l_utils.set_language("zh")
    yield
    d2l_utils.set_language("en")


def test_lang_defaults_to_the_packages_language(chinese_default):
    assert SlidingWindow([[1, 2], [3, 4]], [[1]]).lang == "zh"
    widget = SlidingWindow.preset("corr2d")
    assert (widget.lang, widget.title) == ("zh", "互相关运算（6.2）")
    assert widget._presets["edge"]["title"] == "用 K = [[1, -1]] 做边缘检测（6.2）"
    assert SlidingWindow.preset("corr2d", lang="en").title == "Cross-correlation (6.2)"


def test_lang_is_synced_and_a_new_one_retitles_the_preset():
    widget = SlidingWindow.preset("max_pool")
    assert widget.lang == "en" and widget.trait_metadata("lang", "sync")
    widget.lang = "zh"
    assert widget.title == "2x2 最大汇聚（6.5）"
    assert widget._presets["corr2d"]["title"] == "互相关运算（6.2）"
    widget.lang = "en"
    assert widget.title == "Max pooling 2x2 (6.5)"


def test_a_title_of_ones_own_stays_when_the_language_changes():
    widget = SlidingWindow([[1, 2], [3, 4]], [[1]], title="mine", lang="zh")
    widget.lang = "en"
    assert widget.title == "mine"


@pytest.mark.parametrize("lang, exception, message", [
    ("fr", ValueError, "lang must be 'en' or 'zh', got 'fr'"),
    (1, TypeError, "lang must be a str, 'en' or 'zh', got int 1"),
])
def test_bad_lang_argument(lang, exception, message):
    with pytest.raises(exception, match="^" + re.escape(message) + "$"):
        SlidingWindow([[1, 2], [3, 4]], [[1]], lang=lang)
    with pytest.raises(exception, match="^" + re.escape(message) + "$"):
        SlidingWindow.preset("corr2d", lang=lang)


def test_bad_lang_set_later_is_refused():
    widget = SlidingWindow([[1, 2], [3, 4]], [[1]])
    with pytest.raises(traitlets.TraitError, match="^lang must be 'en' or 'zh', got 'fr'$"):
        widget.lang = "fr"
    assert widget.lang == "en"
