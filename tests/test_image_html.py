"""The static HTML picture of an ImageWindow (text/html beside the widget view)."""
import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from d2l_utils import images
from d2l_utils.widgets import ImageWindow, constants, image_html

def test_colours_are_those_of_constants_json():
    assert image_html.DIVERGING == constants.CONSTANTS["diverging"]
    lut = image_html.diverging_lut()
    assert lut.shape == (256, 3) and lut[0].tolist() == [0x2d, 0x00, 0x4b]
    assert lut[255].tolist() == [0x7f, 0x3b, 0x08] and lut[128].tolist()[0] >= 0xf7 - 2


def test_png_is_a_picture_pillow_reads_back():
    rgb = np.random.default_rng(1).integers(0, 256, size=(5, 7, 3), dtype=np.uint8)
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(image_html.png(rgb)))), rgb)


def _pictures(html):
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))
            for data in re.findall(r'src="data:image/png;base64,([^"]+)"', html)]


def test_the_html_shows_the_window_its_sum_and_the_maps():
    w = ImageWindow(np.arange(9.0).reshape(3, 3) / 8, [[0.0, 1.0], [2.0, 3.0]], title="tiny <3")
    data, _ = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    html = data["text/html"]
    assert "tiny &lt;3" in html and "<script" not in html
    assert "0.5×0 + 0.625×1 + 0.875×2 + 1×3 = 5.375" in html
    assert "feature map row 1, column 1 (window on rows 1 to 2, columns 1 to 2):" in html
    assert "  rows: (3 + 2×0 - 1×(2 - 1) - 1) / 1 + 1 = 1 / 1 + 1 = 1 + 1 = 2" in html
    picture, fmap = _pictures(html)
    # Scaled up (nearest) to 192 / 3 = 64 screen pixels per pixel, the window outlined in blue;
    # the 2 x 2 map at the same 64 pixels per value, as the live view draws it.
    assert picture.shape == (192, 192, 3)
    assert picture[100, 100].tolist() == [round(4 / 8 * 255)] * 3
    assert picture[63, 100].tolist() == [0x00, 0x72, 0xB2]
    assert fmap.shape == (128, 128, 3)
    assert fmap[90, 90].tolist() == [0x7f, 0x3b, 0x08]  # the largest value, 5.375


def test_rgb_pooling_and_large_pictures_stay_small():
    w = ImageWindow(images.photo(256, color=True), "Sobel y", pool="max")
    html = image_html.render(w)
    assert "channel 2: " in html and "max pooling (2, 2), stride (2, 2): 127 × 127" in html
    # One scale for all three (every 2nd value): the pooled map is half the feature map.
    assert [p.shape for p in _pictures(html)] == [(128, 128, 3), (127, 127, 3), (64, 64, 3)]
    assert len(html) < 120_000


def test_maps_of_one_picture_share_one_scale():
    """An 8 x 8 picture, its 6 x 6 map and the 3 x 3 max pooling: 24 pixels per value each."""
    w = ImageWindow(images.photo(8), "Sobel x", pool="max")
    assert [p.shape[:2] for p in _pictures(image_html.render(w))] == [(192, 192), (144, 144), (72, 72)]


def test_a_refused_setting_leaves_the_picture_as_it_was():
    w = ImageWindow(np.zeros((4, 4)), np.ones((2, 2)))
    before = image_html.render(w)
    for name, value in [("kernel", np.ones((1, 5, 5)).tolist()), ("bias", float("nan"))]:
        with pytest.raises(ValueError):
            setattr(w, name, value)
    assert image_html.render(w) == before


def test_chinese_picture_speaks_chinese_only():
    from test_static_html import english_words, readable
    english = ["picture", "feature map", "grayscale", "colour scale", "values", "row", "column",
               "window", "rows", "cols", "channel", "purple", "pooling", "stride", "by", "run the notebook"]
    zh = ImageWindow(np.random.default_rng(0).random((3, 12, 10)), pool="max", lang="zh")
    gray = ImageWindow(lang="zh")
    for widget in (zh, gray):
        markup = widget._repr_mimebundle_()[0]["text/html"]
        text = readable(markup)
        assert 'class="d2l-iw-static" lang="zh-CN"' in markup
        assert "特征图第" in text and "运行笔记本" in text
        assert english_words(text, english) == [], text
    en = [ImageWindow(np.random.default_rng(0).random((3, 12, 10)), pool="max"), ImageWindow()]
    text = " ".join(readable(w._repr_mimebundle_()[0]["text/html"]) for w in en)
    assert sorted(set(english) - set(english_words(text, english))) == []
