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

A module of a widget drawn while the page is parsed is also written into the page's head
as a classic script (:func:`classic_script`), which defines it before the parser reaches
the first view: d2l-widgets.js draws that view there and then. An imported module is
evaluated in a task of its own, which the browser ran only between the parser's long
stretches of the page: the first widget came when the page was nearly parsed. In 5
interleaved cold loads of each of the 16 chapter pages, navigation to the first widget
fell from 287 to 139 ms (median of the page medians; slowest page 350 -> 163 ms), and
Lighthouse's performance score stayed 95-98. A cold page weighs the same (it fetched
the module file before); a reader going on to the next chapter gets the module again
with the page (SlidingWindow's: 27 KB gzip) where the file came from the cache.
Only a module that cannot be a classic script is preloaded as a module instead.

The same pass moves an image view's picture out of the page (book/widget_data.py).
"""
import hashlib
import json
import pathlib

from sphinx.builders.html._assets import _JavaScript

from book import widget_data
from book.atomic_write import write_atomically
from d2l_utils.widgets import bundle as widget_js  # the one module that rewrites the widgets' JavaScript



STATE_TYPE = "application/vnd.jupyter.widget-state+json"
FOLDER = "widget-modules"
# The module a state's `_esm` becomes: it imports the module file from the page's address
# and hands on its export. book/static/d2l-widgets.js reads the URL back from the first line.
LOADER = ("const widget = await import(new URL({url}, document.baseURI).href);\n"
          "export default widget.default !== undefined ? widget.default : widget;\n")


def is_module_source(esm):
    """True for ES module text: not a URL (no whitespace) and not one of our loaders."""
    return (isinstance(esm, str) and any(ch.isspace() for ch in esm.strip())
            and not esm.startswith(LOADER.split("{url}")[0]))


def module_file(esm):
    """Name of the file holding ``esm``: a digest of its text."""
    return hashlib.sha256(esm.encode("utf8")).hexdigest()[:20] + ".js"


def classic_script(esm, name):
    """``esm`` as a classic script that defines its default export for d2l-widgets.js
    (d2l_utils.widgets.bundle.classic_script), or None if it is not module source or
    cannot be one."""
    return widget_js.classic_script(esm, name) if is_module_source(esm) else None


def loader(url):
    """An ES module that re-exports the module at ``url`` (relative to the page)."""
    return LOADER.format(url=json.dumps(url))


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


def _writer(folder):
    """``write(name, content)`` (text or bytes) into ``folder``, once per name (a name is a
    digest). Whole or not at all: a file cut short would keep its name, and every later
    build would take it as written."""
    def write(name, content):
        path = folder / name
        if not path.exists():
            write_atomically(path, content)
    return write


def page_scripts(app, pagename, context):
    """``context["script_files"]`` with the widget state's modules and large buffers moved
    to files, and for the widgets drawn while the page is parsed (a widget whose data is a
    file is drawn once the page has loaded, or the reader comes near it: its module would
    only compete with the stylesheets and the first widgets for the network) what the head
    gets: a list of their modules as classic scripts (:func:`classic_script`), and a list
    of the page-relative URLs of those that cannot be, to preload."""
    scripts = context.get("script_files") or []
    if not any(getattr(s, "attributes", {}).get("type") == STATE_TYPE for s in scripts):
        return scripts, [], []
    urls, classic = [], []
    static = pathlib.Path(app.outdir) / "_static"
    write_module, sources = _writer(static / FOLDER), {}

    def write(name, text):
        sources[name] = text
        write_module(name, text)

    def url_of(name):
        return context["pathto"](f"_static/{FOLDER}/{name}", 1)

    def data_url(name):
        return context["pathto"](f"_static/{widget_data.FOLDER}/{name}", 1)

    out = []
    for script in scripts:
        attributes = dict(getattr(script, "attributes", {}))
        if attributes.get("type") == STATE_TYPE and attributes.get("body"):
            state = json.loads(attributes["body"])
            modules = externalise(state, write, url_of)
            buffers = widget_data.externalise(
                state, _writer(static / widget_data.FOLDER), data_url)
            for model_id, url in modules.items():
                if widget_data.has_files(state["state"][model_id]):
                    continue
                name = url.rsplit("/", 1)[-1]
                text = classic_script(sources[name], name)
                if text is None and url not in urls:
                    urls.append(url)
                elif text is not None and text not in classic:
                    classic.append(text)
            if modules or buffers:
                # As myst-nb writes it: no "</script>" inside the tag.
                attributes["body"] = json.dumps(state).replace("</script>", r"<\/script>")
                script = _JavaScript(None, priority=script.priority, **attributes)
        out.append(script)
    return out, classic, urls
