"""book/math_svg.py without Node or Sphinx: the TeX a display block is typeset from, the
formula cache (keys, errors, glyphs per page, the cache file and its version) and the page
hook that adds glyphs and the stylesheet. Node's typesetting is a fake here; the real one is
run by the book's build (tests/browser/test_book.py)."""
import json
from types import SimpleNamespace

import pytest
from docutils import nodes

from book import math_svg
from book.math_svg import PageMath


def block(text, nowrap=False):
    return nodes.math_block(text, text, nowrap=nowrap)


@pytest.mark.parametrize("text, nowrap, tex", [
    ("a + b", False, "a + b"),
    # As written (nowrap): no environment added, even around a line break.
    (r"a \\ b", True, r"a \\ b"),
    # A line break inside one paragraph: a split, as sphinx.ext.mathjax writes it.
    (r"a &= b \\ &= c", False, r"\begin{split}a &= b \\ &= c\end{split}"),
    # Paragraphs: one aligned row each, blank ones left out.
    ("a = b\n\nc = d", False, r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}"),
    ("a = b\n\n  \n\nc = d", False, r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}"),
    ("a = b\n\nc \\\\ d", False,
     r"\begin{align}\begin{aligned}a = b\\\begin{split}c \\ d\end{split}\end{aligned}\end{align}"),
    ("", False, ""),
    ("  \n\n ", False, ""),
])
def test_display_tex_is_what_sphinx_mathjax_would_write(text, nowrap, tex):
    assert math_svg.display_tex(block(text, nowrap)) == tex


class FakeTex:
    """book/tex_to_svg.js's answers: a formula uses the glyphs named in ``glyphs``."""

    def __init__(self, node_modules=None, errors=()):
        self.node_modules = node_modules
        self.errors = set(errors)
        self.asked = []

    def ask(self, request):
        self.asked.append(request)
        tex = request["tex"]
        if tex in self.errors:
            return {"error": f"Undefined control sequence {tex}"}
        ids = [f"G-{c}" for c in tex if c.isalpha()]
        uses = "".join(f'<use xlink:href="#{i}"/>' for i in ids)
        return {"html": f'<mjx-container display="{request["display"]}">{uses}</mjx-container>',
                "glyphs": {i: f'<path id="{i}"/>' for i in ids}}


def test_a_formula_is_typeset_once_per_mode():
    tex = FakeTex()
    math = PageMath(tex)
    calls = [("p", "x", False), ("p", "x", False), ("q", "x", False), ("p", "x", True)]
    answers = [math.render(*call) for call in calls]
    # Inline and display are typeset apart (MathJax draws them differently); a repeat is not.
    assert [(r["tex"], r["display"]) for r in tex.asked] == [("x", False), ("x", True)]
    assert answers[0] == answers[1] == answers[2] != answers[3]
    assert math.changed


def test_an_error_is_returned_and_not_remembered():
    tex = FakeTex(errors={r"\oops"})
    math = PageMath(tex)
    for _ in range(2):
        assert math.render("p", r"\oops", False) == {"error": r"Undefined control sequence \oops"}
    assert len(tex.asked) == 2 and math.formulas == {} and not math.changed
    assert math.glyphs_for("p") == ""


def test_each_page_gets_the_glyphs_of_its_own_formulas_sorted():
    math = PageMath(FakeTex())
    math.render("p", "ba", False)
    math.render("p", "a", True)
    math.render("q", "c", False)
    svg = math.glyphs_for("p")
    assert svg.startswith('<svg class="d2l-math-glyphs" style="display: none" aria-hidden="true"')
    assert '<defs><path id="G-a"/><path id="G-b"/></defs></svg>' in svg
    assert "G-c" not in svg
    assert math.glyphs_for("p") == ""  # handed out once: the page is written
    assert '<defs><path id="G-c"/></defs>' in math.glyphs_for("q")
    assert math.glyphs_for("never rendered") == ""


def test_a_cached_formula_whose_glyph_is_lost_names_the_page_and_the_cache(tmp_path):
    math = PageMath(FakeTex(), cache=tmp_path / "cache.json")
    math.render("chapters/p", "ab", False)
    del math.glyphs["G-b"]
    with pytest.raises(RuntimeError, match=r"glyphs \['G-b'\] of chapters/p were never typeset: "
                       f"remove {tmp_path / 'cache.json'}"):
        math.glyphs_for("chapters/p")


def node_modules(folder, version):
    (folder / "mathjax").mkdir(parents=True, exist_ok=True)
    (folder / "mathjax" / "package.json").write_text(json.dumps({"version": version}))
    return folder


def test_version_names_mathjax_and_the_script(tmp_path):
    math = PageMath(FakeTex(node_modules(tmp_path, "3.2.2")))
    assert math.version().startswith("mathjax 3.2.2, tex_to_svg.js ")
    assert len(math.version().split("tex_to_svg.js ")[1]) == 16


def test_the_cache_is_kept_across_builds_of_the_same_version(tmp_path):
    cache = tmp_path / "doctrees" / math_svg.CACHE_FILE
    first = PageMath(FakeTex(node_modules(tmp_path, "3.2.2")), cache=cache)
    first.render("p", "ab", False)
    first.save()
    assert cache.exists() and not first.changed

    tex = FakeTex(node_modules(tmp_path, "3.2.2"))
    second = PageMath(tex, cache=cache)
    second.load()
    assert second.render("p", "ab", False) == first.render("p", "ab", False)
    assert tex.asked == []  # Node is not started for a formula it has typeset before
    assert "G-b" in second.glyphs_for("p")
    assert json.loads(cache.read_text())["version"] == first.version()
    cache.unlink()
    second.save()  # nothing changed: nothing written
    assert not cache.exists()


@pytest.mark.parametrize("saved", [
    "{not json",
    json.dumps({"version": "mathjax 3.2.1, tex_to_svg.js 0123456789abcdef",
                "formulas": {"I ab": "old"}, "glyphs": {}}),
], ids=["unreadable", "other version"])
def test_an_unreadable_or_outdated_cache_is_ignored(tmp_path, saved):
    cache = tmp_path / math_svg.CACHE_FILE
    cache.write_text(saved)
    tex = FakeTex(node_modules(tmp_path, "3.2.2"))
    math = PageMath(tex, cache=cache)
    math.load()
    assert math.formulas == {} and math.glyphs == {}
    assert math.render("p", "ab", False)["html"] != "old" and len(tex.asked) == 1


def test_without_a_cache_path_nothing_is_read_or_written(tmp_path):
    math = PageMath(FakeTex(node_modules(tmp_path, "3.2.2")))
    math.load()
    math.render("p", "a", False)
    math.save()
    assert math.changed  # nowhere to save to
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mathjax"]


def page_app(renderer=math_svg.NAME):
    css = []
    math = PageMath(FakeTex())
    app = SimpleNamespace(builder=SimpleNamespace(math_renderer_name=renderer),
                          d2l_page_math=math, add_css_file=css.append)
    return app, math, css


@pytest.mark.parametrize("body, formula, glyphs, stylesheet", [
    ("<p>text</p>", None, False, False),
    ("<p>x</p>", "x", True, True),
    # A formula with no glyph of its own (e.g. only a rule) still needs MathJax's CSS.
    ('<mjx-container jax="SVG"></mjx-container>', None, False, True),
])
def test_add_glyphs_puts_the_glyphs_and_the_stylesheet_on_pages_with_formulas(
        body, formula, glyphs, stylesheet):
    app, math, css = page_app()
    if formula:
        math.render("p", formula, False)
    context = {"body": body}
    math_svg.add_glyphs(app, "p", "page.html", context, None)
    assert context["body"].startswith(body)
    assert ('<svg class="d2l-math-glyphs"' in context["body"]) is glyphs
    assert css == ([math_svg.CSS_FILE] if stylesheet else [])


@pytest.mark.parametrize("renderer, context", [("mathjax", {"body": "<p>x</p>"}), (math_svg.NAME, {})])
def test_add_glyphs_leaves_other_renderers_and_bodiless_pages_alone(renderer, context):
    app, math, css = page_app(renderer)
    math.render("p", "x", False)
    math_svg.add_glyphs(app, "p", "page.html", context, None)
    assert context in ({"body": "<p>x</p>"}, {}) and css == []
    assert "p" in math.pages  # its glyphs were not handed out


def test_tex_to_svg_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(math_svg.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match=r"install node \(20 or newer\)"):
        math_svg.TexToSvg(tmp_path).ask({"op": "css"})
    monkeypatch.setattr(math_svg.shutil, "which", lambda name: "/usr/bin/node")
    with pytest.raises(RuntimeError, match=r"mathjax is missing: run `make vendor`"):
        math_svg.TexToSvg(tmp_path).ask({"op": "css"})
