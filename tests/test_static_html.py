"""The static HTML picture of a SlidingWindow (d2l_utils/widgets/static_html.py)."""
import html
import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from d2l_utils.widgets import static_html
from d2l_utils.widgets.sliding_window import PRESETS, SlidingWindow
from tools import ROOT

WIDGETS = ROOT / "d2l_utils" / "widgets"
TRAITS = ("mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride", "dilation",
          "bias", "title", "selected", "out_channel", "lang")


def text_of(markup):
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def cells_of(widget):
    """Every (preset, output channel, cell) worth comparing: first, middle and last."""
    Y = widget.output if widget.output.ndim == 3 else widget.output[None]
    cells = {(0, 0), (Y.shape[1] // 2, Y.shape[2] // 2), (Y.shape[1] - 1, Y.shape[2] - 1)}
    return [(co, i, j) for co in range(Y.shape[0]) for i, j in sorted(cells)]


def test_corr2d_picture_shows_grids_window_sum_and_formula():
    markup = SlidingWindow.preset("corr2d")._repr_mimebundle_()[0]["text/html"]
    text = text_of(markup)
    assert "0×0 + 1×1 + 3×2 + 4×3 = 19" in text
    assert "output row 0, column 0:" in text
    assert "rows: (3 + 2×0 - 1×(2 - 1) - 1) / 1 + 1 = 1 / 1 + 1 = 1 + 1 = 2" in text
    assert "the window (bold) covers rows 0 to 1 and columns 0 to 1 of the input" in text
    # the window's four input cells and the selected output are bold, nothing else
    assert re.findall(r"<b>([^<]*)</b>", markup) == ["0", "1", "3", "4", "19"]
    for value in ("19", "25", "37", "43"):
        assert f">{value}</" in markup


def test_picture_follows_selected_cell_and_output_channel():
    widget = SlidingWindow.preset("multi_in_out")
    widget.selected, widget.out_channel = [1, 1], 2
    text = text_of(static_html.render(widget))
    assert "output channel 2, row 1, column 1:" in text
    assert "channel 0: 4×2 + 5×3 + 7×4 + 8×5 = 91" in text
    assert "91 + 133 = 224" in text


def test_padding_and_max_pooling_picture():
    text = text_of(static_html.render(SlidingWindow.preset("pool_pad_stride")))
    assert "max(0, 1, 4, 5) = 5" in text
    assert "-∞" in text
    assert "floor((4 + 2×1 - 1×(3 - 1) - 1) / 2) + 1" in text
    assert "no window reaches the last row (bottom) or the last column (right)" in text


def test_picture_is_self_contained():
    """No script, no stylesheet, no external resource: GitHub and untrusted Jupyter show it as is."""
    for name in PRESETS:
        markup = static_html.render(SlidingWindow.preset(name))
        assert not re.search(r"<(script|style|link|img|iframe)\b|\bon\w+=|url\(|https?:|src=",
                             markup, re.I), name
        assert markup.count("<table") == markup.count("</table>"), name


def test_invalid_state_shows_the_error():
    # Settings are checked when set; an output past float64 is what is left to show.
    widget = SlidingWindow([[1e308, 1e308]], [[1.0, 1.0]])
    text = text_of(static_html.render(widget))
    assert "output has infinity at position (0, 0): the sums overflow float64" in text


def test_a_refused_setting_leaves_the_picture_as_it_was():
    widget = SlidingWindow([[1.0, 2.0], [3.0, 4.0]], [[1.0]])
    before = static_html.render(widget)
    with pytest.raises(ValueError, match="larger than input X of shape"):
        widget.k = [[[[1.0, 1.0, 1.0]] * 3]]
    assert static_html.render(widget) == before


def test_bias_and_fractions():
    widget = SlidingWindow(np.full((2, 2), 0.5), [[1.0, -0.25]], bias=-1.5)
    text = text_of(static_html.render(widget))
    assert "0.5×1 + 0.5×(-0.25) + (-1.5) = -1.125" in text
    assert "output (bias -1.5 added)" in text


@pytest.mark.parametrize("value, expected", [
    (19.0, "19"), (-0.0, "0"), (0.1 + 0.2, "0.3"), (-2.5, "-2.5"), (1 / 3, "0.3333"),
    (1e-5, "0.0000100"), (float("inf"), "∞"), (-float("inf"), "-∞"), (float("nan"), "?"),
])
def test_format_number(value, expected):
    assert static_html.format_number(value) == expected


NODE_SCRIPT = """
import { normalize } from %s;
import { windowTerms } from %s;
import { formatSum, formulaText } from %s;
const cases = JSON.parse(process.argv[1]);
const out = cases.map(([state, co, i, j]) => {
  const cfg = normalize(state).cfg;
  const f = formulaText(cfg, undefined, state.lang);
  return { sum: formatSum(cfg, windowTerms(cfg, co, i, j), state.lang),
           formula: [f.rows.perSide, f.rows.total, f.cols.perSide, f.cols.total] };
});
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node (make test-js runs it too)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_texts_equal_the_widgets_javascript(lang):
    """The picture writes the sum and the formulas exactly as window_text.js does, in both languages."""
    widgets, cases = [], []
    extra = [SlidingWindow(np.arange(12.0).reshape(3, 4) / 7, [[0.5, -2.0]], stride=(2, 3),
                           dilation=(1, 2), bias=0.25, lang=lang)]
    for widget in [SlidingWindow.preset(name, lang=lang) for name in PRESETS] + extra:
        state = {name: getattr(widget, name) for name in TRAITS}
        for co, i, j in cells_of(widget):
            widgets.append((widget, co, i, j))
            cases.append([state, co, i, j])
    script = NODE_SCRIPT % tuple(json.dumps((WIDGETS / name).as_uri())
                                 for name in ("sliding_state.js", "window_terms.js", "window_text.js"))
    result = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(cases)],
                            capture_output=True, text=True, check=True)
    for (widget, co, i, j), js in zip(widgets, json.loads(result.stdout)):
        rows, value = static_html.window_terms(widget, co, i, j)
        assert static_html.sum_lines(rows, value, mode=widget.mode, bias=widget.bias,
                                     lang=widget.lang) == js["sum"], (widget.title, co, i, j)
        corr = widget.mode == "corr"
        formula = static_html.formula_lines(
            widget.X.shape[-2:], widget.K.shape[-2:] if corr else tuple(widget.pool_size),
            widget.padding, widget.stride, widget.dilation if corr else (1, 1), widget.lang)
        assert [formula["rows"][0], formula["rows"][1], formula["cols"][0],
                formula["cols"][1]] == js["formula"], widget.title


# Words of the English picture; none may show in a Chinese one (whole words, so that a
# formula's "floor" or "MXNet" do not count).  Each shows in English, or the check is empty.
ENGLISH = ["input", "kernel", "output", "row", "rows", "column", "columns", "channel", "the window",
           "bold", "Output size per axis", "Dive into Deep Learning", "padding", "picture",
           "run the notebook", "by", "max pooling", "of"]


def readable(markup):
    """What a reader sees or hears of a picture: its text, aria-labels and alt texts."""
    labels = re.findall(r'(?:aria-label|alt)="([^"]*)"', markup)
    return text_of(markup) + " " + " ".join(html.unescape(label) for label in labels)


def english_words(text, words=ENGLISH):
    return [word for word in words if re.search(rf"(?<![A-Za-z_]){re.escape(word)}(?![A-Za-z_])", text)]


@pytest.mark.parametrize("name", ["multi_in_out", "pool_pad_stride", "stride"])
def test_chinese_picture_speaks_chinese_only(name):
    zh = SlidingWindow.preset(name, lang="zh")._repr_mimebundle_()[0]["text/html"]
    en = SlidingWindow.preset(name, lang="en")._repr_mimebundle_()[0]["text/html"]
    assert 'class="d2l-sw-static" lang="zh-CN"' in zh and 'lang="' not in en
    text = readable(zh)
    assert "输出" in text and "第 0 行第 0 列" in text and "运行笔记本" in text
    assert english_words(text) == []
    assert english_words(readable(en)), "the English picture has none of the words looked for"


def test_chinese_picture_of_the_seed_example():
    text = text_of(SlidingWindow.preset("corr2d", lang="zh")._repr_mimebundle_()[0]["text/html"])
    assert "输出第 0 行第 0 列：\n0×0 + 1×1 + 3×2 + 4×3 = 19" in text
    assert "窗口（粗体）覆盖输入的第 0 到 1 行、第 0 到 1 列" in text
    assert "《动手学深度学习》的写法" in text


def test_every_english_word_looked_for_shows_in_some_english_picture():
    text = " ".join(readable(SlidingWindow.preset(name)._repr_mimebundle_()[0]["text/html"])
                    for name in PRESETS)
    assert sorted(set(ENGLISH) - set(english_words(text))) == []
