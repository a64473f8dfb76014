"""The widgets in their hosts' light and dark themes, in Chromium, offline.

Each widget kind (a SlidingWindow with padding, one pooling, an RGB ImageWindow with max
pooling) is saved into a page as myst-nb writes a notebook's widgets and drawn by
book/static/d2l-widgets.js, inside a page dressed as each host marks its theme:
the book (pydata-sphinx-theme's data-theme on <html>), JupyterLab and Notebook 7
(data-jp-theme-light on <body> and their --jp-* colours), classic Notebook
(body.notebook_app, always light) and a plain page (the system's prefers-color-scheme).
In each, axe-core finds no violation (colour contrast included) in any widget, the card
takes the theme's colours, and a screenshot of every widget goes to
_build/screenshots/themes/.  A theme switched while the page is open restyles the
widgets and redraws the ImageWindow's outlines.
"""
import base64
import contextlib
import io
import json

import pytest
from PIL import Image

from tools import ROOT
from tools.browser import OfflinePage
from book import serve as book_server
from d2l_utils import images
from d2l_utils.widgets import SlidingWindow
from d2l_utils.widgets.image_window import ImageWindow

SCREENSHOTS = ROOT / "_build" / "screenshots" / "themes"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DRAW = ROOT / "book" / "static" / "d2l-widgets.js"

# The colours JupyterLab 4's themes give the variables the widgets read (theme-light-extension
# and theme-dark-extension, variables.css).
JP = {"light": "--jp-layout-color1: #ffffff; --jp-content-font-color1: rgba(0, 0, 0, 1);"
               " --jp-border-color1: #bdbdbd; background: #ffffff;",
      "dark": "--jp-layout-color1: #212121; --jp-content-font-color1: rgba(255, 255, 255, 1);"
              " --jp-border-color1: #616161; background: #111111;"}
PAGE_BG = {"light": "#ffffff", "dark": "#14181e"}  # pydata-sphinx-theme's --pst-color-background

#: host -> how the page marks its theme: (attributes of <html>, of <body>, body style)
HOSTS = {
    "book": lambda theme: (f'data-theme="{theme}"', "", f"background: {PAGE_BG[theme]};"),
    "jupyterlab": lambda theme: ("", f'data-jp-theme-light="{str(theme == "light").lower()}"', JP[theme]),
    "system": lambda theme: ("", "", f"background: {PAGE_BG[theme]};"),
}
KINDS = {"padding": ".d2l-sw", "max_pool": ".d2l-sw", "image": ".d2l-iw"}


def widgets():
    return {"padding": SlidingWindow.preset("padding"), "max_pool": SlidingWindow.preset("max_pool"),
            "image": ImageWindow(images.photo(32, color=True), "Sobel x", pool="max")}


def saved_state(widget):
    """A widget's state as nbclient's store_widget_state saves it: bytes in ``buffers``."""
    state = widget.get_state()
    buffers = [{"path": [name], "encoding": "base64", "data": base64.b64encode(value).decode()}
               for name, value in state.items() if isinstance(value, (bytes, bytearray, memoryview))]
    state = {name: value for name, value in state.items() if not isinstance(value, (bytes, bytearray, memoryview))}
    return {"model_module": "anywidget", "model_name": "AnyModel", "model_module_version": "~0.9.*",
            "state": state, "buffers": buffers}


def page_html(states, html_attrs, body_attrs, body_style):
    saved = {"version_major": 2, "version_minor": 0, "state": states}
    views = "".join(
        f'<div class="cell_output" id="out-{name}"><script type="application/vnd.jupyter.widget-view+json">'
        f'{json.dumps({"model_id": name, "version_major": 2, "version_minor": 0})}</script></div>'
        for name in states)
    return (f'<!doctype html><html lang="en" {html_attrs}><head><meta charset="utf-8"><title>themes</title>'
            '<script type="application/vnd.jupyter.widget-state+json">'
            + json.dumps(saved).replace("</", "<\\/") + '</script>'
            f'<script async src="d2l-widgets.js"></script></head><body {body_attrs} '
            f'style="margin: 10px; {body_style}"><main>{views}</main></body></html>')


@pytest.fixture(scope="session")
def theme_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("theme_pages")
    (folder / "d2l-widgets.js").write_text(DRAW.read_text(encoding="utf8"), encoding="utf8")
    states = {name: saved_state(widget) for name, widget in widgets().items()}
    for host, marks in HOSTS.items():
        for theme in ("light", "dark"):
            (folder / f"{host}-{theme}.html").write_text(page_html(states, *marks(theme)), encoding="utf8")
    (folder / "classic.html").write_text(page_html(states, "", 'class="notebook_app"', "background: #fff;"),
                                         encoding="utf8")
    with book_server.serving(folder) as url:
        yield url


class ThemePage(OfflinePage):
    """A theme page opened with the browser's prefers-color-scheme set to ``scheme``."""

    CONSOLE_TYPES = ("error", "warning")
    VIEWPORT = {"width": 1100, "height": 900}

    def __init__(self, browser, url, scheme):
        super().__init__(browser, url)
        self.page.emulate_media(color_scheme=scheme)
        self.page.goto(url)
        self.page.wait_for_function(
            "document.querySelectorAll('.d2l-sw .sw-sum').length === 2 &&"
            " (document.querySelector('.d2l-iw .iw-sum') || {}).textContent")

    def background(self, selector):
        """The widget card's background as (r, g, b)."""
        text = self.page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")
        return tuple(int(float(v)) for v in text[text.index("(") + 1:text.index(")")].split(",")[:3])

    def axe(self, selector):
        self.page.add_script_tag(path=str(AXE_JS))
        return self.page.evaluate(
            "async (s) => (await axe.run(document.querySelector(s), {resultTypes: ['violations']}))"
            ".violations.map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
            selector)

    def overlay_colours(self):
        """The opaque colours on the ImageWindow's picture overlay (the window's outline and halo)."""
        url = self.page.evaluate(
            "document.querySelector('.d2l-iw .iw-frame canvas:last-child').toDataURL('image/png')")
        picture = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")
        return {rgba[:3] for _, rgba in picture.getcolors(1 << 20) if rgba[3] == 255}


def open_theme_page(browser, url, scheme):
    return ThemePage(browser, url, scheme)


def luminance(rgb):
    return sum(w * (c / 255) for w, c in zip((0.2126, 0.7152, 0.0722), rgb))


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("host", list(HOSTS))
def test_every_widget_in_each_theme(browser, theme_site, host, theme):
    """Every widget kind takes the host's theme, passes axe (contrast included) and is
    photographed.  The system host is opened with the other preference than its theme's
    opposite: its theme *is* the preference; the book and JupyterLab are opened with the
    opposite preference, which their own mark must win over."""
    other = "dark" if theme == "light" else "light"
    scheme = theme if host == "system" else other
    p = open_theme_page(browser, f"{theme_site}{host}-{theme}.html", scheme)
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, selector in KINDS.items():
            widget = f"#out-{name} {selector}"
            bg = p.background(widget)
            assert (luminance(bg) < 0.2) == (theme == "dark"), f"{host} {theme} {name}: card {bg}"
            p.page.locator(widget).screenshot(path=str(SCREENSHOTS / f"{host}-{theme}-{name}.png"))
            assert p.axe(widget) == [], f"{host} {theme} {name}"
        p.assert_clean()
    finally:
        p.close()


def test_classic_notebook_stays_light_under_a_dark_preference(browser, theme_site):
    p = open_theme_page(browser, f"{theme_site}classic.html", "dark")
    try:
        for name, selector in KINDS.items():
            assert luminance(p.background(f"#out-{name} {selector}")) > 0.9, name
        p.assert_clean()
    finally:
        p.close()


def test_a_theme_switched_while_open_restyles_and_redraws(browser, theme_site):
    """pydata-sphinx-theme's switch sets data-theme on <html>: the cards turn dark and the
    ImageWindow's window outline is redrawn in the dark theme's blue."""
    p = open_theme_page(browser, f"{theme_site}book-light.html", "light")
    try:
        light_blue, dark_blue = (0x00, 0x72, 0xB2), (0x56, 0xB4, 0xE9)
        assert light_blue in p.overlay_colours() and dark_blue not in p.overlay_colours()
        p.page.evaluate("document.documentElement.dataset.theme = 'dark'")
        p.page.wait_for_timeout(100)
        for name, selector in KINDS.items():
            assert luminance(p.background(f"#out-{name} {selector}")) < 0.2, name
        colours = p.overlay_colours()
        assert dark_blue in colours and light_blue not in colours
        p.assert_clean()
    finally:
        p.close()


@contextlib.contextmanager
def drawn_page(browser, folder, states):
    """A plain page of the saved ``states`` served from ``folder``, open and drawn (the image
    view's sum written); its console is checked clean and it is closed on the way out."""
    (folder / "d2l-widgets.js").write_text(DRAW.read_text(encoding="utf8"), encoding="utf8")
    (folder / "index.html").write_text(page_html(states, "", "", ""), encoding="utf8")
    with book_server.serving(folder) as url:
        p = OfflinePage(browser, url + "index.html")
        try:
            p.page.goto(p.url)
            p.page.wait_for_function("(document.querySelector('.d2l-iw .iw-sum') || {}).textContent")
            yield p.page
            p.assert_clean()
        finally:
            p.close()


def test_every_number_box_shows_its_whole_number(browser, tmp_path):
    """The kernel boxes hold 6.2's learned kernel, 0.9895 and -0.9874, without cutting a
    digit (scrollWidth is the text's width in an <input>); so does every other box."""
    states = {"image": saved_state(ImageWindow(images.photo(16), [[0.9895, -0.9874]], bias=-0.1234)),
              "padding": saved_state(SlidingWindow([[0.5, -1.25], [3.5, 4.0]], [[0.9895, -0.9874]], bias=-0.1234))}
    with drawn_page(browser, tmp_path, states) as page:
        cut = page.evaluate(
            "[...document.querySelectorAll('input[type=number], input.sw-bias')]"
            ".filter(b => b.offsetParent && b.scrollWidth > b.clientWidth)"
            ".map(b => `${b.getAttribute('aria-label')}: ${b.value}`)")
        values = page.evaluate("[...document.querySelectorAll('.iw-kgrid input')].map(b => b.value)")
        assert values == ["0.9895", "-0.9874"]
        assert cut == [], "\n".join(cut)


def test_the_kernel_menu_speaks_the_readers_language(browser, tmp_path):
    """A Chinese ImageWindow labels its kernel gallery in Chinese; the values stay the API's
    names (ImageWindow(X, "Sobel x") in either language)."""
    states = {"image": saved_state(ImageWindow(images.photo(16), "Sobel x", lang="zh"))}
    with drawn_page(browser, tmp_path, states) as page:
        options = dict(page.evaluate(
            "[...document.querySelectorAll('.d2l-iw select')[0].options].map(o => [o.value, o.text])"))
        assert options["Sobel x"] == "Sobel x（横向梯度）" and options["box blur"] == "均值模糊"
        assert options["Gaussian"] == "高斯模糊" and options["[[1, -1]]"] == "[[1, -1]]"
        assert page.evaluate("document.querySelectorAll('.d2l-iw select')[0].value") == "Sobel x"
