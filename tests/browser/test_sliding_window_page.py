"""The SlidingWindow's JavaScript in a real browser, offline, without a kernel or a book.

Run by `make test-browser` (marked browser: a plain `pytest tests` leaves it out). A temporary
folder gets tests/widget_page/index.html (with fake_model.mjs, whose watched() logs the
model's sets), book/static/d2l-widgets.js and the whole state of
two widgets as the Python class sends it (`_esm`, `_css`, presets): a preset (widget.json)
and the 32x32 widget `make bench` times (redraw.json). book/serve.py serves it on 127.0.0.1
and Chromium opens it with every request to another host aborted. The page draws the
widget as the book does, with d2l-widgets.js's model (window.__state() is its state), so
each test can drive the view with mouse and keyboard and read back the traits it set.

Most tests run twice: with model.set() calling the change listeners, as in Jupyter, and
without (events=0), where the view must redraw from its own handlers.
"""
import http.server
import json
import shutil
import threading
import urllib.parse

import pytest

from tools import ROOT
from tools.browser import OfflinePage
from book import serve as book_server
from d2l_utils.widgets import PRESETS, SlidingWindow
from d2l_utils.widgets.strings import say
from tools.bench.redraw_widget import redraw_widget



PAGE = ROOT / "tests" / "widget_page" / "index.html"
FAKE_MODEL = ROOT / "tests" / "widget_page" / "fake_model.mjs"
DRAW = ROOT / "book" / "static" / "d2l-widgets.js"

# The "corr2d" preset (6.2): X = [[0,1,2],[3,4,5],[6,7,8]], K = [[0,1],[2,3]].
SUM_00 = "0×0 + 1×1 + 3×2 + 4×3 = 19"
SUM_01 = "1×0 + 2×1 + 4×2 + 5×3 = 25"
SUM_11 = "4×0 + 5×1 + 7×2 + 8×3 = 43"
SUM_10 = "3×0 + 4×1 + 6×2 + 7×3 = 37"


# -- the page and the browser ---------------------------------------------------------

@pytest.fixture(scope="session")
def widget_site(tmp_path_factory):
    """Base URL of a folder holding the test page, d2l-widgets.js and two widgets' states."""
    folder = tmp_path_factory.mktemp("widget_page")
    shutil.copy(PAGE, folder / "index.html")
    shutil.copy(FAKE_MODEL, folder / FAKE_MODEL.name)
    shutil.copy(DRAW, folder / "d2l-widgets.js")
    widget = SlidingWindow.preset(PRESETS[0])
    for name, drawn in [("widget", widget), ("redraw", redraw_widget())]:
        (folder / f"{name}.json").write_text(json.dumps(drawn.get_state()), encoding="utf8")
    (folder / "book.html").write_text(book_page(widget.get_state()), encoding="utf8")
    with book_server.serving(folder) as url:
        yield url


def book_page(state):
    """A page as myst-nb writes a notebook's saved widgets: the state, then a view of the
    SlidingWindow and of a widget the book cannot draw (an ipywidgets slider)."""
    saved = {"version_major": 2, "version_minor": 0, "state": {
        "sw": {"model_module": "anywidget", "model_name": "AnyModel",
               "model_module_version": "~0.9.*", "state": state},
        "slider": {"model_module": "@jupyter-widgets/controls", "model_name": "IntSliderModel",
                   "model_module_version": "2.0.0", "state": {"value": 3}}}}
    view = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "%s"}</script>'
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>saved widgets</title>'
            '<script type="application/vnd.jupyter.widget-state+json">'
            + json.dumps(saved).replace("</", "<\\/") + '</script>'
            '<script async src="d2l-widgets.js"></script></head><body>'
            f'<div class="cell_output">{view % "sw"}</div>'
            f'<div class="cell_output">{view % "slider"}</div></body></html>')


class WidgetPage(OfflinePage):
    """The test page, offline; console warnings count as errors here too."""

    CONSOLE_TYPES = ("error", "warning")
    VIEWPORT = {"width": 1200, "height": 900}

    def __init__(self, browser, url):
        super().__init__(browser, url)
        self.page.goto(url)
        self.page.wait_for_function("window.__ready === true")

    # -- reading and driving the widget

    def state(self, expression):
        """A value of the fake model's state, e.g. state("selected")."""
        return self.page.evaluate(f"window.__state().{expression}")

    def last_sum(self):
        """The last line of the arithmetic shown for the selected output."""
        return self.page.inner_text(".sw-sum").split("\n")[-1]

    def out_cell(self, i, j):
        return self.page.locator(f".sw-out .sw-cell[data-r='{i}'][data-c='{j}']")

    def in_cell(self, i, j):
        return self.page.locator(f".sw-in .sw-cell[data-r='{i}'][data-c='{j}']")

    def out_cells(self):
        return self.page.locator(".sw-out .sw-cell").count()

    def type_into(self, cell, text):
        """Click a grid cell, replace its value by ``text`` and press Enter."""
        cell.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def set_number(self, label, value):
        field = self.page.get_by_label(label)
        field.fill(str(value))
        field.dispatch_event("change")

    def choose(self, label, value):
        self.page.select_option(f"select[aria-label='{label}']", value)


@pytest.fixture
def open_widget(browser, widget_site):
    """open_widget("preset=corr2d&events=0") -> a WidgetPage; checked for errors at the end."""
    opened = []

    def open_page(query=""):
        w = WidgetPage(browser, urllib.parse.urljoin(widget_site, "index.html?" + query))
        opened.append(w)
        return w

    yield open_page
    try:
        for w in opened:
            w.assert_clean()
    finally:
        for w in opened:
            w.close()


@pytest.fixture(params=["1", "0"], ids=["with-change-events", "without-change-events"])
def corr2d(request, open_widget):
    """The corr2d preset, its model calling the change listeners or not."""
    return open_widget(f"preset=corr2d&events={request.param}")


# -- keyboard and screen readers ------------------------------------------------------

def test_arrow_home_end_keys_step_the_window(corr2d):
    corr2d.out_cell(0, 0).click()
    seen = [corr2d.last_sum()]
    for key in ["ArrowRight", "ArrowDown", "ArrowLeft", "Home", "End", "ArrowUp"]:
        corr2d.page.keyboard.press(key)
        seen.append(corr2d.last_sum())
    assert seen == [SUM_00, SUM_01, SUM_11, SUM_10, SUM_00, SUM_11, SUM_01]


def test_active_descendant_follows_the_window(corr2d):
    corr2d.out_cell(0, 0).click()
    corr2d.page.keyboard.press("ArrowRight")
    focused = corr2d.page.evaluate(
        "() => { const grid = document.activeElement;"
        " const cell = document.getElementById(grid.getAttribute('aria-activedescendant'));"
        " return [grid.classList.contains('sw-out'), cell && cell.dataset.r, cell && cell.dataset.c]; }")
    assert focused == [True, "0", "1"]


def test_selected_trait_follows_the_window(corr2d):
    corr2d.out_cell(0, 0).click()
    corr2d.page.keyboard.press("ArrowRight")
    assert corr2d.state("selected") == [0, 1]


# What JupyterLab and Notebook 7 see of a key: Lumino's keymap listens on the document in
# the capture phase and skips a key whose target (or an ancestor) has
# data-lm-suppress-shortcuts; the notebook's own handlers listen in the bubble phase.
WATCH_KEYS = """() => {
  window.__lumino = []; window.__bubbled = [];
  document.addEventListener("keydown", (e) => {
    if (!e.target.closest("[data-lm-suppress-shortcuts]")) window.__lumino.push(e.key);
  }, true);
  document.addEventListener("keydown", (e) => window.__bubbled.push(e.key));
}"""


def test_keys_the_widget_uses_go_no_further(corr2d):
    page = corr2d.page
    page.evaluate(WATCH_KEYS)
    corr2d.out_cell(0, 0).click()
    for key in ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "Home", "End", "x"]:
        page.keyboard.press(key)
    corr2d.in_cell(0, 0).focus()
    for key in ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "End", "Home", "y"]:
        page.keyboard.press(key)
    # Inside a grid Lumino runs no shortcut at all; the page still gets the keys not used.
    assert page.evaluate("[window.__lumino, window.__bubbled]") == [[], ["x", "y"]]
    assert corr2d.state("selected") == [1, 1], "the keys did not reach the widget"


def test_every_focusable_grid_and_control_turns_notebook_shortcuts_off(corr2d):
    corr2d.choose("Preset", "multi_in_out")
    unmarked = corr2d.page.evaluate(
        "() => [...document.querySelectorAll("
        "'.d2l-sw [tabindex], .d2l-sw input, .d2l-sw select, .d2l-sw button')]"
        ".filter((el) => !el.closest('[data-lm-suppress-shortcuts=\"true\"]'))"
        ".map((el) => el.outerHTML.slice(0, 80))")
    assert corr2d.page.locator(".d2l-sw [role=grid]").count() == 2 * 2 + 1
    assert unmarked == []


def test_sum_is_announced_by_screen_readers(corr2d):
    assert corr2d.page.locator(".sw-sum").get_attribute("aria-live") == "polite"


# -- mouse ----------------------------------------------------------------------------

def test_hovering_an_input_cell_marks_the_outputs_it_feeds(corr2d):
    corr2d.in_cell(1, 1).hover()
    assert corr2d.page.locator(".sw-out .sw-feeds").count() == 4
    corr2d.in_cell(0, 0).hover()
    assert corr2d.page.locator(".sw-out .sw-feeds").count() == 1


# -- editing values -------------------------------------------------------------------

def test_editing_an_input_value_changes_the_output_and_x(corr2d):
    corr2d.type_into(corr2d.in_cell(0, 1), "5")
    assert corr2d.out_cell(0, 0).inner_text() == "23"
    assert corr2d.state("x[0][0][1]") == 5
    assert corr2d.state("preset_name") == "", "an edited example is no longer the preset"


def test_editing_a_kernel_value_changes_k_and_the_sum(corr2d):
    corr2d.type_into(corr2d.in_cell(0, 1), "5")
    corr2d.type_into(corr2d.page.locator(".sw-kernel .sw-cell[data-r='0'][data-c='0']"), "-1")
    assert corr2d.state("k[0][0][0][0]") == -1
    corr2d.out_cell(0, 0).click()
    assert corr2d.last_sum() == "0×(-1) + 5×1 + 3×2 + 4×3 = 23"


# -- settings -------------------------------------------------------------------------

TOO_LARGE = " is too large to draw here (at most 64 rows and columns and 8 channels)"


@pytest.mark.parametrize("bad, message, fix, cells", [
    # Every setting that does not fit with the others is refused with Python's message;
    # the drawing stays as it was until a value that works.
    (("Stride, rows", 0), "stride must be at least 1, got (0, 1)", ("Stride, rows", 1), 4),
    (("Window, rows", 5), "kernel K of shape (5, 2) is larger than input X of shape (3, 3)",
     ("Window, rows", 3), 1 * 2),
    (("Padding, rows", 40), "X of shape (3, 3) padded by (40, 0) to (83, 3)" + TOO_LARGE,
     ("Padding, rows", 0), 4),
    (("Input, rows", 0), "X must not be empty, got shape (0, 3)", ("Input, rows", 3), 4),
    (("Input, rows", 100), "X of shape (100, 3)" + TOO_LARGE, ("Input, rows", 4), 6),
    (("Input, rows", 1.5), "X must have a whole number of rows and columns, got (1.5, 3)",
     ("Input, rows", 3), 4),
    (("Window, rows", 0), "K must not be empty, got shape (0, 2)", ("Window, rows", 2), 4),
    (("Window, rows", 65), "K of shape (65, 2)" + TOO_LARGE, ("Window, rows", 1), 6),
    (("Window, columns", 1.5), "K must have a whole number of rows and columns, got (2, 1.5)",
     ("Window, columns", 1), 6),
    (("Padding, columns", 1.5), "padding must be an int or a pair of ints, got (0, 1.5)",
     ("Padding, columns", 1), 8),
    (("Bias", "1e309"), "bias must be a finite number, got 1e309", ("Bias", "1"), 4),
    (("Bias", "one"), "bias must be a finite number, got one", ("Bias", "-2"), 4),
], ids=["stride 0", "window larger than the input", "padding past the limit", "input rows 0",
        "input rows 100", "input rows 1.5", "window rows 0", "window rows 65",
        "window columns 1.5", "padding 1.5", "bias 1e309", "bias not a number"])
def test_a_setting_that_cannot_work_shows_a_message_until_fixed(corr2d, bad, message, fix, cells):
    shown = corr2d.page.locator(".sw-message")
    corr2d.set_number(*bad)
    assert shown.is_visible()
    assert shown.inner_text() == message
    assert corr2d.out_cells() == 4  # the last settings that fitted, still drawn
    corr2d.set_number(*fix)
    assert not shown.is_visible(), shown.inner_text()
    assert corr2d.out_cells() == cells
    corr2d.out_cell(0, 0).click()
    assert corr2d.last_sum().endswith(f"= {corr2d.out_cell(0, 0).inner_text()}")


def test_a_refused_size_leaves_the_other_box_and_the_drawing_alone(corr2d):
    """Input rows 0 once set the columns to 0 too, and rows 3 then gave shape (3, 0)."""
    corr2d.set_number("Input, rows", 0)
    assert corr2d.page.get_by_label("Input, columns").input_value() == "3"
    assert corr2d.state("x[0].length") == 3 and corr2d.out_cells() == 4
    corr2d.set_number("Window, rows", 0)
    assert corr2d.page.get_by_label("Window, columns").input_value() == "2"
    assert corr2d.state("k[0][0].length") == 2


def test_pooling_window_0_and_back(corr2d):
    corr2d.choose("Operation", "max")
    corr2d.set_number("Window, rows", 0)
    assert corr2d.page.locator(".sw-message").inner_text() == "pool_size must be at least 1, got (0, 2)"
    corr2d.set_number("Window, rows", 2)
    assert not corr2d.page.locator(".sw-message").is_visible()
    assert corr2d.last_sum() == "max(0, 1, 3, 4) = 4"


def test_a_number_that_overflows_the_output_is_refused(corr2d):
    """Two cells of 1e308 would make the output infinite: the second edit is refused."""
    corr2d.type_into(corr2d.in_cell(0, 1), "1e308")
    assert corr2d.state("x[0][0][1]") == 1e308
    assert not corr2d.page.locator(".sw-message").is_visible()
    corr2d.type_into(corr2d.in_cell(1, 1), "1e308")
    message = corr2d.page.locator(".sw-message")
    assert message.inner_text() == ("output has infinity at position (0, 0): the sums overflow "
                                    "float64; the value stays 4.")
    assert corr2d.state("x[0][1][1]") == 4
    assert corr2d.out_cells() == 4 and corr2d.in_cell(1, 1).inner_text() == "4"
    corr2d.type_into(corr2d.in_cell(0, 1), "1")
    assert not message.is_visible()
    assert corr2d.out_cell(0, 0).inner_text() == "19"


@pytest.mark.parametrize("text, message", [
    ("abc", '"abc" is not a number; the value stays 1.'),
    ("1e309", '"1e309" is too large for a 64-bit float; the value stays 1.'),
])
def test_a_cell_that_is_not_a_finite_number_is_refused(corr2d, text, message):
    corr2d.type_into(corr2d.in_cell(0, 1), text)
    assert corr2d.page.locator(".sw-message").inner_text() == message
    assert corr2d.state("x[0][0][1]") == 1


def test_preset_menu_and_output_channel_menu(corr2d):
    corr2d.choose("Preset", "multi_in_out")
    assert corr2d.out_cells() == 4
    corr2d.choose("Output channel", "2")
    assert corr2d.out_cell(0, 0).inner_text() == "96"
    assert corr2d.last_sum() == "35 + 61 = 96"


def test_operation_menu_switches_to_max_pooling(corr2d):
    corr2d.choose("Preset", "multi_in_out")
    corr2d.choose("Operation", "max")
    assert corr2d.out_cells() == 4
    assert corr2d.last_sum().startswith("max("), corr2d.last_sum()


# -- playing and scrubbing ------------------------------------------------------------

def test_play_advances_the_window_and_pause_stops_it(corr2d):
    page = corr2d.page
    corr2d.choose("Preset", "padding")
    corr2d.choose("Steps per second", "8")
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1300)
    played_to = corr2d.state("selected")
    page.get_by_role("button", name="Pause").click()
    assert played_to != [0, 0], "playing did not move the window"
    assert corr2d.state("playing") is False
    paused_at = corr2d.state("selected")
    page.wait_for_timeout(500)
    assert corr2d.state("selected") == paused_at, "the window moved after Pause"


def test_scrubbing_to_the_last_output_position(corr2d):
    corr2d.choose("Preset", "padding")
    corr2d.page.get_by_role("button", name="Step back").click()
    corr2d.page.get_by_label("Output position").fill("63")
    assert corr2d.state("selected") == [7, 7]


# -- control groups (the controls trait) ----------------------------------------------

def visible_controls(w):
    return w.page.evaluate(
        "() => [...document.querySelectorAll('.sw-controls [aria-label], .sw-player [aria-label]')]"
        ".filter((el) => el.checkVisibility()).map((el) => el.getAttribute('aria-label'))")


def test_6_2_shows_values_presets_and_play_only(open_widget):
    w = open_widget('extra={"controls": ["values", "presets", "play"]}')
    assert visible_controls(w) == [
        "Preset", "Input", "Input, rows", "Input, columns", "Window", "Window, rows",
        "Window, columns", "Bias", "First position", "Step back",
        "Play", "Step forward", "Last position", "Output position", "Steps per second"]
    options = w.page.locator("select[aria-label=Preset] option")
    assert options.all_inner_texts() == ["(custom)", "corr2d", "edge"]
    assert w.page.inner_text(".sw-formula").split("\n") == [
        "Output size per axis: n - k + 1", "rows: 3 - 2 + 1 = 2", "cols: 3 - 2 + 1 = 2"]


def test_hidden_values_and_play_leave_the_numbers_alone(open_widget):
    w = open_widget('extra={"controls": []}')
    assert visible_controls(w) == []
    w.in_cell(0, 1).click()
    w.page.keyboard.press("Enter")
    assert w.page.locator(".sw-in input").count() == 0
    w.out_cell(0, 0).click()
    w.page.keyboard.press(" ")
    assert w.state("playing") is False
    w.page.keyboard.press("ArrowRight")
    assert w.last_sum() == SUM_01


def test_controls_set_from_the_kernel_show_and_hide_groups(open_widget):
    w = open_widget('extra={"controls": ["values"]}')
    assert not w.page.get_by_label("Padding, rows").is_visible()
    w.page.evaluate('window.__model_set("controls", ["values", "padding", "channels"])')
    assert w.page.get_by_label("Padding, rows").is_visible()
    assert "2p" in w.page.inner_text(".sw-formula")


# -- styles -----------------------------------------------------------------------------

def test_styles_come_from_the_css_trait(corr2d):
    """The module carries no styles: d2l-widgets.js puts `_css` in the page's head."""
    page = corr2d.page
    assert page.locator(".d2l-sw style").count() == 0
    assert page.locator("head style[data-d2l-widget-css]").count() == 1
    looks = page.evaluate("() => { const s = getComputedStyle(document.querySelector('.d2l-sw'));"
                          " return [s.borderTopStyle, s.borderRadius]; }")
    assert looks == ["solid", "6px"]


def test_a_saved_widget_is_drawn_and_styled_as_in_the_book(browser, widget_site):
    """book.html holds the widget state as a built page does: d2l-widgets.js draws it
    with its `_css`, and says why it leaves out the slider."""
    page = OfflinePage(browser, urllib.parse.urljoin(widget_site, "book.html"))
    try:
        page.page.goto(page.url)
        page.page.wait_for_selector(".d2l-sw .sw-out .sw-cell")
        looks = page.page.evaluate("() => { const s = getComputedStyle(document.querySelector('.d2l-sw'));"
                                   " return [s.borderTopStyle, s.borderRadius]; }")
        assert looks == ["solid", "6px"]
        assert page.page.inner_text(".sw-sum").split("\n")[-1] == SUM_00
        assert page.page.inner_text(".jupyter-widgets-error-widget") == (
            "This widget could not be drawn: the book draws anywidgets only, not "
            "@jupyter-widgets/controls's IntSliderModel; run the notebook to see it")
        page.assert_clean()
    finally:
        page.close()



class HeldTail(http.server.BaseHTTPRequestHandler):
    """slow.html as the book writes a page (d2l-widgets.js in the head before the saved
    state), with its tail (a second view of the same widget, the end of the page) held
    back until ``tail`` is set; d2l-widgets.js for the script."""

    tail = threading.Event()
    state = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/d2l-widgets.js":
            body, kind = DRAW.read_bytes(), "text/javascript"
        elif self.path != "/slow.html":
            self.send_error(404)
            return
        else:
            body, kind = None, "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Connection", "close")
        self.end_headers()
        if body is not None:
            self.wfile.write(body)
            return
        saved = {"version_major": 2, "version_minor": 0, "state": {"sw": {
            "model_module": "anywidget", "model_name": "AnyModel",
            "model_module_version": "~0.9.*", "state": self.state}}}
        view = ('<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">'
                '{"model_id": "sw"}</script></div>')
        self.wfile.write((
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>slow tail</title>'
            '<script src="d2l-widgets.js"></script>'
            '<script type="application/vnd.jupyter.widget-state+json">'
            + json.dumps(saved).replace("</", "<\\/") + '</script></head><body>'
            + view + "<p>" + "text " * 2000 + "</p>").encode("utf8"))
        self.wfile.flush()
        self.tail.wait(timeout=60)
        self.wfile.write((view + "</body></html>").encode("utf8"))


def test_a_view_is_drawn_while_the_rest_of_the_page_is_still_loading(browser):
    """The first widget of a page is drawn as soon as the parser reaches its view, not
    when the whole page has arrived and been parsed; every view is drawn exactly once."""
    handler = type("Handler", (HeldTail,), {"tail": threading.Event(),
                                             "state": SlidingWindow.preset(PRESETS[0]).get_state()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = OfflinePage(browser, f"http://127.0.0.1:{server.server_address[1]}/slow.html")
    try:
        page.page.goto(page.url, wait_until="commit")
        page.page.wait_for_selector(".d2l-sw .sw-out .sw-cell", timeout=15_000)
        assert page.page.evaluate("document.readyState") == "loading"
        handler.tail.set()
        page.page.wait_for_load_state("domcontentloaded")
        page.page.wait_for_function("document.querySelectorAll('.d2l-sw .sw-out').length >= 2")
        drawn = page.page.evaluate(
            "() => [...document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]')]"
            ".map(tag => tag.parentElement.querySelectorAll('.widget-subarea').length)")
        assert drawn == [1, 1]
        assert page.page.locator(".d2l-sw").count() == 2
        page.assert_clean()
    finally:
        handler.tail.set()
        page.close()
        server.shutdown()
        server.server_close()


# -- lifecycle ------------------------------------------------------------------------

def test_cleanup_removes_the_view(corr2d):
    assert corr2d.page.locator(".d2l-sw").count() == 1
    corr2d.page.evaluate("window.__cleanup()")
    assert corr2d.page.locator(".d2l-sw").count() == 0


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_renders(name, open_widget):
    w = open_widget(f"preset={name}")
    assert w.page.locator(".d2l-sw").is_visible()
    assert w.last_sum().strip(), f"preset {name} shows no arithmetic"
    assert not w.page.locator(".sw-message").is_visible(), w.page.locator(".sw-message").inner_text()


def test_large_input_renders(open_widget):
    """32x32 input, 5x5 kernel: 28x28 outputs (its speed is tools/bench/browser.py's)."""
    w = open_widget("widget=redraw")
    assert w.out_cells() == 28 * 28
    w.out_cell(0, 0).click()
    w.page.keyboard.press("ArrowRight")
    assert w.state("selected") == [0, 1]


# -- the widget in Chinese (lang="zh") ------------------------------------------------------

def zh_query(preset="corr2d", events="1"):
    extra = json.dumps({"lang": "zh", "title": say("zh", f"preset.{preset}")})
    return f"preset={preset}&events={events}&extra={urllib.parse.quote(extra)}"


AXE = ("async () => (await axe.run(document.querySelector('.d2l-sw'), {resultTypes: ['violations']}))"
       ".violations.map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)")


@pytest.mark.parametrize("events", ["1", "0"], ids=["with-change-events", "without-change-events"])
def test_a_chinese_widget_draws_answers_the_arrow_keys_and_speaks_chinese(open_widget, events):
    zh = open_widget(zh_query(events=events))
    assert zh.out_cells() == 4
    assert zh.page.get_attribute(".d2l-sw", "lang") == "zh-CN"
    zh.out_cell(0, 0).click()
    sums = [zh.page.inner_text(".sw-sum")]
    for key in ["ArrowRight", "ArrowDown", "Home"]:
        zh.page.keyboard.press(key)
        sums.append(zh.page.inner_text(".sw-sum"))
    assert sums == ["输出第 0 行第 0 列：\n" + SUM_00, "输出第 0 行第 1 列：\n" + SUM_01,
                    "输出第 1 行第 1 列：\n" + SUM_11, "输出第 0 行第 0 列：\n" + SUM_00]
    assert zh.state("selected") == [0, 0]
    assert zh.page.inner_text(".sw-play") == "播放"
    assert zh.page.inner_text(".sw-title") == "互相关运算（6.2）"
    text = zh.page.inner_text(".d2l-sw")
    for words in ["预设", "输入", "卷积核", "输出", "填充", "步幅", "膨胀", "偏置", "每个轴上的输出大小"]:
        assert words in text
    for english in ["Preset", "Padding", "Stride", "Play", "output", "kernel", "Output size"]:
        assert english not in text
    zh.page.get_by_role("button", name="播放").click()
    assert zh.page.inner_text(".sw-play") == "暂停"
    zh.page.get_by_role("button", name="暂停").click()


def test_a_new_lang_redraws_the_widget_in_that_language(open_widget):
    zh = open_widget(zh_query())
    zh.page.evaluate("window.__model_set('lang', 'en')")
    assert zh.page.inner_text(".sw-play") == "Play"
    assert zh.page.get_attribute(".d2l-sw", "lang") is None
    assert zh.page.locator(".d2l-sw").count() == 1
    zh.out_cell(0, 0).click()
    zh.page.keyboard.press("ArrowRight")
    assert zh.last_sum() == SUM_01 and "output row 0, column 1:" in zh.page.inner_text(".sw-sum")
    zh.page.evaluate("window.__model_set('lang', 'zh')")
    assert zh.page.inner_text(".sw-play") == "播放"


@pytest.mark.parametrize("query", ["preset=corr2d", zh_query(), zh_query("multi_in_out"),
                                   zh_query("pool_pad_stride")],
                         ids=["en", "zh", "zh-channels", "zh-pooling"])
def test_no_accessibility_violations(open_widget, query):
    """axe-core finds no violation of any impact in the view; in Chinese it is marked zh-CN."""
    w = open_widget(query)
    w.page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    assert w.page.evaluate(AXE) == []
