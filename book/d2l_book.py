"""Sphinx extension of the course book (listed under sphinx.local_extensions in _config.yml).

Jupyter Book 1 always loads sphinx-thebe, which adds its inline configuration
(`const THEBE_JS_URL = ...`) to each page twice; the second copy throws
"Identifier 'THEBE_JS_URL' has already been declared" on every page. The book has no
thebe button (launch_buttons.thebe is false), so its scripts are dropped, and any other
script that ends up on a page twice is kept once.

myst-nb writes a hidden code cell's toggle as `<summary aria-label="Toggle hidden
content">` around the visible text "Show code cell source": the name does not contain
the text (axe-core: label-content-name-mismatch, serious). Without the aria-label the
summary is named by the text it shows.

The repository's path_to_book is "." (the book is the repository root), which
sphinx-book-theme pastes into its launch links as ".../blob/main/./chapters/...";
the links are written without the "./".

Lighter pages: the scripts Sphinx and its extensions put in <head> (doctools, the copy
and toggle buttons, the theme's own, ...) are loaded with `defer`, so they no longer hold
up the first paint; only documentation_options.js stays a plain script, since the inline
`DOCUMENTATION_OPTIONS.pagename = ...` after it needs it at once. Formulas are typeset at
build time (book/math_svg.py), the theme's icon fonts cut down to the icons shown
(book/icon_subset.py, with book/templates/layout.html), and each widget module is a
file of its own instead of a copy in every saved widget, written into the head of a page
that draws it while the page is parsed (book/widget_modules.py).
"""
import hashlib
import pathlib
import re

from book import ROOT, editions, icon_subset, math_svg, widget_modules
from book.atomic_write import write_atomically
from sphinx.builders.html._assets import _JavaScript

MYST_NB_SUMMARY = '<summary aria-label="Toggle hidden content">'


def _is_thebe(script):
    filename = str(getattr(script, "filename", "") or "")
    body = str(getattr(script, "attributes", {}).get("body", ""))
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _key(script):
    attributes = getattr(script, "attributes", {})
    return (str(getattr(script, "filename", "") or ""), str(attributes.get("body", "")))


def name_summaries_by_their_text(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and MYST_NB_SUMMARY in body:
        context["body"] = body.replace(MYST_NB_SUMMARY, "<summary>")


def _without_dot_segments(value):
    if isinstance(value, dict):
        return {key: (item.replace("/./", "/") if key == "url" and isinstance(item, str)
                      else _without_dot_segments(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_dot_segments(item) for item in value]
    return value


def clean_launch_links(app, pagename, templatename, context, doctree):
    if context.get("header_buttons"):
        context["header_buttons"] = _without_dot_segments(context["header_buttons"])


# book/static/d2l-book.css: sections below the first screen are drawn when they come near it.
BOOK_CSS = "d2l-book.css"

# Written into the page, before the stylesheets: documentation_options.js must run before
# the inline scripts that follow it (they set its fields); d2l-widgets.js must run while
# the page is parsed, to draw each widget as soon as the parser reaches it (async, it ran
# only after the whole page had been parsed and the deferred scripts had run).
NOT_DEFERRED = ("documentation_options.js", "d2l-widgets.js")


def deferred(script):
    """``script`` with `defer` if it is a plain external script that may wait for parsing."""
    filename = str(getattr(script, "filename", "") or "")
    attributes = dict(getattr(script, "attributes", {}))
    if (not filename or filename.endswith(NOT_DEFERRED) or "://" in filename
            or {"async", "defer"} & set(attributes) or attributes.get("type") == "module"):
        return script
    attributes["defer"] = "defer"
    return _JavaScript(filename, priority=script.priority, **attributes)


THEBE_CONFIG = re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>\s*'
                          r"(<script>kernelName = '[^'<]*'</script>)?", re.S)


def drop_thebe_config(app, pagename, templatename, context, doctree):
    """sphinx-thebe appends its configuration to every page's text, with an inline script
    that, after the stylesheets, holds up parsing until they have loaded."""
    body = context.get("body")
    if body and not _thebe_on(app) and "x-thebe-config" in body:
        context["body"] = THEBE_CONFIG.sub("\n", body)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SECTION_OR_VIEW = re.compile(r"<section\b[^>]*>|</section>|" + re.escape(WIDGET_VIEW))
WIDGET_SECTION_CLASS = "d2l-widgets"


def mark_widget_sections(app, pagename, templatename, context, doctree):
    """Every <section> that holds a saved widget view gets the class "d2l-widgets", for
    book/static/d2l-book.css (a class there costs the parser nothing; `:has()` slowed the
    parsing of a chapter page by about 100 ms)."""
    body = context.get("body")
    if not body or WIDGET_VIEW not in body:
        return
    open_sections, marked = [], set()
    for match in SECTION_OR_VIEW.finditer(body):
        token = match.group(0)
        if token.startswith("<section"):
            open_sections.append(match)
        elif token == "</section>":
            if open_sections:
                open_sections.pop()
        else:
            marked.update(m.start() for m in open_sections)
    out, last = [], 0
    for match in SECTION_OR_VIEW.finditer(body):
        if match.start() in marked:
            tag = match.group(0)
            if 'class="' in tag:
                tag = tag.replace('class="', f'class="{WIDGET_SECTION_CLASS} ', 1)
            else:
                tag = tag[:-1] + f' class="{WIDGET_SECTION_CLASS}">'
            out += [body[last:match.start()], tag]
            last = match.end()
    out.append(body[last:])
    context["body"] = "".join(out)


def lazy_images(app, pagename, templatename, context, doctree):
    """Pictures in the text load when they come near the screen (most are far below it)."""
    body = context.get("body")
    if body and "<img " in body:
        context["body"] = re.sub(r"<img (?![^>]*\bloading=)", '<img loading="lazy" ', body)


# Extensions that put their files on every page, and the classes in a page's text they
# act on: a page without any of those classes gets none of their files (4 requests fewer
# on a chapter page, ahead of its widgets).
PAGE_FEATURES = {
    "sphinx-design": (("sphinx-design.min.css", "design-tabs.js"), re.compile(r"^sd-")),
    "togglebutton": (("togglebutton.css", "togglebutton.js"),
                     re.compile(r"^(toggle|dropdown)$")),
}
# togglebutton's inline settings (toggleHintShow, togglebuttonSelector, ...).
TOGGLEBUTTON_INLINE = re.compile(r"\b(toggleHint\w*|toggleOpenOnPrint|togglebuttonSelector)\b")


def unused_features(body):
    """Names of PAGE_FEATURES whose classes ``body`` does not use."""
    classes = set()
    for value in re.findall(r'class="([^"]*)"', body or ""):
        classes.update(value.split())
    return {name for name, (_, pattern) in PAGE_FEATURES.items()
            if not any(pattern.search(c) for c in classes)}


def _feature_file(asset, features):
    filename = str(getattr(asset, "filename", asset) or "")
    return any(filename.endswith(PAGE_FEATURES[name][0]) for name in features)


def tidy_styles(app, pagename, templatename, context, doctree):
    """sphinx-thebe's stylesheet goes with its scripts when there is no thebe button, and
    the stylesheets of extensions the page does not use go too."""
    styles = context.get("css_files")
    if not styles:
        return
    unused = unused_features(context.get("body"))
    context["css_files"] = [
        css for css in styles
        if not (not _thebe_on(app) and str(getattr(css, "filename", css)).endswith("sphinx-thebe.css"))
        and not _feature_file(css, unused)]


def _thebe_on(app):
    return bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))


def runs_at_once(script):
    """A classic script the parser runs where it stands: no src, or no defer/async/module."""
    attributes = getattr(script, "attributes", {})
    kind = attributes.get("type", "text/javascript")
    return (kind in ("text/javascript", "application/javascript")
            and not {"async", "defer"} & set(attributes))


def inline_script(text, priority=500):
    """A script written into the page, holding ``text``."""
    # "</script" would end the tag early; "<\/script" means the same in JavaScript.
    return _JavaScript("", priority=priority, body=re.sub(r"</(script)", r"<\\/\1", text, flags=re.I))


def inlined(app, script):
    """A script of NOT_DEFERRED written into the page: no request for the parser to wait
    for (documentation_options.js is 12 lines, d2l-widgets.js about 4 KB gzip)."""
    filename = str(getattr(script, "filename", "") or "").split("?")[0]
    for name in NOT_DEFERRED:
        path = pathlib.Path(app.outdir) / "_static" / name
        if filename.endswith(name) and path.exists():
            return inline_script(path.read_text(encoding="utf8"), script.priority)
    return script


def tidy_scripts(app, pagename, templatename, context, doctree):
    """Scripts without thebe's and duplicates, deferred where they can wait; the few that
    must run at once go to ``d2l_head_scripts``, which book/templates/layout.html writes
    before the stylesheets (a script after a stylesheet waits for it, and with it the
    parsing of the whole page), with the modules of the widgets drawn while the page is
    parsed (book/widget_modules.py); a module that cannot be a classic script gets a
    modulepreload link instead."""
    scripts = context.get("script_files")
    if not scripts:
        return
    scripts, classic, preloads = widget_modules.page_scripts(app, pagename, context)
    thebe_on = _thebe_on(app)
    unused = unused_features(context.get("body"))
    seen, kept = set(), []
    for script in scripts:
        if not thebe_on and _is_thebe(script):
            continue
        if _feature_file(script, unused) or ("togglebutton" in unused and TOGGLEBUTTON_INLINE.search(
                str(getattr(script, "attributes", {}).get("body", "")))):
            continue
        key = _key(script)
        if key in seen:
            continue
        seen.add(key)
        # search.html runs Sphinx's search scripts in its body, which need doctools at once.
        kept.append(script if pagename == "search" else deferred(script))
    first = [inlined(app, s) for s in sorted((s for s in kept if runs_at_once(s)),
                                             key=lambda s: s.priority)]
    first += [inline_script(text) for text in classic]
    context["d2l_head_scripts"] = first
    context["d2l_module_preloads"] = preloads
    context["script_files"] = [s for s in kept if not runs_at_once(s)]


def language_switch(app, pagename, templatename, context, doctree):
    """The link to the same page in the other edition (book/editions.py), which
    book/templates/language-switch.html writes into the page's header."""
    edition = editions.edition_of(app.config.language)
    context["d2l_language_switch"] = editions.language_switch(edition, pagename)


BOOK = pathlib.Path(__file__).resolve().parent
# Every file whose code or output ends up in a page, beyond Sphinx's own: a change to one
# must write every page again (pages_version).
PAGE_WRITERS = tuple(BOOK / name for name in (
    "d2l_book.py",                    # the html-page-context hooks below
    "editions.py",                    # the language switch in every page's header
    "math_svg.py", "tex_to_svg.js",   # the typeset formulas and their glyphs
    "widget_modules.py", "widget_data.py",  # the widget state, the modules in the head
)) + (pathlib.Path(widget_modules.widget_js.__file__),)  # the modules as classic scripts
# Not listed, as read in their code: atomic_write.py writes files but no page text;
# icon_subset.py rewrites the icon fonts and CSS in _static after every build, never a
# page; templates/ are Sphinx's own business (it writes a page again when a template is
# newer than it); of static/, d2l-widgets.js is inlined and d2l-book.css linked with its
# digest (`?v=...`) in every page, so both are hashed below with the static files.
# MathJax itself (its version in node_modules) typesets the formulas too.
PAGE_STATIC_FILES = NOT_DEFERRED + (BOOK_CSS,)
MATHJAX_PACKAGE = ROOT / "node_modules" / "mathjax" / "package.json"


def pages_version(app, config):
    """Every page carries its own copy of the scripts ``inlined`` writes into it (and of
    the widget modules, book/widget_modules.py), but Sphinx writes again only the pages
    whose sources changed: after a change to d2l-widgets.js the other pages kept the old
    copy (seen: a Chinese chapter's pictures not drawn by an older d2l-widgets.js), and
    after a change to the code that writes the pages (PAGE_WRITERS) they kept what the old
    code wrote (an old language switch, old formulas). A hash of those files in
    html_context changes the hash of the HTML settings Sphinx keeps in .buildinfo, and then
    it writes every page again (reading none again)."""
    digest = hashlib.sha256()
    for folder in config.html_static_path:
        for name in PAGE_STATIC_FILES:
            path = pathlib.Path(app.confdir, folder, name)
            if path.is_file():
                digest.update(name.encode() + b"\0" + path.read_bytes())
    for path in PAGE_WRITERS + (MATHJAX_PACKAGE,):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    config.html_context = {**(config.html_context or {}),
                           "d2l_pages_version": digest.hexdigest()[:16]}


SEARCH_WORDS = "d2l-search-words.txt"


def search_words(app, config):
    """The Chinese book's search index cuts text into words with jieba (requirements.txt),
    with the course's terms added as words of their own (book/editions.py, search_words):
    written next to the doctrees and named in html_search_options, before the build
    compares its configuration with the last one (the same path every time)."""
    if editions.edition_of(config.language) != editions.ZH or not editions.GLOSSARY_FILE.exists():
        return
    path = pathlib.Path(app.doctreedir) / SEARCH_WORDS
    text = "".join(f"{word}\n" for word in editions.search_words())
    if not path.exists() or path.read_bytes() != text.encode("utf8"):
        write_atomically(path, text)
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}


def write_icon_fonts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = pathlib.Path(app.outdir)
    pages = [p.read_text(encoding="utf8") for p in outdir.rglob("*.html")]
    icon_subset.write_icon_fonts(outdir / "_static", pages)
    # The kit book/templates/layout.html no longer loads: not shipped either.
    for path in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        path.unlink()


def setup(app):
    # The repository's node_modules, for the Chinese edition (rooted at zh/) too.
    math_svg.setup(app, ROOT / "node_modules")
    app.add_css_file(icon_subset.CSS_FILE)
    app.add_css_file(BOOK_CSS)
    app.connect("build-finished", write_icon_fonts)
    app.connect("config-inited", search_words)
    app.connect("config-inited", pages_version)
    # Late priority: after sphinx-thebe and the theme have added their scripts.
    app.connect("html-page-context", tidy_scripts, priority=900)
    app.connect("html-page-context", tidy_styles, priority=900)
    app.connect("html-page-context", lazy_images, priority=900)
    app.connect("html-page-context", drop_thebe_config, priority=900)
    app.connect("html-page-context", mark_widget_sections, priority=900)
    app.connect("html-page-context", name_summaries_by_their_text, priority=900)
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", clean_launch_links, priority=900)
    app.connect("html-page-context", language_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
