"""ImageWindow's Python side: checks, the bytes it sends, and the numbers the view must show."""
import base64
import gzip
import json

import anywidget
import numpy as np
import pytest
import traitlets
from ipywidgets.widgets.widget import _remove_buffers

import d2l_utils
from d2l_utils import images, reference
from d2l_utils.widgets import constants, image_window
from d2l_utils.widgets.image_window import ImageWindow
from d2l_utils.widgets.settings import InvalidSetting
from d2l_utils.widgets.window_widget import WindowWidget
import make_image_vectors  # tests/make_image_vectors.py, beside this file
from make_vectors import from_json

VECTORS = json.loads(make_image_vectors.PATH.read_text())


def test_vectors_are_up_to_date():
    fresh = json.loads(json.dumps(make_image_vectors.build()))
    assert VECTORS == fresh, "tests/vectors/image_window.json is stale: run tests/make_image_vectors.py"


@pytest.mark.parametrize("case", VECTORS["cases"][:12], ids=lambda c: c["name"])
def test_widget_sends_the_vectors_bytes_and_computes_their_maps(case):
    """A widget made from the same picture sends the same bytes and computes the same maps."""
    state = case["state"]
    X = make_image_vectors.picture_of(state)
    X = X[0] if state["x_ndim"] == 2 else X
    K = np.array(state["kernel"])
    w = ImageWindow(X, K if state["x_ndim"] == 3 else K[0], bias=state["bias"],
                    padding=state["padding"], stride=state["stride"], dilation=state["dilation"],
                    pool=None if state["pool"] == "none" else state["pool"],
                    pool_size=state["pool_size"], pool_stride=state["pool_stride"])
    assert w.pixel_type == state["pixel_type"]
    assert base64.b64encode(w.pixels).decode() == state["pixels"]
    np.testing.assert_array_equal(w.feature_map, case["feature_map"])
    np.testing.assert_array_equal(w.channel_maps, case["channel_maps"])
    if case["pooled"] is not None:
        np.testing.assert_allclose(w.pooled, case["pooled"], rtol=1e-12)


def test_photo_goes_as_uint8_bytes_and_comes_back_unchanged():
    X = images.photo(64, color=True)
    w = ImageWindow(X, "Sobel x")
    assert isinstance(w.pixels, bytes) and len(w.pixels) == 3 * 64 * 64
    assert w.pixel_type == "uint8" and w.image_shape == [3, 64, 64] and w.x_ndim == 3
    np.testing.assert_array_equal(w.X, X)
    np.testing.assert_array_equal(w.K, np.stack([images.KERNELS["Sobel x"]] * 3))
    assert w.kernel_name == "Sobel x"
    np.testing.assert_array_equal(
        w.feature_map, reference.corr2d_multi_in(X, np.stack([images.KERNELS["Sobel x"]] * 3)))


def test_other_values_go_as_float32_and_uint8_arrays_as_pictures():
    X = np.array([[0.1, -2.0], [3.5, 1e3]])
    w = ImageWindow(X, [[1.0]])
    assert w.pixel_type == "float32" and len(w.pixels) == 4 * 4
    np.testing.assert_array_equal(w.X, X.astype(np.float32))
    u = ImageWindow(np.array([[0, 51], [255, 102]], dtype=np.uint8), [[1.0]])
    assert u.pixel_type == "uint8"
    np.testing.assert_array_equal(u.X, [[0, 0.2], [1, 0.4]])


def test_framework_arrays_are_read_with_their_numpy_method():
    class Tensor:  # what TensorFlow and MXNet arrays offer
        def __init__(self, value):
            self.value = np.asarray(value)

        def numpy(self):
            return self.value

    w = ImageWindow(Tensor(np.arange(9.0).reshape(3, 3)), Tensor([[0.0, 1.0], [2.0, 3.0]]))
    np.testing.assert_array_equal(w.feature_map, [[19, 25], [37, 43]])


def test_no_trait_holds_the_picture_as_a_list():
    w = ImageWindow(images.photo(32))
    for name, value in w.get_state().items():
        if isinstance(value, (list, tuple)):
            assert np.size(value) < 64, f"trait {name} holds a list of {np.size(value)} numbers"


def test_saved_state_of_a_256x256_rgb_view_is_within_300_kb_gzip():
    """As nbclient stores it: JSON state without the bytes, plus the bytes as base64."""
    w = ImageWindow(images.photo(256, color=True), "Sobel x", pool="max")
    state, paths, buffers = _remove_buffers(w.get_state())
    assert paths == [["pixels"]]
    saved = {"state": state, "buffers": [
        {"path": p, "encoding": "base64", "data": base64.b64encode(b).decode()}
        for p, b in zip(paths, buffers)]}
    size = len(gzip.compress(json.dumps(saved).encode(), 9))
    assert size <= 300_000, f"{size} bytes gzip"


def test_bytes_from_the_front_end_are_accepted():
    """A reader's own picture arrives as a memoryview (ipywidgets' buffers)."""
    w = ImageWindow(np.zeros((2, 2)), [[1.0]])
    w.set_state({"pixels": memoryview(bytes([255, 0, 0, 255])), "image_shape": [1, 2, 2]})
    np.testing.assert_array_equal(w.X, [[1, 0], [0, 1]])


@pytest.mark.parametrize("case", VECTORS["invalid"], ids=lambda c: c["name"])
def test_invalid_settings_fail_before_any_trait_is_built(case, monkeypatch):
    """The Python message is the one the JavaScript shows (tests/js/image_window.test.mjs)."""
    def no_widget(*args, **kwargs):
        raise AssertionError("a widget was built before the arguments were checked")

    monkeypatch.setattr(anywidget.AnyWidget, "__init__", no_widget)
    state = case["state"]
    X = make_image_vectors.picture_of(state)
    K = np.array(state["kernel"])
    with pytest.raises(ValueError) as err:
        ImageWindow(X[0], K[0], padding=tuple(state["padding"]), stride=tuple(state["stride"]),
                    dilation=tuple(state["dilation"]),
                    pool=None if state["pool"] == "none" else state["pool"],
                    pool_size=tuple(state["pool_size"]))
    assert str(err.value) == case["error"]


@pytest.mark.parametrize("kwargs, message", [
    (dict(X=np.zeros((4, 4, 3))), "X must be (h, w) for grayscale or (3, h, w) for RGB, got shape (4, 4, 3) (channels last? use X.transpose(2, 0, 1))"),
    (dict(X=np.zeros((2, 4, 4))), "X must be (h, w) for grayscale or (3, h, w) for RGB, got shape (2, 4, 4)"),
    (dict(X=np.zeros((3, 4, 4)), K=np.ones((2, 2, 2))), "X has 3 input channels but K has 2 (shape (2, 2, 2))"),
    (dict(X=np.zeros((4, 4)), K="Sobel z"), "unknown kernel 'Sobel z'"),
    (dict(X=np.zeros((4, 4)), pool="min"), "pool must be None, 'max' or 'avg', got 'min'"),
    (dict(X=np.zeros((4, 4)), bias=float("nan")), "bias must be finite, got nan"),
    (dict(X=np.zeros((4, 4)), padding=10000),
     "padding (10000, 10000) is too large for the image view: at most 14 rows and 14 columns per side"),
    (dict(X=np.zeros((4, 4)), padding=(0, 15)),
     "padding (0, 15) is too large for the image view: at most 14 rows and 14 columns per side"),
])
def test_bad_arguments_name_the_argument_and_shapes(kwargs, message):
    with pytest.raises(ValueError) as err:
        ImageWindow(**kwargs)
    assert str(err.value).startswith(message)


def test_limits_are_those_of_constants_json():
    limits = constants.CONSTANTS
    assert (image_window.MAX_IMAGE_SIDE, image_window.MAX_KERNEL_SIDE, image_window.MAX_IMAGE_PADDING) == (
        limits["max_image_side"], limits["max_kernel_side"], limits["max_image_padding"])


def test_padding_up_to_the_limit_is_taken_and_the_map_stays_small():
    w = ImageWindow(np.zeros((4, 4)), [[1.0]], padding=image_window.MAX_IMAGE_PADDING)
    assert w.feature_map.shape == (4 + 28, 4 + 28)
    w.padding = [0, 0]
    with pytest.raises(InvalidSetting, match=r"^padding \(15, 15\) is too large"):
        w.padding = 15
    assert w.padding == [0, 0]


def test_esm_is_the_shared_modules_and_the_view_in_one_module():
    esm = ImageWindow._esm
    assert "export function windowTerms" in esm and "export function featureMaps" in esm
    assert 'from "./' not in esm


def test_repr_is_one_short_line():
    w = ImageWindow(images.photo(64), "Sobel y", stride=2, pool="max")
    assert repr(w) == ("ImageWindow(X=(64, 64), 'Sobel y', stride=(2, 2), pool='max') "
                       "-> feature map (31, 31), pooled (15, 15)")
    assert repr(ImageWindow(images.photo(32, color=True), np.ones((3, 2, 2)))).startswith(
        "ImageWindow(X=(3, 32, 32), K=(3, 2, 2))")


# -- the chapters (recorded by `make record`) ------------------------------------------

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CHAPTER_VIEWS = {
    "6-2-convolutions": [
        "ImageWindow(X=(128, 128), K=(1, 2)) -> feature map (128, 127)",
        "ImageWindow(X=(128, 128), '[[1], [-1]]') -> feature map (127, 128)"],
    "6-3-padding-and-stride": [
        "ImageWindow(X=(128, 128), 'Gaussian', padding=(1, 1), stride=(2, 2)) -> feature map (64, 64)"],
    "6-4-channels": ["ImageWindow(X=(3, 128, 128), 'Sobel x') -> feature map (126, 126)"],
    "6-5-pooling": [
        "ImageWindow(X=(128, 128), '[[1, -1]]', pool='max') -> feature map (128, 127), pooled (64, 63)"] * 2,
}


@pytest.mark.parametrize("framework", ["mxnet", "tensorflow"])
@pytest.mark.parametrize("section", sorted(CHAPTER_VIEWS))
def test_chapters_show_image_views_saved_as_bytes(framework, section):
    """Each chapter shows its image views, recorded with the pixels as a binary buffer."""
    path = make_image_vectors.PATH.parents[2] / "chapters" / framework / f"{section}.ipynb"
    nb = json.loads(path.read_text(encoding="utf8"))
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("data", {}).get("text/plain", []))
            if WIDGET_VIEW in out.get("data", {}) and text.startswith("ImageWindow("):
                shown.append(text)
                model = state[out["data"][WIDGET_VIEW]["model_id"]]
                assert [b["path"] for b in model.get("buffers", [])] == [["pixels"]]
                assert "pixels" not in model["state"] and "d2l-iw-static" in "".join(out["data"]["text/html"])
    assert shown == CHAPTER_VIEWS[section]


def test_lang_defaults_to_the_packages_language_and_is_checked():
    assert ImageWindow().lang == "en"
    d2l_utils.set_language("zh")
    try:
        widget = ImageWindow()
    finally:
        d2l_utils.set_language("en")
    assert widget.lang == "zh" and widget.trait_metadata("lang", "sync")
    assert ImageWindow(lang="zh").lang == "zh"
    with pytest.raises(ValueError, match="^lang must be 'en' or 'zh', got 'de'$"):
        ImageWindow(lang="de")
    with pytest.raises(traitlets.TraitError, match="^lang must be 'en' or 'zh', got 'de'$"):
        widget.lang = "de"


# -- settings set after construction: the constructor's check, the constructor's message --

SETTINGS = image_window.SETTINGS


def shown(widget):
    """All a refused setting must leave as it was: the settings, the repr, the displayed outputs."""
    data, _ = widget._repr_mimebundle_()
    return ({name: getattr(widget, name) for name in SETTINGS}, repr(widget),
            data["text/plain"], data["text/html"])


def test_every_synced_setting_has_bad_values_in_the_vectors():
    declared = {name for name, trait in ImageWindow.class_traits(sync=True).items()
                if trait.this_class in (ImageWindow, WindowWidget)} - {"_gallery"}
    assert declared == set(SETTINGS)
    assert {case["trait"] for case in VECTORS["trait_sets"]} == set(SETTINGS)
    for name, state in VECTORS["trait_bases"].items():
        widget = ImageWindow(**make_image_vectors.trait_base_arguments(name))
        assert shown(widget)[0] == from_json(state)


@pytest.mark.parametrize("case", VECTORS["trait_sets"],
                         ids=lambda c: f"{c['base']} {c['trait']}={json.dumps(c['value'])[:30]}")
def test_a_bad_setting_from_python_or_the_page_is_refused_and_changes_nothing(case):
    """The constructor's message (the vectors' check_traits), the same in the JavaScript."""
    widget = ImageWindow(**make_image_vectors.trait_base_arguments(case["base"]))
    before = shown(widget)
    value = from_json(case["value"])
    with pytest.raises(InvalidSetting) as info:
        setattr(widget, case["trait"], value)
    assert str(info.value) == case["error"]
    assert shown(widget) == before
    # What ipywidgets does with a change sent by the page (bytes arrive as a memoryview).
    sent = memoryview(value) if isinstance(value, bytes) else value
    with pytest.raises(traitlets.TraitError) as info:
        widget.set_state({case["trait"]: sent})
    assert str(info.value) == case["error"]
    assert shown(widget) == before


def test_a_new_picture_is_set_with_its_shape_and_type_at_once():
    w = ImageWindow(np.zeros((4, 4)), [[1.0]])
    before = shown(w)
    pixels = np.arange(6, dtype="<f4").tobytes()
    with pytest.raises(InvalidSetting, match="^the picture of shape \\(4, 4\\) needs 16 bytes of uint8, got 24$"):
        w.pixels = pixels
    with pytest.raises(InvalidSetting, match="^the picture of shape \\(2, 3\\) needs 6 bytes of uint8, got 24$"):
        w.set(pixels=pixels, image_shape=[1, 2, 3])
    assert shown(w) == before
    w.set(pixels=pixels, image_shape=[1, 2, 3], pixel_type="float32", pool=None, padding=1)
    np.testing.assert_array_equal(w.X, np.arange(6.0).reshape(2, 3))
    assert (w.pool, w.padding) == ("none", [1, 1])


@pytest.mark.parametrize("value, position", [(1e300, (0, 1)), (-1e39, (0, 1))])
def test_values_past_float32_are_refused_not_changed(value, position):
    """float32 holds the picture unless it is uint8; it would read 1e300 back as infinity."""
    with pytest.raises(ValueError) as info:
        ImageWindow(np.array([[0.5, value], [0.0, 0.0]]), [[1.0]])
    assert str(info.value) == (f"X has {value!r} at position {position}, past the largest float32 "
                               "(3.403e+38), the type the picture is stored in")
    assert ImageWindow(np.array([[0.5, 3e38]]), [[1.0]]).X[0, 1] == np.float32(3e38)
