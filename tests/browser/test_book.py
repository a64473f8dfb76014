"""The built book in a real browser, offline.

Run by `make test-browser`, which builds the book (`make html`, after checking the Node
packages: book/node_packages.py) and installs Chromium first; this file builds nothing. It serves _build/html on
127.0.0.1, opens every page of both editions (the English one named in _toc.yml, the
Chinese one in zh/_toc.yml, served from zh/) in Chromium with every request to another
host aborted, and checks what a reader would see: no script errors, every saved widget
drawn, the formulas typeset, the link to the other framework's twin page and the language
switch to the same page in the other edition, the page's language, a widget that answers
the keyboard, answers folded, and no serious accessibility problems (axe-core).

It writes a screenshot per page to _build/screenshots/ and the page weight and time to
the first widget per page to _build/browser-metrics.json.
"""
import json
import os
import pathlib
import re
import time
import urllib.parse

import pytest

from playwright import sync_api as playwright_sync

from book import serve as book_server
from tools import ROOT
from d2l_utils import receptive_field as rf
from d2l_utils.widgets.strings import say
from tools.browser import TIMEOUT_MS, WIDGET_SELECTOR, BookPage, toc_pages
from tools.record import shown_widget_states

# The `browser` fixture (tests/browser/conftest.py): one Chromium per session.


# Opens a browser on a built book: `make test-browser` sets this, a plain `pytest tests` skips.

# The book to check; another folder only to try this test on a scratch copy of the book.
BOOK = pathlib.Path(os.environ.get("D2L_BOOK_DIR", ROOT)).resolve()
HTML = BOOK / "_build" / "html"
SCREENSHOTS = BOOK / "_build" / "screenshots"
METRICS = BOOK / "_build" / "browser-metrics.json"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Inside a widget's root (WIDGET_SELECTOR): the arithmetic of the selected output ("output
# row 0, column 0:" then one line per sum), and the output grid's tab stop, which takes the
# arrow keys (the grid itself with aria-activedescendant, or a cell of it with a roving
# tabindex).
WIDGET_SUM_SELECTOR = ".sw-sum"
WIDGET_FOCUS_SELECTOR = ".sw-out[tabindex='0'], .sw-out [tabindex='0']"
# The "corr2d" example of 6.2: the first window position and the one after ArrowRight.
FIRST_SUM = "0×0 + 1×1 + 3×2 + 4×3 = 19"
NEXT_SUM = "1×0 + 2×1 + 4×2 + 5×3 = 25"
# Where ipywidgets' saved views are (one <script> per view, as written by myst-nb).
WIDGET_VIEW_SCRIPT = 'script[type="application/vnd.jupyter.widget-view+json"]'
BLOCKING_IMPACTS = {"serious", "critical"}
# FieldExplorer's root (d2l_utils/widgets/field_explorer.js): its summary (aria-live) and one
# canvas per layer, the input first, each labelled for a screen reader.
FIELD_SELECTOR = ".d2l-rf"
FIELD_LANG = {"en": "en", "zh": "zh-Hans"}


# The editions: where each is served in _build/html, its source folder (with _toc.yml),
# the <html lang> of its pages, and the text of the switch to the other edition.
EDITIONS = {"en": "", "zh": "zh/"}
SOURCES = {"en": BOOK, "zh": BOOK / "zh"}
PAGE_LANG = {"en": "en", "zh": "zh-CN"}
SWITCH_TEXT = {"en": "中文", "zh": "English"}
# Sphinx's own page, in both editions.
SEARCH = "search"


def pages_of(edition):
    """The pages of ``edition``'s _toc.yml as served: "zh/chapters/mxnet/..." for Chinese."""
    return [EDITIONS[edition] + doc for doc, _ in toc_pages(SOURCES[edition])]


def edition_of(page):
    return "zh" if page.startswith(EDITIONS["zh"]) else "en"


PAGES = {edition: pages_of(edition) for edition in EDITIONS}
CHAPTERS = [page for edition in EDITIONS for page in PAGES[edition]
            if page.removeprefix(EDITIONS[edition]).startswith("chapters/")]
# Every page besides the chapters: each edition's intro and search, the Chinese glossary.
OTHER_PAGES = [page for edition in EDITIONS
               for page in PAGES[edition] + [EDITIONS[edition] + SEARCH] if page not in CHAPTERS]
FRAMEWORKS = {"mxnet": "MXNet", "tensorflow": "TensorFlow"}


def twin_of(page):
    """.../chapters/mxnet/x <-> .../chapters/tensorflow/x, and the other framework's name,
    which the link that leads there names in either language."""
    prefix, framework, stem = page.rsplit("/", 2)
    other = "tensorflow" if framework == "mxnet" else "mxnet"
    return f"{prefix}/{other}/{stem}", FRAMEWORKS[other]


def language_twin_of(page):
    """The same page in the other edition; a page the English edition lacks (the glossary)
    leads to its first page."""
    edition = edition_of(page)
    if edition == "en":
        return EDITIONS["zh"] + page
    english = page.removeprefix(EDITIONS["zh"])
    return english if english in PAGES["en"] + [SEARCH] else PAGES["en"][0]


# -- fixtures -------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site():
    """Base URL of _build/html served on 127.0.0.1 at a free port, by book/serve.py
    (gzip for text files, as `make book` serves it)."""
    if not (HTML / "intro.html").exists():
        pytest.fail(f"{HTML} has no intro.html: build the book first (make html)")
    with book_server.serving(HTML) as url:
        yield url


@pytest.fixture(scope="session")
def metrics():
    """Per-page measurements, written to _build/browser-metrics.json at the end."""
    collected = {}
    yield collected
    METRICS.parent.mkdir(parents=True, exist_ok=True)
    METRICS.write_text(json.dumps({
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "note": "bytes = encoded bytes received (headers + gzip-encoded bodies, as served "
                "by book/serve.py) on a cold cache; "
                "ms_to_first_widget = navigation start to the first widget element in the DOM",
        "pages": collected,
    }, indent=2, sort_keys=True) + "\n", encoding="utf8")


# -- one page in the browser ----------------------------------------------------------

class Visit(BookPage):
    """A book page opened offline (weight and time to the first widget: BookPage), and the
    checks every page must pass."""

    # -- checks shared by every page

    def assert_math_typeset(self):
        """Every formula Sphinx wrote has been turned into MathJax output. Returns the count."""
        page = self.page
        count = page.locator(".math").count()
        if count:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.math')].every("
                "m => m.querySelector('mjx-container'))", timeout=TIMEOUT_MS)
            raw = page.locator(".math:not(:has(mjx-container))").count()
            assert raw == 0, f"{self.url}: {raw} of {count} formulas were not typeset"
            # TeX errors, and undefined macros shown in red. The book typesets at build time
            # (book/math_svg.py), where either fails the build; none may reach a page.
            broken = page.evaluate(
                """(sel) => [...document.querySelectorAll(sel)]
                  .map(e => e.closest('.math').textContent.trim().slice(0, 80))""",
                'mjx-merror, mjx-mtext[style*="color: red"], '
                'mjx-container [data-mml-node="merror"], mjx-container g[fill="red"]')
            assert not broken, (
                f"{self.url}: MathJax could not typeset {len(broken)} formulas: {broken[:5]}")
        return count

    def assert_accessible(self):
        self.page.add_script_tag(path=str(AXE_JS))
        result = self.page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " url: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target.join(' '),"
            " html: n.html.slice(0, 200), summary: n.failureSummary}))})); }")
        blocking = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
        for violation in result:
            print(f"axe {violation['impact']}: {violation['id']} ({len(violation['nodes'])} nodes)"
                  f" on {self.url}")
        if blocking:
            lines = []
            for v in blocking:
                lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['url']})")
                for node in v["nodes"][:10]:
                    lines.append(f"    at {node['target']}\n      {node['html']}\n"
                                 f"      {node['summary']}")
            pytest.fail(f"axe-core: serious or critical violations on {self.url}:\n"
                        + "\n".join(lines), pytrace=False)

    def screenshot(self, docname):
        path = SCREENSHOTS / (docname.replace("/", "__") + ".png")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def visit(browser, site):
    opened = []

    def open_page(docname):
        v = Visit(browser, urllib.parse.urljoin(site, docname + ".html"))
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


def assert_first_widget_drawn_while_parsing(v):
    """The first widget was drawn while the page was still being parsed, from the module
    the page's head defines (book/widget_modules.py), and no module file was fetched for
    a module the head defines."""
    seen = v.page.evaluate("""() => ({
      state: window.__firstWidgetReadyState,
      defined: Object.keys(window.d2lWidgetModules || {}),
      fetched: performance.getEntriesByType('resource').map(e => e.name)
        .filter(name => name.includes('/widget-modules/')).map(name => name.split('/').pop()),
    })""")
    assert seen["defined"], f"{v.url}: the head defines no widget module"
    assert seen["state"] == "loading", (
        f"{v.url}: the first widget was drawn when the page was {seen['state']!r}, not while it was parsed")
    assert not set(seen["fetched"]) & set(seen["defined"]), (
        f"{v.url}: fetched {seen['fetched']} though the head defines {seen['defined']}")


def assert_widgets_rendered(v):
    """Each saved widget view got drawn, and SlidingWindows exist."""
    page = v.page
    views = page.locator(WIDGET_VIEW_SCRIPT).count()
    assert views > 0, f"{v.url} has no saved widget view: was the notebook recorded with widget state?"
    # book/static/d2l-widgets.js (or, for other widgets, the HTML manager) draws each view
    # into a div.widget-subarea next to its <script>.
    page.wait_for_function(
        "(sel) => [...new Set([...document.querySelectorAll(sel)].map(s => s.parentElement))]"
        ".every(parent => parent.querySelectorAll(':scope > ' + sel).length <="
        " [...parent.querySelectorAll(':scope > .widget-subarea')]"
        ".filter(area => area.childElementCount > 0).length)",
        arg=WIDGET_VIEW_SCRIPT, timeout=TIMEOUT_MS)
    windows = page.locator(WIDGET_SELECTOR)
    windows.first.wait_for(state="visible", timeout=TIMEOUT_MS)
    for i in range(windows.count()):
        box = windows.nth(i).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, (
            f"{v.url}: SlidingWindow #{i} is not drawn (box {box})")
        assert windows.nth(i).locator(WIDGET_SUM_SELECTOR).inner_text().strip(), (
            f"{v.url}: SlidingWindow #{i} shows no arithmetic")
    errors = page.locator(".jupyter-widgets-error-widget, .jp-RenderedText[data-mime-type*=error]")
    assert errors.count() == 0, f"{v.url}: a widget failed: {errors.first.inner_text()}"
    return views, windows.count()


def recorded_fields(docname):
    """The recorded state of each FieldExplorer the page's notebook shows, in order."""
    return shown_widget_states((BOOK / (docname + ".ipynb")).read_text(encoding="utf8"),
                               "FieldExplorer")


def assert_fields_drawn(v, docname):
    """Each recorded FieldExplorer is drawn in the page's language: a canvas per layer, each
    with a label for a screen reader, and the chosen unit's summary written."""
    fields = recorded_fields(docname)
    drawn = v.page.locator(FIELD_SELECTOR)
    assert drawn.count() == len(fields), f"{v.url}: {drawn.count()} field explorers drawn, {len(fields)} recorded"
    for i, field in enumerate(fields):
        widget = drawn.nth(i)
        box = widget.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, f"{v.url}: field explorer #{i} box {box}"
        assert widget.get_attribute("lang") == FIELD_LANG[edition_of(docname)]
        assert widget.locator(".rf-summary").inner_text().strip(), f"{v.url}: explorer #{i} says nothing"
        labels = widget.locator(".rf-grids canvas").evaluate_all("(cs) => cs.map((c) => c.getAttribute('aria-label'))")
        assert len(labels) == len(field["layers"]) + 1 and all(labels), (
            f"{v.url}: explorer #{i} has canvases labelled {labels}")
    return len(fields)


# -- the tests ------------------------------------------------------------------------

def assert_page_language(v, page):
    lang = v.page.evaluate("() => document.documentElement.lang")
    assert lang == PAGE_LANG[edition_of(page)], (
        f"{v.page.url}: <html lang={lang!r}>, expected {PAGE_LANG[edition_of(page)]!r}")


def follow(v, link, expected):
    """Click ``link``: the page ``expected`` must answer 200 and open cleanly."""
    before = v.page.url
    with v.page.expect_navigation(wait_until="load") as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.ok, (
        f"{before}: the link to {expected} got {response and response.status}")
    assert v.page.url.split("#")[0] == expected, f"{before}: the link led to {v.page.url}"
    v.assert_clean()


def assert_language_switch(v, page, site, click=True):
    """The page's one link to the other edition, named and marked in that edition's
    language, leads to the same page there, which opens cleanly in that language (with
    ``click=False``: which the server has, in that language; the chapter pages, each
    opened by a test of its own, save a page load that way)."""
    here = v.page.url
    edition = edition_of(page)
    other = "en" if edition == "zh" else "zh"
    switch = v.page.locator("a.d2l-language-switch")
    assert switch.count() == 1, f"{here}: {switch.count()} language switches, expected 1"
    link = switch.first
    assert link.is_visible(), f"{here}: the language switch is not visible"
    name = link.inner_text().strip()
    assert name == SWITCH_TEXT[edition], f"{here}: the language switch reads {name!r}"
    playwright_sync.expect(link).to_have_accessible_name(SWITCH_TEXT[edition])
    for attribute in ("lang", "hreflang"):
        assert link.get_attribute(attribute) == PAGE_LANG[other], (
            f"{here}: the language switch has {attribute}={link.get_attribute(attribute)!r},"
            f" expected {PAGE_LANG[other]!r}")
    href = link.get_attribute("href")
    assert not urllib.parse.urlsplit(href).scheme and not href.startswith("/"), (
        f"{here}: the language switch's link {href!r} is not relative")
    expected = urllib.parse.urljoin(site, language_twin_of(page) + ".html")
    assert urllib.parse.urljoin(here, href) == expected, (
        f"{here}: the language switch points to {href}, expected {expected}")
    # Its twin named for search engines too, when the other edition has this very page.
    alternates = v.page.locator('head link[rel="alternate"][hreflang]')
    twin = language_twin_of(page)
    same_page = twin.removeprefix(EDITIONS["zh"]) == page.removeprefix(EDITIONS["zh"])
    assert alternates.count() == int(same_page), (
        f"{here}: {alternates.count()} <link rel=alternate hreflang>, expected {int(same_page)}")
    if same_page:
        assert alternates.first.get_attribute("hreflang") == PAGE_LANG[other]
        assert urllib.parse.urljoin(here, alternates.first.get_attribute("href")) == expected
    if not click:
        response = v.page.request.get(expected)
        assert response.ok, f"{here}: the language switch leads to {expected}: {response.status}"
        lang = re.search(r'<html\b[^>]*\blang="([^"]*)"', response.text())
        assert lang and lang.group(1) == PAGE_LANG[other], (
            f"{expected}: <html lang={lang and lang.group(1)!r}>, expected {PAGE_LANG[other]!r}")
        return
    follow(v, link, expected)
    assert_page_language(v, twin)


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_other_page(page, visit, metrics, site):
    v = visit(page)
    v.assert_clean()
    assert_page_language(v, page)
    formulas = v.assert_math_typeset()
    if page.endswith("intro"):
        assert formulas > 0, f"{v.url}: the intro's output-size formula is missing"
    v.screenshot(page)
    v.assert_accessible()
    metrics[page] = {"bytes": v.bytes, "load_ms": round(v.load_ms)}
    if page.endswith(SEARCH):
        assert_search_finds(v, SEARCH_TERMS[edition_of(page)])
    assert_language_switch(v, page, site)


# A term of each edition that the search must find in the text of a chapter. In Chinese,
# Sphinx cuts the text into words with jieba, which without the glossary's terms
# (book/editions.py, search_words) cuts 汇聚窗口 (pooling window) into 汇聚 / 窗口; no
# section title holds it, so only the words of the text can find it.
SEARCH_TERMS = {"en": "cross-correlation", "zh": "汇聚窗口"}


def assert_search_finds(v, term):
    """search.html?q=term lists at least one chapter page."""
    url = v.page.url.split("?")[0] + "?" + urllib.parse.urlencode({"q": term})
    v.page.goto(url, wait_until="load")
    found = v.page.locator("#search-results ul.search li a")
    try:
        found.first.wait_for(state="attached", timeout=10_000)
    except playwright_sync.TimeoutError:
        pytest.fail(f"{url}: the search found nothing", pytrace=False)
    links = [found.nth(i).get_attribute("href") or "" for i in range(found.count())]
    assert any("chapters/" in href for href in links), f"{url}: no chapter among {links}"
    v.assert_clean()


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_page(docname, visit, metrics, site):
    v = visit(docname)
    assert_page_language(v, docname)
    # Measured first, so that a page failing a check below still has its figures.
    record = metrics[docname] = {"bytes": v.bytes, "load_ms": round(v.load_ms)}
    v.page.locator(WIDGET_SELECTOR).first.wait_for(state="attached", timeout=TIMEOUT_MS)
    first_widget_ms = v.page.evaluate("() => window.__firstWidgetMs")
    record["ms_to_first_widget"] = round(first_widget_ms, 1)
    v.assert_clean()
    assert_first_widget_drawn_while_parsing(v)
    views, windows = assert_widgets_rendered(v)
    fields = assert_fields_drawn(v, docname)
    formulas = v.assert_math_typeset()
    assert formulas > 0, f"{v.url} has no formula: math in the notebook's markdown is not rendered"
    # Bytes once widgets and formulas are drawn, before the switch link loads other pages.
    record.update(bytes=v.bytes, widget_views=views, sliding_windows=windows, field_explorers=fields,
                  formulas=formulas)
    v.screenshot(docname)
    # On the page as drawn, before the switch link below navigates away from it.
    v.assert_accessible()

    # The framework switch: the first link of the text (after the heading's own "#"
    # link), naming the other framework.
    twin, framework = twin_of(docname)
    link = v.page.locator("article a[href]:not(.headerlink)").first
    text, href = link.inner_text().strip(), link.get_attribute("href")
    assert framework in text, f"{v.url}: the first link {text!r} does not name {framework}"
    if edition_of(docname) == "en":
        assert text == f"switch to {framework}", f"{v.url}: the framework switch reads {text!r}"
    expected = urllib.parse.urljoin(site, twin + ".html")
    assert urllib.parse.urljoin(v.url, href).split("#")[0] == expected, (
        f"{v.url}: {text!r} points to {href}, expected {twin}.html")
    follow(v, link, expected)
    # The twin's language switch: every chapter page is the twin of one other.
    assert_language_switch(v, twin, site, click=False)


def sum_lines(widget):
    text = widget.locator(WIDGET_SUM_SELECTOR).inner_text()
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("edition", EDITIONS)
def test_arrow_right_moves_the_window(edition, visit):
    candidates = [doc for doc in CHAPTERS
                  if edition_of(doc) == edition and doc.endswith("6-2-convolutions")]
    assert candidates, "_toc.yml lists no 6-2-convolutions page"
    for docname in candidates:
        v = visit(docname)
        windows = v.page.locator(WIDGET_SELECTOR)
        windows.first.wait_for(state="visible")
        shown = [sum_lines(windows.nth(i)) for i in range(windows.count())]
        matches = [i for i, lines in enumerate(shown) if lines[-1:] == [FIRST_SUM]]
        if not matches:
            continue
        # By position, not by text: the text is what is about to change.
        widget = windows.nth(matches[0])
        widget.locator(WIDGET_FOCUS_SELECTOR).first.focus()
        v.page.keyboard.press("ArrowRight")
        playwright_sync.expect(widget.locator(WIDGET_SUM_SELECTOR)).to_contain_text(
            NEXT_SUM, timeout=5_000)
        assert sum_lines(widget)[-1] == NEXT_SUM, sum_lines(widget)
        v.assert_clean()
        return
    pytest.fail(f"no SlidingWindow showing {FIRST_SUM!r} on {', '.join(candidates)}")


@pytest.mark.parametrize("edition", EDITIONS)
def test_field_explorer_answers_the_keyboard(edition, visit):
    """On 6.3 (a 1-D stack, its last layer's middle unit chosen): ArrowRight on the chosen
    layer moves the unit, Page Up chooses the layer before, with the focus following and the
    canvases' labels (what a screen reader says) naming the chosen unit."""
    docname = EDITIONS[edition] + "chapters/mxnet/6-3-padding-and-stride"
    [field] = recorded_fields(docname)
    layer, _, col = field["selected"]
    sizes = rf.layer_sizes(field["layers"], field["size"])
    lang = "zh" if edition == "zh" else "en"

    def chosen_label(m, unit):
        name = say(lang, "rf.name_layer", n=m, kind=say(lang, f"rf.kind_{field['layers'][m - 1]['kind']}"))
        return say(lang, "rf.grid_chosen", name=name, cells=sizes[m], unit=f"({unit},)")

    v = visit(docname)
    widget = v.page.locator(FIELD_SELECTOR).first
    widget.wait_for(state="visible")
    canvases = widget.locator(".rf-grids canvas")
    assert canvases.nth(layer).get_attribute("aria-label") == chosen_label(layer, col)
    before = widget.locator(".rf-summary").inner_text()
    canvases.nth(layer).focus()
    v.page.keyboard.press("ArrowRight")
    playwright_sync.expect(canvases.nth(layer)).to_have_attribute("aria-label", chosen_label(layer, col + 1))
    assert widget.locator(".rf-summary").inner_text() != before
    v.page.keyboard.press("PageUp")
    unit = min(col + 1, sizes[layer - 1] - 1)
    playwright_sync.expect(canvases.nth(layer - 1)).to_have_attribute("aria-label", chosen_label(layer - 1, unit))
    assert v.page.evaluate("(c) => document.activeElement === c", canvases.nth(layer - 1).element_handle()), (
        f"{v.url}: Page Up did not take the focus to the layer it chose")
    v.assert_clean()


# An exercise's answer (tests/test_answers.py checks the notebooks' metadata): its prose in
# <details class="answer">, its code and output in the <details> myst-nb makes for a cell
# tagged hide-cell (the cell also carries the tag "answer", hence the class tag_answer).
ANSWER_PROSE = "details.answer"
ANSWER_CELL = ".cell.tag_answer"


def assert_hidden_until_opened(v, what, content, summary):
    """Nothing of ``content`` is visible until ``summary`` is clicked; then it is."""
    assert content.count() > 0, f"{v.url}: {what} is empty"
    shown = [content.nth(j).text_content().strip()[:60] for j in range(content.count())
             if content.nth(j).is_visible()]
    assert not shown, f"{v.url}: {what} is visible before it is opened: {shown}"
    summary.click()
    playwright_sync.expect(content.first).to_be_visible(timeout=5_000)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_answers_stay_folded_until_opened(docname, visit):
    v = visit(docname)
    proses, cells = v.page.locator(ANSWER_PROSE), v.page.locator(ANSWER_CELL)
    assert proses.count() > 0, f"{v.url}: no answer folded in <details class='answer'>"
    assert cells.count() > 0, f"{v.url}: no answer code cell (tag 'answer')"
    for i in range(proses.count()):
        fold = proses.nth(i)
        assert_hidden_until_opened(v, f"the prose of answer #{i}",
                                   fold.locator(":scope > :not(summary)"),
                                   fold.locator(":scope > summary"))
    for i in range(cells.count()):
        cell = cells.nth(i)
        assert cell.locator(".cell_output").count() > 0, f"{v.url}: answer cell #{i} has no output"
        assert_hidden_until_opened(v, f"the code and output of answer cell #{i}",
                                   cell.locator(".cell_input, .cell_output"),
                                   cell.locator("details > summary").first)
    v.assert_clean()
