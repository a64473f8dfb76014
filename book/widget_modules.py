"""Each anywidget's front-end module once per book, as a file, instead of once per widget.

An anywidget's saved state carries its whole ES module (`_esm`: SlidingWindow's is 53 KB,
15 KB gzip) and myst-nb writes the notebook's widget state into the page as it is, so a
page with four SlidingWindows carried the module four times (deflate's 32 KB window
cannot see the copies), all of it in <head>, ahead of the text. When Sphinx writes a page,
every `_esm` that is module source goes to _static/widget-modules/<sha256>.js (the same
file for every page that shows that widget, so a reader's browser fetches it once), and
the state keeps a three-line module in its place that imports that file from the page's
own address (a module imported from a Blob URL, as book/static/d2l-widgets.js does,
cannot resolve a relative URL by itself) and hands on its export. d2l-widgets.js knows
that loader and imports the file straight away (one module load instead of two while the
page is parsed). Notebooks are not changed: in Jupyter and Colab the widget still carries
its whole module.

The same pass moves an image view's picture out of the page (book/widget_data.py).
"""
import hashlib
import json
import pathlib

import widget_data
from sphinx.builders.html._assets import _JavaScript

STATE_TYPE = "application/vnd.jupyter.widget-state+json"
FOLDER = "widget-modules"


def is_module_source(esm):
    """True for ES module text: not a URL (no whitespace) and not one of our loaders."""
    return (isinstance(esm, str) and any(ch.isspace() for ch in esm.strip())
            and not esm.startswith("const widget = await import("))


def module_file(esm):
    """Name of the file holding ``esm``: a digest of its text."""
    return hashlib.sha256(esm.encode("utf8")).hexdigest()[:20] + ".js"


def loader(url):
    """An ES module that re-exports the module at ``url`` (relative to the page)."""
    return (f"const widget = await import(new URL({json.dumps(url)}, document.baseURI).href);\n"
            "export default widget.default !== undefined ? widget.default : widget;\n")


def externalise(state, write, url_of):
    """Move module source in ``state`` (the saved widget state, a dict) to files.

    ``write(name, text)`` stores a module; ``url_of(name)`` is its URL from the page; the
    `_esm` becomes ``loader(url)``. Returns {model id: url} of the `_esm` values replaced.
    """
    replaced = {}
    for model_id, model in (state.get("state") or {}).items():
        traits = model.get("state") or {}
        esm = traits.get("_esm")
        if model.get("model_module") == "anywidget" and is_module_source(esm):
            name = module_file(esm)
            write(name, esm)
            replaced[model_id] = url_of(name)
            traits["_esm"] = loader(replaced[model_id])
    return replaced


def _writer(folder, binary):
    """``write(name, content)`` into ``folder``, once per name (a name is a digest)."""
    def write(name, content):
        path = folder / name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            if binary:
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf8")
    return write


def page_scripts(app, pagename, context):
    """``context["script_files"]`` with the widget state's modules and large buffers moved
    to files, and the page-relative URLs of the module files to preload: those of widgets
    drawn while the page is parsed (a widget whose data is a file is drawn once the page
    has loaded, or the reader comes near it: its module would only compete with the
    stylesheets and the first widgets for the network)."""
    scripts = context.get("script_files") or []
    if not any(getattr(s, "attributes", {}).get("type") == STATE_TYPE for s in scripts):
        return scripts, []
    urls = []
    static = pathlib.Path(app.outdir) / "_static"

    def url_of(name):
        return context["pathto"](f"_static/{FOLDER}/{name}", 1)

    def data_url(name):
        return context["pathto"](f"_static/{widget_data.FOLDER}/{name}", 1)

    out = []
    for script in scripts:
        attributes = dict(getattr(script, "attributes", {}))
        if attributes.get("type") == STATE_TYPE and attributes.get("body"):
            state = json.loads(attributes["body"])
            modules = externalise(state, _writer(static / FOLDER, False), url_of)
            buffers = widget_data.externalise(
                state, _writer(static / widget_data.FOLDER, True), data_url)
            for model_id, url in modules.items():
                if url not in urls and not widget_data.has_files(state["state"][model_id]):
                    urls.append(url)
            if modules or buffers:
                # As myst-nb writes it: no "</script>" inside the tag.
                attributes["body"] = json.dumps(state).replace("</script>", r"<\/script>")
                script = _JavaScript(None, priority=script.priority, **attributes)
        out.append(script)
    return out, urls
