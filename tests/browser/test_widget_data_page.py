"""An image view whose picture book/widget_data.py moved to a file, drawn by the book's
renderer (book/static/d2l-widgets.js) in Chromium, offline.

Run by `make test-browser` (marked browser). A temporary folder holds d2l-widgets.js,
the picture's file and small pages with the view's saved state as the book writes it; the
page's load event can be held back by a picture whose request the test keeps waiting.
"""
import base64
import json

import numpy as np
import pytest
from ipywidgets.widgets.widget import _remove_buffers

from book import widget_data
from tools import ROOT
from tools.browser import OfflinePage
from book import serve as book_server
from d2l_utils.widgets.image_window import ImageWindow



# The sum under the window the view starts with, and after Home (as for a picture in the page).
FIRST_SUM = "0.5×0 + 0.625×1 + 0.875×2 + 1×3 = 5.375"
HOME_SUM = "0×0 + 0.125×1 + 0.375×2 + 0.5×3 = 2.375"
SUM = ".iw-sum:not(.iw-pool-sum)"  # the sum under the window (not the pooled one's)
SPACER = '<div style="height: 6000px">text above the view</div>'
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script src="d2l-widgets.js"></script>
<script type="application/vnd.jupyter.widget-state+json">{state}</script></head>
<body><main><h1>{title}</h1><img src="held.png" alt="" width="1" height="1">{spacer}
{views}</main></body></html>
"""
VIEW = '<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">{}</script></div>'


def escape(value):
    return json.dumps(value).replace("</", "<\\/")


def saved_state(widgets):
    """The widget state of ``widgets`` as nbclient saves it: binary traits in base64 buffers."""
    state = {}
    for widget in widgets:
        traits, paths, buffers = _remove_buffers(widget.get_state())
        state[widget.model_id] = {
            "model_module": "anywidget", "model_name": "AnyModel", "state": traits,
            "buffers": [{"path": path, "encoding": "base64", "data": base64.b64encode(data).decode()}
                        for path, data in zip(paths, buffers)]}
    return {"state": state, "version_major": 2, "version_minor": 0}


def write_page(folder, name, widgets, url_of=None, spacer=""):
    """A page showing ``widgets``, its pictures moved to files (their URLs by ``url_of``)."""
    state = saved_state(widgets)
    data = folder / "_static" / widget_data.FOLDER
    data.mkdir(parents=True, exist_ok=True)

    def write(file, content):
        (data / file).write_bytes(content)

    moved = widget_data.externalise(
        state, write, url_of or (lambda file: f"_static/{widget_data.FOLDER}/{file}"), min_bytes=1)
    assert moved == len(widgets), "the pictures did not leave the page"
    views = "\n".join(VIEW.format(escape({"model_id": w.model_id, "version_major": 2,
                                          "version_minor": 0})) for w in widgets)
    (folder / name).write_text(PAGE.format(title=name, state=escape(state), spacer=spacer,
                                           views=views), encoding="utf8")


def tiny(title):
    return ImageWindow(np.arange(9.0).reshape(3, 3) / 8, [[0.0, 1.0], [2.0, 3.0]], title=title)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("widget_data_site")
    (folder / "d2l-widgets.js").write_text(
        (ROOT / "book" / "static" / "d2l-widgets.js").read_text(encoding="utf8"), encoding="utf8")
    write_page(folder, "near.html", [tiny("near")])
    write_page(folder, "far.html", [tiny("far")], spacer=SPACER)
    write_page(folder, "twice.html", [tiny("one"), tiny("two")])
    write_page(folder, "missing.html", [tiny("missing")], url_of=lambda file: "nowhere/" + file)
    # A page whose file is not the one its state names the length of.
    write_page(folder, "short.html", [ImageWindow(np.arange(16.0).reshape(4, 4) / 16, "Sobel x")],
               url_of=lambda file: f"_static/{widget_data.FOLDER}/{widget_data.data_file(b'')}")
    (folder / "_static" / widget_data.FOLDER / widget_data.data_file(b"")).write_bytes(b"")
    with book_server.serving(folder) as url:
        yield url


class HeldPage(OfflinePage):
    """A page whose picture held.png is answered only by ``release()``, so its load event
    waits; ``files`` lists the widget files it requested."""

    def __init__(self, browser, url):
        super().__init__(browser, url)
        self.held, self.files = [], []
        self.page.route("**/held.png", lambda route: self.held.append(route))
        self.page.on("request", lambda r: self.files.append(r.url)
                     if f"/{widget_data.FOLDER}/" in r.url else None)
        self.page.goto(url, wait_until="commit")
        self.page.wait_for_function("document.readyState === 'interactive'")

    def release(self):
        for route in self.held:
            route.fulfill(status=204)


@pytest.fixture
def held(browser, site):
    """Opens a page of ``site`` as a HeldPage; every one is closed after the test."""
    opened = []

    def open_page(name):
        opened.append(HeldPage(browser, site + name))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


# In the page: `n` views show their sum.
DRAWN = ("([sel, n]) => [...document.querySelectorAll(sel)]"
         ".filter((s) => s.textContent !== '').length === n")


def sum_line(page):
    return page.locator(SUM).inner_text().split("\n")[-1]


def test_a_picture_in_a_file_is_drawn_as_from_the_page(held):
    p = held("near.html")
    p.page.wait_for_function(DRAWN, arg=[SUM, 1])
    # Near the screen: fetched and drawn before the page has loaded.
    assert p.page.evaluate("document.readyState") == "interactive"
    assert len(p.files) == 1 and p.files[0].endswith(".bin")
    assert p.page.text_content(".iw-message") == ""
    assert sum_line(p.page) == FIRST_SUM
    p.page.locator(".iw-map").focus()
    p.page.keyboard.press("Home")
    assert sum_line(p.page) == HOME_SUM
    p.release()
    p.assert_clean()


def test_a_picture_far_below_waits_for_the_page_to_load(held):
    p = held("far.html")
    p.page.wait_for_timeout(800)
    assert p.files == [], "a picture far below the screen was fetched before the page loaded"
    assert p.page.locator(".d2l-iw").count() == 0
    p.release()
    p.page.wait_for_function(DRAWN, arg=[SUM, 1])
    assert len(p.files) == 1 and sum_line(p.page) == FIRST_SUM
    p.assert_clean()


def test_a_far_picture_is_fetched_when_the_reader_scrolls_to_it(held):
    p = held("far.html")
    p.page.evaluate("window.scrollTo(0, 5500)")
    p.page.wait_for_function(DRAWN, arg=[SUM, 1])
    assert p.page.evaluate("document.readyState") == "interactive"
    assert sum_line(p.page) == FIRST_SUM
    p.release()
    p.assert_clean()


def test_two_views_of_one_picture_fetch_it_once(held):
    p = held("twice.html")
    p.release()
    p.page.wait_for_function(DRAWN, arg=[SUM, 2])
    assert len(p.files) == 1
    assert [line.split("\n")[-1] for line in p.page.locator(SUM).all_inner_texts()] == [
        FIRST_SUM, FIRST_SUM]
    # Two models: moving one window leaves the other where it was.
    p.page.locator(".iw-map").first.focus()
    p.page.keyboard.press("Home")
    assert [line.split("\n")[-1] for line in p.page.locator(SUM).all_inner_texts()] == [
        HOME_SUM, FIRST_SUM]
    p.assert_clean()


@pytest.mark.parametrize("name, message", [
    ("missing.html", "/nowhere/"),  # "could not load <its URL>: HTTP 404"
    ("short.html", " holds 0 bytes, not 64"),  # 4 x 4 float32
])
def test_a_file_that_cannot_be_had_is_reported_where_the_view_would_be(held, name, message):
    p = held(name)
    p.release()
    error = p.page.locator(".widget-subarea .jupyter-widgets-error-widget")
    error.wait_for()
    assert error.inner_text().startswith("This widget could not be drawn: ")
    assert message in error.inner_text()
    assert p.page.locator(".d2l-iw").count() == 0
    assert not p.page_errors
