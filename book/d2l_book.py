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
"""

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


def tidy_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    thebe_on = bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))
    seen, kept = set(), []
    for script in scripts:
        if not thebe_on and _is_thebe(script):
            continue
        key = _key(script)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    # Late priority: after sphinx-thebe and the theme have added their scripts.
    app.connect("html-page-context", tidy_scripts, priority=900)
    app.connect("html-page-context", name_summaries_by_their_text, priority=900)
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", clean_launch_links, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
