"""The SlidingWindow's JavaScript in a real browser, offline, without a kernel or a book.

Run by `make test-browser` (D2L_BROWSER_TEST=1); a plain `pytest tests` skips it. A temporary
folder gets tests/widget_page/index.html, a copy of d2l_utils/widgets/sliding_window.js and
a presets.json written from the Python class's presets; book/serve.py serves it on
127.0.0.1 and Chromium opens it with every request to another host aborted. The page
renders the anywidget module with a fake model (window.__state() is its state), so each
test can drive the view with mouse and keyboard and read back the traits it set.

Most tests run twice: with model.set() calling the change listeners, as in Jupyter, and
without (events=0), where the view must redraw from its own handlers.
"""
import json
import shutil
import urllib.parse

import pytest

from browser_support import ROOT, OfflinePage, book_server, browser_test_only
from d2l_utils.widgets import PRESETS, SlidingWindow

# The `browser` fixture: one Chromium per session, shared with tests/test_book.py.
pytest_plugins = ["browser_support"]

pytestmark = browser_test_only("browser test of the SlidingWindow page: run `make test-browser`")

PAGE = ROOT / "tests" / "widget_page" / "index.html"
WIDGET_CSS = ROOT / "d2l_utils" / "widgets" / "sliding_window.css"

# The "corr2d" preset (6.2): X = [[0,1,2],[3,4,5],[6,7,8]], K = [[0,1],[2,3]].
SUM_00 = "0×0 + 1×1 + 3×2 + 4×3 = 19"
SUM_01 = "1×0 + 2×1 + 4×2 + 5×3 = 25"
SUM_11 = "4×0 + 5×1 + 7×2 + 8×3 = 43"
SUM_10 = "3×0 + 4×1 + 6×2 + 7×3 = 37"


# -- the page and the browser ---------------------------------------------------------

@pytest.fixture(scope="session")
def widget_site(tmp_path_factory):
    """Base URL of a folder holding the test page, the widget's module and its presets."""
    folder = tmp_path_factory.mktemp("widget_page")
    shutil.copy(PAGE, folder / "index.html")
    # The module and styles exactly as the Python class sends them (`_esm` is a bundle).
    (folder / "sliding_window.js").write_text(SlidingWindow._esm, encoding="utf8")
    shutil.copy(WIDGET_CSS, folder / "sliding_window.css")
    # The state of every preset, as the Python class sends it to the front end.
    presets = SlidingWindow.preset(PRESETS[0])._presets
    (folder / "presets.json").write_text(json.dumps(presets), encoding="utf8")
    server, url = book_server.serve(folder)
    try:
        yield url
    finally:
        book_server.stop(server)


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

@pytest.mark.parametrize("bad, message, fix, cells", [
    (("Stride, rows", 0), "stride must be at least 1, got (0, 1)", ("Stride, rows", 1), 4),
    (("Window, rows", 5), "kernel K of shape (5, 2) is larger than input X of shape (3, 3)",
     ("Padding, rows", 1), 1 * 2),
], ids=["stride 0", "window larger than the input"])
def test_a_setting_that_cannot_work_shows_a_message_until_fixed(corr2d, bad, message, fix, cells):
    shown = corr2d.page.locator(".sw-message")
    corr2d.set_number(*bad)
    assert shown.is_visible()
    assert shown.inner_text() == message
    corr2d.set_number(*fix)
    assert not shown.is_visible()
    assert corr2d.out_cells() == cells


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
    """32x32 input, 5x5 kernel, padding 2: 32x32 outputs (its speed is tools/bench_browser.py's)."""
    w = open_widget("big=1")
    assert w.out_cells() == 32 * 32
    w.out_cell(0, 0).click()
    w.page.keyboard.press("ArrowRight")
    assert w.state("selected") == [0, 1]
