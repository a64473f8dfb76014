"""The book's math renderer: formulas typeset at build time as MathJax SVG.

MathJax in the browser cost every chapter page about 325 KB (gzip: tex-chtml.js and its
fonts) and most of its main-thread time on a phone. Here book/tex_to_svg.js (MathJax
from node_modules, the same npm package) turns each formula into SVG with MathJax's
assistive MathML while Sphinx writes the page, so pages load no MathJax at all:

- a formula stays inside Sphinx's ``<span|div class="math notranslate nohighlight">``,
  now holding an ``<mjx-container>`` instead of ``\\(...\\)``;
- glyphs are shared per page: the formulas ``<use>`` paths that one hidden
  ``<svg class="d2l-math-glyphs">`` at the end of the page defines;
- MathJax's SVG stylesheet is written to _static/d2l-math.css;
- typeset formulas and glyphs are kept in <doctrees>/d2l-math-cache.json, so a rebuild
  starts Node only for a formula it has not typeset before;
- a TeX error or an undefined macro is a Sphinx warning that names the formula and
  where it is (an error under ``-W``); the page then shows the TeX source.

Registered as the HTML math renderer "d2l_svg" (``html_math_renderer`` in _config.yml).
"""
import atexit
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import threading

from book.atomic_write import write_atomically
from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

NAME = "d2l_svg"
SCRIPT = pathlib.Path(__file__).resolve().parent / "tex_to_svg.js"
CSS_FILE = "d2l-math.css"
CACHE_FILE = "d2l-math-cache.json"


class TexToSvg:
    """One `node book/tex_to_svg.js` for the whole build, asked one JSON line at a time."""

    def __init__(self, node_modules):
        self.node_modules = pathlib.Path(node_modules)
        self._process = None
        self._lock = threading.Lock()

    def _start(self):
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("the book's math is typeset with Node.js at build time: "
                               "install node (20 or newer)")
        if not (self.node_modules / "mathjax" / "package.json").exists():
            raise RuntimeError(f"{self.node_modules / 'mathjax'} is missing: run `make vendor` "
                               "(npm ci) before building the book")
        env = dict(os.environ, NODE_PATH=str(self.node_modules))
        self._process = subprocess.Popen(
            [node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf8", env=env, bufsize=1)
        atexit.register(self.close)

    def ask(self, request):
        with self._lock:
            if self._process is None:
                self._start()
            process = self._process
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
            if not line:
                err = process.stderr.read()
                self._process = None
                raise RuntimeError(f"book/tex_to_svg.js stopped: {err.strip()}")
            return json.loads(line)

    def close(self):
        process, self._process = self._process, None
        if process is not None:
            process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class PageMath:
    """Typeset formulas and the glyphs each page needs, remembered across builds.

    A formula's SVG points at glyphs by id (``<use xlink:href="#MJX-TEX-I-1D45B">``); each
    page gets the definitions of the glyphs its formulas use. Formulas and glyphs are kept
    in ``cache`` (a JSON file in the build's doctree folder), so a rebuild after an edit
    (`make live`) starts Node only for formulas it has not seen.
    """

    USES = re.compile(r'xlink:href="#([^"]+)"')

    def __init__(self, tex, cache=None):
        self.tex = tex
        self.cache_path = pathlib.Path(cache) if cache else None
        self.formulas, self.glyphs = {}, {}
        self.pages = {}  # docname -> glyph ids its formulas use
        self.changed = False
        self._version = None

    def version(self):
        """What the cache depends on: MathJax's version and book/tex_to_svg.js."""
        if self._version is None:
            script = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:16]
            mathjax = json.loads((self.tex.node_modules / "mathjax" / "package.json").read_text())
            self._version = f"mathjax {mathjax['version']}, tex_to_svg.js {script}"
        return self._version

    def load(self):
        if self.cache_path and self.cache_path.exists():
            try:
                saved = json.loads(self.cache_path.read_text(encoding="utf8"))
            except ValueError:
                return
            if saved.get("version") == self.version():
                self.formulas, self.glyphs = saved["formulas"], saved["glyphs"]

    def save(self):
        if self.cache_path and self.changed:
            write_atomically(self.cache_path, json.dumps(
                {"version": self.version(), "formulas": self.formulas, "glyphs": self.glyphs}))
            self.changed = False

    def render(self, docname, tex, display):
        """{"html": ...} or {"error": ...} for one formula of page ``docname``."""
        key = ("D " if display else "I ") + tex
        if key not in self.formulas:
            result = self.tex.ask({"op": "render", "tex": tex, "display": display})
            if "error" in result:
                return result
            self.glyphs.update(result.pop("glyphs", {}))
            self.formulas[key] = result["html"]
            self.changed = True
        html = self.formulas[key]
        self.pages.setdefault(docname, set()).update(self.USES.findall(html))
        return {"html": html}

    def glyphs_for(self, docname):
        """The hidden <svg> with the glyphs of ``docname``'s formulas ("" if none)."""
        ids = sorted(self.pages.pop(docname, ()))
        missing = [i for i in ids if i not in self.glyphs]
        if missing:
            raise RuntimeError(f"glyphs {missing[:5]} of {docname} were never typeset: "
                               f"remove {self.cache_path} and build again")
        if not ids:
            return ""
        return ('<svg class="d2l-math-glyphs" style="display: none" aria-hidden="true" '
                'xmlns="http://www.w3.org/2000/svg"><defs>'
                + "".join(self.glyphs[i] for i in ids) + "</defs></svg>")


def _page_math(translator):
    return translator.builder.app.d2l_page_math


def _typeset(translator, node, tex, display):
    docname = translator.builder.current_docname
    result = _page_math(translator).render(docname, tex, display)
    if "error" in result:
        logger.warning("TeX error in formula %r: %s", tex, result["error"],
                       location=node, type="d2l", subtype="math")
        return f'<code class="d2l-math-error">{translator.encode(tex)}</code>'
    return result["html"]


def visit_math(translator, node):
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    translator.body.append(_typeset(translator, node, node.astext(), display=False))
    translator.body.append("</span>")
    raise nodes.SkipNode


def display_tex(node):
    """The TeX of a math block as sphinx.ext.mathjax would write it between \\[ and \\]."""
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [r"\begin{split}" + part + r"\end{split}" if r"\\" in part else part for part in parts]
    if len(parts) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}\end{align}"
    return parts[0] if parts else ""


def visit_displaymath(translator, node):
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node["nowrap"]:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    translator.body.append(_typeset(translator, node, display_tex(node), display=True))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def add_glyphs(app, pagename, templatename, context, doctree):
    if app.builder.math_renderer_name != NAME or not context.get("body"):
        return
    glyphs = app.d2l_page_math.glyphs_for(pagename)
    if glyphs:
        context["body"] += glyphs
    if glyphs or "jax=\"SVG\"" in context["body"]:
        # Per page: Sphinx restores its list of CSS files before each page.
        app.add_css_file(CSS_FILE)


def write_stylesheet(app, exception):
    math = app.d2l_page_math
    if exception is None and app.builder.format == "html" and app.builder.math_renderer_name == NAME:
        static = pathlib.Path(app.outdir) / "_static"
        if not (static / CSS_FILE).exists():
            write_atomically(static / CSS_FILE, math.tex.ask({"op": "css"})["css"])
        math.save()
    math.tex.close()


def load_cache(app):
    app.d2l_page_math.cache_path = pathlib.Path(app.doctreedir) / CACHE_FILE
    app.d2l_page_math.load()


def setup(app, node_modules):
    app.d2l_page_math = PageMath(TexToSvg(node_modules))
    app.add_html_math_renderer(NAME, (visit_math, None), (visit_displaymath, None))
    app.connect("builder-inited", load_cache)
    app.connect("html-page-context", add_glyphs)
    app.connect("build-finished", write_stylesheet)
