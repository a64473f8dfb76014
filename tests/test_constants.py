"""d2l_utils.widgets.constants: the constants both languages need, read from constants.json."""
import json
import pathlib

from d2l_utils import checks
from d2l_utils.widgets import constants, image_html, image_window, sliding_window

JSON_FILE = pathlib.Path(constants.__file__).with_name("constants.json")


def test_every_constant_is_the_data_files():
    data = json.loads(JSON_FILE.read_text(encoding="utf8"))
    assert constants.CONSTANTS == data
    assert (constants.MIN_SPEED, constants.MAX_SPEED) == tuple(data["speeds"])
    for key in set(data) - {"about", "speeds"}:
        value = getattr(constants, key.upper())
        assert list(value) == data[key] if isinstance(value, (tuple, list)) else value == data[key], key


def test_the_widgets_use_them_and_checks_keeps_the_same_limits():
    # d2l_utils.checks stays free of the widgets package: its own copy must agree.
    assert (checks.MAX_SIDE, checks.MAX_CHANNELS) == (constants.MAX_SIDE, constants.MAX_CHANNELS)
    assert sliding_window.CONTROL_GROUPS is constants.CONTROL_GROUPS
    assert sliding_window.MODES is constants.MODES
    assert image_window.MAX_IMAGE_PADDING is constants.MAX_IMAGE_PADDING
    assert image_window.POOL_MODES is constants.POOL_MODES
    assert image_html.DIVERGING is constants.DIVERGING


def test_the_padding_limit_is_a_full_correlation_of_the_largest_kernel():
    assert constants.MAX_IMAGE_PADDING == constants.MAX_KERNEL_SIDE - 1
