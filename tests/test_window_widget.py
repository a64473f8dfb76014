"""d2l_utils.widgets.window_widget: what SlidingWindow and ImageWindow share."""
import numpy as np
import pytest

import d2l_utils
from d2l_utils.widgets import ImageWindow, SlidingWindow
from d2l_utils.widgets.settings import InvalidSetting
from d2l_utils.widgets.window_widget import (REPR_LIMIT, WindowWidget, default_lang,
                                             finite_floats, with_layout)


@pytest.mark.parametrize("widget", [
    SlidingWindow([[0, 1], [2, 3]], [[1]]), ImageWindow(np.zeros((4, 4)), [[1.0]]),
], ids=["SlidingWindow", "ImageWindow"])
def test_both_widgets_share_the_base(widget):
    assert isinstance(widget, WindowWidget)
    data, _ = widget._repr_mimebundle_()
    assert data["text/html"] == widget._static_html()
    assert data["text/plain"] == repr(widget) and len(repr(widget)) <= REPR_LIMIT
    with pytest.raises(InvalidSetting, match="^lang must be 'en' or 'zh', got 'fr'$"):
        widget.lang = "fr"
    with pytest.raises(TypeError, match="has no setting 'nope'"):
        widget.set(nope=1)


def test_a_repr_too_long_is_cut_at_the_limit():
    class Long(SlidingWindow):
        def _describe(self, compact):
            return "x" * (200 if not compact else 150)

    text = repr(Long([[0.0]], [[1.0]]))
    assert len(text) == REPR_LIMIT and text.endswith("…")


def test_default_lang_is_the_packages_until_given(monkeypatch):
    assert default_lang("zh") == "zh"
    monkeypatch.setattr(d2l_utils, "language", lambda: "zh")
    assert default_lang(None) == "zh"
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        default_lang("de")


def test_array_helpers():
    assert finite_floats([[1, 2]], "X").dtype == np.float64
    with pytest.raises(ValueError, match="X has NaN at position"):
        finite_floats([[1.0, float("nan")]], "X")
    with pytest.raises(ValueError, match=r"^K must be 2-D with shape \(k_h, k_w\), got shape \(3,\)$"):
        with_layout(np.zeros(3), "K", {2: "(k_h, k_w)"})
