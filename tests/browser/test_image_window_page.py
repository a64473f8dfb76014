"""ImageWindow's JavaScript in a real browser, offline, without a kernel or a book.

Run by `make test-browser` (marked browser: a plain `pytest tests` leaves it out). A temporary
folder gets tests/widget_page/image_window.html and its fake model (fake_model.mjs, the Node
tests' too), written with the bundled `_esm`, the CSS and the states of a few widgets made in
Python by tools/bench/images.py's write_site(); book/serve.py serves it on 127.0.0.1 and Chromium
opens it with every request to another host aborted. Each test drives the view with mouse,
keyboard, the file picker or a drop, and reads back the traits it set and what it shows.
"""
import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

from tools import ROOT
from tools.browser import OfflinePage
from book import serve as book_server
from d2l_utils import images
from d2l_utils.widgets.image_window import ImageWindow
from tools.bench.images import write_site




def widgets():
    return {
        "photo": ImageWindow(images.photo(64), "Sobel x", title="Sobel x on the photograph"),
        "rgb": ImageWindow(images.photo(32, color=True), "Sobel x", pool="max"),
        "tiny": ImageWindow(np.arange(9.0).reshape(3, 3) / 8, [[0.0, 1.0], [2.0, 3.0]]),
        "photo_zh": ImageWindow(images.photo(64), "Sobel x", title="照片上的 Sobel x", lang="zh"),
        "rgb_zh": ImageWindow(images.photo(32, color=True), "Sobel x", pool="max", lang="zh"),
    }


@pytest.fixture(scope="session")
def image_site(tmp_path_factory):
    folder = write_site(tmp_path_factory.mktemp("image_page"), widgets())
    with book_server.serving(folder) as url:
        yield url


class ImagePage(OfflinePage):
    """The widget's page showing one of :func:`widgets`; console warnings count as errors."""

    CONSOLE_TYPES = ("error", "warning")

    def __init__(self, browser, site, name, events=True):
        super().__init__(browser, f"{site}image_window.html?state={name}" + ("" if events else "&events=0"))
        self.page.goto(self.url)
        self.page.wait_for_function("window.__ready === true")

    def state(self, name):
        return self.page.evaluate(f"window.__state()[{json.dumps(name)}]")

    def sum_lines(self):
        return self.page.inner_text(".iw-sum").split("\n")

    def canvas_pixel(self, selector, x, y):
        """RGBA of the canvas pixel at canvas coordinates (x, y), read from a PNG of it
        (getImageData would make Chromium warn about slow readbacks)."""
        url = self.page.evaluate("(s) => document.querySelector(s).toDataURL('image/png')", selector)
        picture = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")
        return list(picture.getpixel((x, y)))


@pytest.fixture
def open_page(browser, image_site):
    pages = []

    def opener(name, events=True):
        page = ImagePage(browser, image_site, name, events)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.assert_clean()
        page.close()


def test_picture_map_and_arithmetic_are_drawn(open_page):
    p = open_page("photo")
    w = widgets()["photo"]
    assert p.page.inner_text(".iw-title") == "Sobel x on the photograph"
    # The picture's canvas holds the photograph's gray levels, one canvas pixel per pixel.
    X = w.X
    assert p.canvas_pixel(".iw-picture .iw-base", 5, 7)[:3] == [round(X[7, 5] * 255)] * 3
    # The feature map is coloured on a scale centred on zero: the value of largest size gets
    # an end colour (orange-brown if positive, purple if negative), zero is near white.
    Y = w.feature_map
    r, c = np.unravel_index(np.argmax(abs(Y)), Y.shape)
    end = [0x7f, 0x3b, 0x08] if Y[r, c] > 0 else [0x2d, 0x00, 0x4b]
    assert p.canvas_pixel(".iw-map .iw-base", int(c), int(r))[:3] == end
    r, c = np.unravel_index(np.argmin(abs(Y)), Y.shape)
    assert min(p.canvas_pixel(".iw-map .iw-base", int(c), int(r))[:3]) >= 0xe0
    # The selected window (first the middle one) and its written-out sum, ending in the reference value.
    i, j = w.selected
    assert p.page.get_attribute(".d2l-iw", "data-selected") == f"{i},{j}"
    last = p.sum_lines()[-1]
    assert last.startswith(f"{X[i, j]:.4f}".rstrip("0")[:5]) or "×(-1)" in last
    assert last.endswith(f"= {round(Y[i, j], 4):g}")
    assert p.page.inner_text(".iw-legend-text").startswith(f"-{round(abs(Y).max(), 4):g}")
    label = p.page.get_attribute(".iw-picture .iw-base", "aria-label")
    assert label.startswith("grayscale picture, 64 by 64 pixels; the 3 by 3 window covers rows")
    assert "rows 0 to 63" not in label
    assert "Feature map, 62 by 62" in p.page.get_attribute(".iw-map .iw-base", "aria-label")
    assert p.page.get_attribute(".iw-sum", "aria-live") == "polite"


@pytest.mark.parametrize("events", [True, False], ids=["events", "no-events"])
def test_arrow_keys_and_clicks_move_the_window(open_page, events):
    p = open_page("tiny", events)
    assert p.sum_lines()[-1] == "0.5×0 + 0.625×1 + 0.875×2 + 1×3 = 5.375"  # middle: (1, 1)
    frame = p.page.locator(".iw-map")
    assert frame.get_attribute("data-lm-suppress-shortcuts") == "true"
    frame.focus()
    p.page.keyboard.press("Home")
    assert p.state("selected") == [0, 0]
    assert p.sum_lines()[-1] == "0×0 + 0.125×1 + 0.375×2 + 0.5×3 = 2.375"
    p.page.keyboard.press("ArrowRight")
    assert p.state("selected") == [0, 1]
    p.page.keyboard.press("ArrowDown")
    assert p.state("selected") == [1, 1]
    # Keys the view uses stop there; other keys go on to the notebook.
    seen = p.page.evaluate("""() => {
      const keys = [];
      document.addEventListener('keydown', (e) => keys.push(e.key));
      const frame = document.querySelector('.iw-picture');
      for (const key of ['ArrowLeft', 'a']) frame.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
      return keys;
    }""")
    assert seen == ["a"] and p.state("selected") == [1, 0]
    # A click on the picture picks the window centred nearest it.
    box = p.page.locator(".iw-picture .iw-base").bounding_box()
    p.page.mouse.click(box["x"] + 2, box["y"] + 2)
    assert p.state("selected") == [0, 0]
    box = p.page.locator(".iw-map .iw-base").bounding_box()
    p.page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)
    assert p.state("selected") == [0, 1]


def test_hovering_the_feature_map_shows_that_window(open_page):
    p = open_page("tiny")
    box = p.page.locator(".iw-map .iw-base").bounding_box()
    p.page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    assert p.sum_lines()[-1] == "0×0 + 0.125×1 + 0.375×2 + 0.5×3 = 2.375"
    assert p.page.inner_text(".iw-insets").split() == ["pixels", "under", "the", "window",
                                                       "0", "0.125", "0.375", "0.5"]
    assert p.page.eval_on_selector_all(".iw-px", "cells => cells.map((c) => c.dataset.w)") == [
        "×0", "×1", "×2", "×3"]
    assert p.state("selected") == [1, 1]  # hovering does not move the selection
    p.page.mouse.move(box["x"] + box["width"] + 50, box["y"])
    assert p.sum_lines()[-1] == "0.5×0 + 0.625×1 + 0.875×2 + 1×3 = 5.375"


def test_kernel_gallery_edit_and_limits(open_page):
    p = open_page("photo")
    gallery = p.page.locator('select[aria-label="Kernel"]')
    options = gallery.locator("option").all_inner_texts()
    assert options == ["(your kernel)", "identity", "box blur", "Gaussian", "sharpen", "Sobel x",
                       "Sobel y", "Laplacian", "[[1, -1]]", "[[1], [-1]]"]
    gallery.select_option("[[1, -1]]")
    assert p.state("kernel") == [[[1, -1]]] and p.state("kernel_name") == "[[1, -1]]"
    assert p.page.inner_text(".iw-formula").splitlines()[1:3] == [
        "  rows: (64 + 2×0 - 1×(1 - 1) - 1) / 1 + 1 = 63 / 1 + 1 = 63 + 1 = 64",
        "  cols: (64 + 2×0 - 1×(2 - 1) - 1) / 1 + 1 = 62 / 1 + 1 = 62 + 1 = 63"]
    gallery.select_option("identity")
    X = widgets()["photo"].X
    i, j = p.state("selected")
    assert p.sum_lines()[-1].endswith(f"= {round(X[i + 1, j + 1], 4):g}")
    # An edited weight makes it "your kernel".
    p.page.locator('input[aria-label="weight row 1, column 1"]').fill("2")
    p.page.locator('input[aria-label="weight row 1, column 1"]').press("Enter")
    assert p.state("kernel")[0][1][1] == 2 and p.state("kernel_name") == ""
    assert gallery.input_value() == ""
    assert p.sum_lines()[-1].endswith(f"= {round(2 * X[i + 1, j + 1], 4):g}")
    # Stride 2 halves the feature map; a kernel over the limit gives Python's message.
    for box in p.page.locator('input[aria-label^="Stride"]').all():
        box.fill("2")
        box.press("Enter")
    assert "feature map, 31 × 31" in p.page.inner_text(".iw-main")
    size = p.page.locator('input[aria-label="Kernel size, rows"]')
    size.fill("16")
    size.press("Enter")
    message = p.page.inner_text(".iw-message")
    assert message == ("K of shape (16, 3) is too large for the image view: "
                       "at most 15 rows and 15 columns")
    # Refused: the kernel and the drawing stay as they were.
    assert len(p.state("kernel")[0]) == 3 and p.page.locator(".iw-main").is_visible()
    size.fill("3")
    size.press("Enter")
    assert p.page.locator(".iw-main").is_visible() and p.page.inner_text(".iw-message") == ""


def test_rgb_channels_sum_and_pooling(open_page):
    p = open_page("rgb")
    w = widgets()["rgb"]
    assert p.page.locator(".iw-channel-maps canvas").count() == 3
    lines = p.sum_lines()
    assert [line.split(":")[0] for line in lines[1:4]] == ["channel 0", "channel 1", "channel 2"]
    i, j = w.selected
    assert lines[4].endswith(f"= {round(w.feature_map[i, j], 4):g}")
    pooled = w.pooled
    pi, pj = i // 2, j // 2
    assert p.page.inner_text(".iw-pool-sum") == (
        f"pooled row {pi}, column {pj}: max(" + ", ".join(
            f"{round(v, 4):g}" for v in w.feature_map[2 * pi:2 * pi + 2, 2 * pj:2 * pj + 2].ravel())
        + f") = {round(pooled[pi, pj], 4):g}")
    assert "max pooling (2, 2), stride (2, 2): 15 × 15" in p.page.inner_text(".iw-main")
    p.page.locator('select[aria-label="Pooling of the feature map"]').select_option("avg")
    assert p.state("pool") == "avg"
    assert p.page.inner_text(".iw-pool-sum").startswith(f"pooled row {pi}, column {pj}: (")
    # Hovering a pooled cell shows its pooling window.
    box = p.page.locator(".iw-pooled .iw-base").bounding_box()
    p.page.mouse.move(box["x"] + 1, box["y"] + 1)
    assert p.page.inner_text(".iw-pool-sum").startswith("pooled row 0, column 0: (")
    p.page.locator('select[aria-label="Pooling of the feature map"]').select_option("none")
    assert not p.page.locator(".iw-pooled").is_visible()


def _png(width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_own_picture_from_the_file_picker_stays_in_the_page(open_page):
    p = open_page("photo")
    assert "never uploaded" in p.page.inner_text(".iw-upload")
    requests = []
    p.page.on("request", lambda r: requests.append(r.url))
    # 400 x 200, left half red, right half white: scaled to 256 x 128 and made gray.
    picture = Image.new("RGB", (400, 200), (255, 255, 255))
    picture.paste((255, 0, 0), (0, 0, 200, 200))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    p.page.set_input_files('input[type="file"]', files=[
        {"name": "mine.png", "mimeType": "image/png", "buffer": buffer.getvalue()}])
    p.page.wait_for_function("document.querySelector('.d2l-iw').dataset.upload === '256x128'")
    assert requests == []
    assert p.state("image_shape") == [1, 128, 256] and p.state("pixel_type") == "uint8"
    values = p.page.evaluate("Array.from(new Uint8Array(window.__state().pixels.buffer))")
    assert values[0] == images.to_gray(np.array([[[255, 0, 0]]], dtype=np.uint8))[0, 0] == 76
    assert values[255] == 255
    assert "picture, 128 × 256, grayscale" in p.page.inner_text(".iw-main")
    assert p.page.locator(".iw-map .iw-base").get_attribute("aria-label").startswith("Feature map, 126 by 254")
    p.page.get_by_role("button", name="Back to the original picture").click()
    assert p.state("image_shape") == [1, 64, 64]


def test_own_picture_by_drag_and_drop_keeps_colour(open_page):
    p = open_page("rgb")
    data = list(_png(20, 10, (0, 128, 255)))
    p.page.evaluate("""(bytes) => {
      const file = new File([new Uint8Array(bytes)], 'drop.png', {type: 'image/png'});
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const frame = document.querySelector('.iw-picture');
      frame.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
      frame.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""", data)
    p.page.wait_for_function("document.querySelector('.d2l-iw').dataset.upload === '20x10'")
    assert p.state("image_shape") == [3, 10, 20]
    values = p.page.evaluate("Array.from(new Uint8Array(window.__state().pixels.buffer))")
    assert values[:1] + values[200:201] + values[400:401] == [0, 128, 255]


def test_a_file_that_is_no_picture_gets_a_message(open_page):
    p = open_page("photo")
    p.page.set_input_files('input[type="file"]', files=[
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a picture"}])
    p.page.wait_for_function("document.querySelector('.iw-message').textContent !== ''")
    assert p.page.inner_text(".iw-message") == "This picture could not be read: notes.txt is not a picture"
    assert p.state("image_shape") == [1, 64, 64]


def test_render_cleans_up(open_page):
    p = open_page("photo")
    assert p.page.evaluate("window.__listeners()") > 0
    p.page.evaluate("window.__cleanup()")
    assert p.page.evaluate("window.__listeners()") == 0
    assert p.page.locator(".d2l-iw").count() == 0


@pytest.mark.parametrize("name", ["photo", "rgb", "photo_zh", "rgb_zh"])
def test_no_accessibility_violations(open_page, name):
    """axe-core finds no violation of any impact in the view (grayscale and RGB with pooling,
    in English and in Chinese)."""
    p = open_page(name)
    p.page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    violations = p.page.evaluate(
        "async () => (await axe.run(document.querySelector('.d2l-iw'), {resultTypes: ['violations']}))"
        ".violations.map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)")
    assert violations == []


# -- the book's static renderer (book/static/d2l-widgets.js) on a saved image view -----

SAVED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Saved image view</title>
<script type="application/vnd.jupyter.widget-state+json">{state}</script>
<script async src="d2l-widgets.js"></script></head>
<body><main><h1>Saved image view</h1><div class="cell_output">
<script type="application/vnd.jupyter.widget-view+json">{view}</script></div></main></body></html>
"""


@pytest.fixture(scope="session")
def saved_site(tmp_path_factory):
    """A page holding an image view's widget state exactly as `make record` saves it:
    a notebook run by nbclient with store_widget_state=True, the pixels in `buffers`."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\nfrom d2l_utils.widgets import ImageWindow\n"
        "ImageWindow(np.arange(9.0).reshape(3, 3) / 8, [[0.0, 1.0], [2.0, 3.0]], title='saved')")]
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True).execute()
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]
    view = nb.cells[0].outputs[0].data["application/vnd.jupyter.widget-view+json"]
    assert any(entry.get("buffers") for entry in state["state"].values()), "no buffers saved"
    folder = tmp_path_factory.mktemp("saved_page")
    escape = lambda value: json.dumps(value).replace("</", "<\\/")  # noqa: E731
    (folder / "index.html").write_text(
        SAVED_PAGE.format(state=escape(state), view=escape(view)), encoding="utf8")
    (folder / "d2l-widgets.js").write_text(
        (ROOT / "book" / "static" / "d2l-widgets.js").read_text(encoding="utf8"), encoding="utf8")
    with book_server.serving(folder) as url:
        yield url


def test_book_renderer_puts_saved_buffers_back(browser, saved_site):
    """The pixels saved as base64 `buffers` reach the view as bytes: it draws and sums them."""
    page = OfflinePage(browser, saved_site + "index.html")
    try:
        page.page.goto(page.url)
        page.page.wait_for_selector(".d2l-iw", state="attached")
        assert page.page.text_content(".iw-message") == ""
        assert page.page.inner_text(".iw-sum").split("\n")[-1] == "0.5×0 + 0.625×1 + 0.875×2 + 1×3 = 5.375"
        page.page.locator(".iw-map").focus()
        page.page.keyboard.press("Home")
        assert page.page.inner_text(".iw-sum").split("\n")[-1] == "0×0 + 0.125×1 + 0.375×2 + 0.5×3 = 2.375"
        page.assert_clean()
    finally:
        page.close()


def test_first_drawing_is_two_tasks_of_its_own(open_page):
    """render() returns before anything is computed, the next task draws the picture and
    the one after the maps, so a page drawing many widgets while it loads has no long task."""
    p = open_page("photo")
    steps = p.page.evaluate("""async () => {
      const el = document.createElement('div');
      document.body.appendChild(el);
      const cleanup = window.__pure.default.render({ model: window.__model, el });
      const seen = () => [el.querySelector('.iw-picture canvas').width, el.querySelector('.iw-sum').textContent];
      const steps = [seen()];
      for (let n = 0; n < 2; n++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        steps.push(seen());
      }
      cleanup();
      return steps;
    }""")
    assert [width for width, _ in steps] == [300, 64, 64]  # 300: a canvas's default width
    assert [bool(text) for _, text in steps] == [False, False, True]
    assert steps[2][1].startswith("feature map row 31, column 31")


# An anywidget that writes out the bytes it was given at `data` and `nested.inner`.
BYTES_ESM = """
const show = (v) => v instanceof DataView
  ? `DataView[${Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).join(",")}]`
  : String(v);
export default { render({ model, el }) {
  el.className += " bytes-probe";
  el.textContent = `${show(model.get("data"))} ${show((model.get("nested") || {}).inner)}`;
} };
"""


def test_book_renderer_decodes_base64_and_hex_buffers_at_nested_paths(browser, tmp_path):
    """The widget-state schema allows base64 and hex buffers at any path in the state."""
    state = {"version_major": 2, "version_minor": 0, "state": {"m1": {
        "model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.9.*",
        "state": {"_esm": BYTES_ESM, "nested": {"keep": 1}},
        "buffers": [{"path": ["data"], "encoding": "base64", "data": "AAEC/w=="},
                    {"path": ["nested", "inner"], "encoding": "hex", "data": "0a0bff"}]}}}
    view = {"model_id": "m1", "version_major": 2, "version_minor": 0}
    (tmp_path / "index.html").write_text(SAVED_PAGE.format(
        state=json.dumps(state), view=json.dumps(view)), encoding="utf8")
    (tmp_path / "d2l-widgets.js").write_text(
        (ROOT / "book" / "static" / "d2l-widgets.js").read_text(encoding="utf8"), encoding="utf8")
    with book_server.serving(tmp_path) as url:
        page = OfflinePage(browser, url + "index.html")
        try:
            page.page.goto(page.url)
            page.page.wait_for_selector(".bytes-probe")
            assert page.page.inner_text(".bytes-probe") == "DataView[0,1,2,255] DataView[10,11,255]"
            page.assert_clean()
        finally:
            page.close()


@pytest.mark.parametrize("events", [True, False], ids=["events", "no-events"])
def test_a_chinese_view_draws_answers_the_arrow_keys_and_speaks_chinese(open_page, events):
    p = open_page("photo_zh", events)
    w = widgets()["photo_zh"]
    assert p.page.get_attribute(".d2l-iw", "lang") == "zh-CN"
    X = w.X
    assert p.canvas_pixel(".iw-picture .iw-base", 5, 7)[:3] == [round(X[7, 5] * 255)] * 3
    i, j = w.selected
    assert p.sum_lines()[0] == f"特征图第 {i} 行第 {j} 列（窗口在第 {i} 到 {i + 2} 行、第 {j} 到 {j + 2} 列）："
    p.page.locator(".iw-map").focus()
    p.page.keyboard.press("Home")
    assert p.state("selected") == [0, 0]
    p.page.keyboard.press("ArrowRight")
    assert p.state("selected") == [0, 1]
    assert p.sum_lines()[0] == "特征图第 0 行第 1 列（窗口在第 0 到 2 行、第 1 到 3 列）："
    text = p.page.inner_text(".d2l-iw")
    for words in ["卷积核", "填充", "步幅", "偏置", "汇聚", "特征图", "每个轴上的特征图大小", "使用你自己的图片"]:
        assert words in text
    for english in ["Kernel", "Padding", "Stride", "feature map", "picture", "Pooling"]:
        assert english not in text
    label = p.page.get_attribute(".iw-picture .iw-base", "aria-label")
    assert label == "灰度图片，64 × 64 像素；3 × 3 的窗口覆盖第 0 到 2 行、第 1 到 3 列"
