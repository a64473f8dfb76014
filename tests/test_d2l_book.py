"""book/d2l_book.py, the book's Sphinx extension: each page-context hook on a page's context
as Sphinx hands it over (the whole build is tests/browser/test_book.py's)."""
import os
import pathlib
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

from book import d2l_book
from tools import ROOT


def app(thebe=False):
    """What the hooks read of Sphinx's application: the theme's launch buttons."""
    options = {"launch_buttons": {"thebe": thebe, "colab_url": "https://colab.example"}}
    return SimpleNamespace(config=SimpleNamespace(html_theme_options=options))


def run(hook, context, thebe=False):
    hook(app(thebe), "chapters/mxnet/6-2-convolutions", "page.html", context, None)
    return context


def test_a_hidden_cells_toggle_is_named_by_its_text():
    body = ('<details class="hide"><summary aria-label="Toggle hidden content">'
            '<span>Show code cell source</span></summary></details>')
    context = run(d2l_book.name_summaries_by_their_text, {"body": body})
    assert context["body"] == ('<details class="hide"><summary>'
                               '<span>Show code cell source</span></summary></details>')


def test_launch_links_lose_the_dot_segment_of_path_to_book():
    buttons = [{"type": "group", "label": "Launch", "buttons": [
        {"type": "link", "label": "Colab", "url": "https://colab.example/github/o/r/blob/main/./chapters/a.ipynb"},
        {"type": "link", "label": "./not a url", "url": "https://github.com/o/r"}]}]
    context = run(d2l_book.clean_launch_links, {"header_buttons": buttons})
    links = context["header_buttons"][0]["buttons"]
    assert links[0]["url"] == "https://colab.example/github/o/r/blob/main/chapters/a.ipynb"
    assert links[1] == {"type": "link", "label": "./not a url", "url": "https://github.com/o/r"}


def test_a_plain_external_script_is_deferred():
    script = d2l_book.deferred(_JavaScript("_static/doctools.js", priority=200))
    assert (script.filename, script.priority, script.attributes) == (
        "_static/doctools.js", 200, {"defer": "defer"})


@pytest.mark.parametrize("script", [
    _JavaScript("_static/documentation_options.js"),  # the inline script after it needs it
    _JavaScript("_static/d2l-widgets.js"),  # draws the widgets while the page is parsed
    _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
    _JavaScript("https://example.org/x.js"),
    _JavaScript("_static/a.js", **{"async": "async"}),
    _JavaScript("_static/b.js", defer="defer"),
    _JavaScript("_static/c.js", type="module"),
], ids=["documentation_options", "d2l-widgets", "inline", "other host", "async", "defer", "module"])
def test_scripts_that_must_not_wait_are_left_alone(script):
    assert d2l_book.deferred(script) is script


def test_a_script_written_into_the_page_cannot_end_its_tag_early(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "d2l-widgets.js").write_text(
        "// a view: <script type='x'>{}</script>\nconst end = '</SCRIPT>';\n", encoding="utf8")
    script = d2l_book.inlined(SimpleNamespace(outdir=str(tmp_path)),
                              _JavaScript("_static/d2l-widgets.js", priority=500))
    assert (script.filename, script.priority) == ("", 500)
    assert script.attributes["body"] == (
        "// a view: <script type='x'>{}<\\/script>\nconst end = '<\\/SCRIPT>';\n")


def test_pictures_load_lazily_unless_they_say_otherwise():
    body = '<p><img src="a.png" alt="a"> <img loading="eager" src="b.png" alt="b"></p>'
    context = run(d2l_book.lazy_images, {"body": body})
    assert context["body"] == ('<p><img loading="lazy" src="a.png" alt="a"> '
                               '<img loading="eager" src="b.png" alt="b"></p>')


@pytest.mark.parametrize("thebe, kept", [
    (False, ["_static/pygments.css"]),
    (True, ["_static/pygments.css", "_static/sphinx-thebe.css"]),
])
def test_thebes_stylesheet_goes_without_a_thebe_button(thebe, kept):
    styles = [_CascadingStyleSheet("_static/pygments.css"),
              _CascadingStyleSheet("_static/sphinx-thebe.css")]
    context = run(d2l_book.tidy_styles, {"css_files": styles}, thebe=thebe)
    assert [css.filename for css in context["css_files"]] == kept


def test_setup_connects_every_page_hook_late(monkeypatch):
    connected, css, node_modules = [], [], []
    fake = SimpleNamespace(
        srcdir="/book/zh",  # the Chinese edition's source folder
        connect=lambda event, hook, priority=500: connected.append((event, hook.__name__, priority)),
        add_css_file=css.append)
    monkeypatch.setattr(d2l_book.math_svg, "setup", lambda app, path: node_modules.append(path))
    assert d2l_book.setup(fake) == {"parallel_read_safe": True, "parallel_write_safe": True}
    # Formulas are typeset with the repository's node_modules, whichever edition is built.
    assert node_modules == [ROOT / "node_modules"]
    page_hooks = {name: priority for event, name, priority in connected
                  if event == "html-page-context"}
    for name in ("tidy_scripts", "tidy_styles", "lazy_images", "name_summaries_by_their_text",
                 "clean_launch_links"):
        # After sphinx-thebe, the theme (header buttons at 501) and myst-nb have had theirs.
        assert page_hooks.get(name) == 900, f"{name} is not connected at priority 900"
    assert ("build-finished", "write_icon_fonts", 500) in connected
    assert ("html-page-context", "language_switch", 500) in connected


@pytest.mark.parametrize("language, page, href, text", [
    ("en", "chapters/mxnet/6-2-convolutions", "../../zh/chapters/mxnet/6-2-convolutions.html", "中文"),
    ("zh_CN", "chapters/mxnet/6-2-convolutions", "../../../chapters/mxnet/6-2-convolutions.html",
     "English"),
])
def test_every_page_gets_the_link_to_its_twin_in_the_other_language(language, page, href, text):
    context = {}
    d2l_book.language_switch(SimpleNamespace(config=SimpleNamespace(language=language)),
                             page, "page.html", context, None)
    switch = context["d2l_language_switch"]
    assert (switch["href"], switch["text"]) == (href, text)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_chinese_search_index_knows_the_glossarys_terms(tmp_path, language):
    config = SimpleNamespace(language=language, html_search_options={"type": "default"})
    d2l_book.search_words(SimpleNamespace(doctreedir=str(tmp_path)), config)
    words = tmp_path / d2l_book.SEARCH_WORDS
    if language == "en":
        assert config.html_search_options == {"type": "default"} and not words.exists()
        return
    assert config.html_search_options == {"type": "default", "dict": str(words)}
    assert "互相关运算\n" in words.read_text(encoding="utf8").splitlines(keepends=True)


def test_a_changed_inlined_script_changes_the_html_settings(tmp_path):
    """Sphinx writes every page again when the HTML settings change, so each page's copy
    of d2l-widgets.js follows the file."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "d2l-widgets.js").write_text("// one", encoding="utf8")
    (static / "other.js").write_text("// not inlined", encoding="utf8")

    def version():
        config = SimpleNamespace(html_static_path=["static"], html_context={"default_mode": "light"})
        d2l_book.pages_version(SimpleNamespace(confdir=str(tmp_path)), config)
        assert config.html_context["default_mode"] == "light"
        return config.html_context["d2l_pages_version"]

    first = version()
    assert version() == first
    (static / "other.js").write_text("// changed, but no page holds it", encoding="utf8")
    assert version() == first
    (static / "d2l-widgets.js").write_text("// two", encoding="utf8")
    assert version() != first


def test_a_change_to_the_code_that_writes_the_pages_changes_the_html_settings(tmp_path, monkeypatch):
    """So does a change to any file of PAGE_WRITERS (here book/widget_modules.py, which
    writes the widget modules into the pages); a whole build is
    test_every_page_is_written_again_after_an_edit_to_code_it_holds."""
    assert [path.relative_to(ROOT).as_posix() for path in d2l_book.PAGE_WRITERS
            if path.is_file()] == [name for name in PAGE_CODE if "/static/" not in name
                                   and "/templates/" not in name]
    writers = []
    for name in ("d2l_book.py", "widget_modules.py", "widget_data.py"):
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf8")
        writers.append(tmp_path / name)
    monkeypatch.setattr(d2l_book, "PAGE_WRITERS", tuple(writers))
    monkeypatch.setattr(d2l_book, "MATHJAX_PACKAGE", tmp_path / "no-mathjax.json")

    def version():
        config = SimpleNamespace(html_static_path=[], html_context={})
        d2l_book.pages_version(SimpleNamespace(confdir=str(tmp_path)), config)
        return config.html_context["d2l_pages_version"]

    first = version()
    assert version() == first
    (tmp_path / "widget_modules.py").write_text("# changed\n", encoding="utf8")
    assert version() != first


# The files whose code (or, for d2l-book.css, digest) ends up in a page, as read in the
# code: the page-context hooks, the language switch, the math renderer and the Node script
# it runs, the widget state's rewriting and the conversion of modules to classic scripts,
# the header's template, the inlined script and the linked stylesheet. Not here:
# book/atomic_write.py (writes files, no page text), book/icon_subset.py (rewrites
# _static's icon fonts after the build, never a page).
PAGE_CODE = ("book/d2l_book.py", "book/editions.py", "book/math_svg.py", "book/tex_to_svg.js",
             "book/widget_modules.py", "book/widget_data.py", "d2l_utils/widgets/bundle.py",
             "book/templates/language-switch.html", "book/static/d2l-widgets.js",
             "book/static/d2l-book.css")
COMMENT = {".py": "\n# edited\n", ".js": "\n// edited\n", ".css": "\n/* edited */\n",
           ".html": "\n{# edited #}\n"}
CHAPTER = "chapters/mxnet/6-3-padding-and-stride"


def scratch_book(dest):
    """A book of two pages in ``dest``: an intro with a formula and one chapter with its
    widgets (warnings allowed: its links to other chapters lead nowhere), with book/,
    d2l_utils/ and _config.yml copied and node_modules linked, as tools/bench/book.py does."""
    for folder in ("book", "d2l_utils"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "_config.yml", dest / "_config.yml")
    (dest / "chapters" / "mxnet").mkdir(parents=True)
    shutil.copy2(ROOT / f"{CHAPTER}.ipynb", dest / f"{CHAPTER}.ipynb")
    (dest / "intro.md").write_text("# Intro\n\nAn output has $n_h - k_h + 1$ rows.\n",
                                   encoding="utf8")
    (dest / "_toc.yml").write_text(f"format: jb-book\nroot: intro\nchapters:\n  - file: {CHAPTER}\n",
                                   encoding="utf8")
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def build_pages(book):
    """Build ``book`` (incrementally) and return {page: mtime_ns} of its two pages."""
    jupyter_book = pathlib.Path(sys.executable).parent / "jupyter-book"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([str(jupyter_book), "build", ".", "--path-output", "."], cwd=book,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    html = book / "_build" / "html"
    return {page: (html / f"{page}.html").stat().st_mtime_ns for page in ("intro", CHAPTER)}


@pytest.mark.skipif(not (ROOT / "node_modules" / "mathjax").is_dir(),
                    reason="node_modules/ is missing (npm ci): the build typesets with MathJax")
def test_every_page_is_written_again_after_an_edit_to_code_it_holds(tmp_path):
    """An incremental build after an edit of any file of PAGE_CODE writes every page again
    (a page it left would keep an old header, old formulas or an old widget module); after
    no edit it writes none."""
    scratch_book(tmp_path)
    before = build_pages(tmp_path)
    page = (tmp_path / "_build" / "html" / f"{CHAPTER}.html").read_text(encoding="utf8")
    for what in ("<mjx-container", "d2lWidgetModules", 'class="btn btn-sm d2l-language-switch"',
                 "d2l-book.css?v="):
        assert what in page, f"the scratch chapter page has no {what}: the test sees nothing"
    assert build_pages(tmp_path) == before, "a build after no edit wrote pages again"
    kept = []
    for name in PAGE_CODE:
        path = tmp_path / name
        with path.open("a", encoding="utf8") as file:
            file.write(COMMENT[path.suffix])
        after = build_pages(tmp_path)
        kept += [f"{page} after an edit of {name}" for page in after if after[page] == before[page]]
        before = after
    assert not kept, "pages not written again: " + "; ".join(kept)
