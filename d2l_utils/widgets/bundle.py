"""The widgets' ES modules as the texts that run them: one module (anywidget's ``_esm``),
and for the book the same module as a classic script. The one place that rewrites the
widgets' JavaScript.

:func:`bundle`. The views (``sliding_window.js``, ...) import the functions of the other modules
(``checks.js``, ``window_terms.js``, ...) with ``import { a, b } from "./checks.js";``, which a browser
can follow and Node's tests use, but anywidget runs ``_esm`` as a single module
with no URL to resolve "./" against.  :func:`bundle` puts the files one after the
other and drops the imports of files placed before it in the bundle, so the
names they import are the top-level declarations of the same module.  A JSON
module (``import STRINGS from "./strings.json" with { type: "json" };``, the
widgets' words) becomes a ``const`` holding the file's data, so the table stays
one file that Python reads too.  There is no build step and the files need no
other change.

:func:`classic_script`. The book (book/widget_modules.py) writes a module into a page's
head as a classic script, which runs where the parser meets it; it defines the module's
default export in ``window[CLASSIC_MODULES][<name>]``, where book/static/d2l-widgets.js
takes it (tests/js/bundle.test.mjs runs both forms of the real widgets and compares them).
A bundle's statements start at the start of a line, which is what the conversion reads.
"""
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent

# An import statement of a file next to this one (possibly over several lines).
_LOCAL_IMPORT = re.compile(
    r"""^[ \t]*import\b(?P<what>[^;]*?)\bfrom[ \t]*(?P<q>["'])(?P<path>\.{1,2}/[^"']*)(?P=q)[ \t]*;?[ \t]*\n?""",
    re.M)
# A JSON module of a file next to this one: `import NAME from "./x.json" with { type: "json" };`.
_JSON_IMPORT = re.compile(
    r"""^[ \t]*import[ \t]+(?P<name>[A-Za-z_$][\w$]*)[ \t]+from[ \t]*(?P<q>["'])(?P<path>\./[^"']+\.json)(?P=q)"""
    r"""[ \t]*with[ \t]*\{[ \t]*type:[ \t]*(?P<t>["'])json(?P=t)[ \t]*\}[ \t]*;?[ \t]*$""", re.M)
# The only form that can be dropped: plain names in braces, no `as`, no default import.
_NAMED = re.compile(r"^\s*\{\s*[A-Za-z_$][\w$]*(\s*,\s*[A-Za-z_$][\w$]*)*\s*,?\s*\}\s*$")


def bundle(*names, folder=HERE):
    """The files ``names`` (in ``folder``) as one ES module.

    Each file's ``import { ... } from "./other.js";`` of a file listed before
    it is removed, and ``import NAME from "./data.json" with { type: "json" };``
    becomes ``const NAME = <the file's data>;``; everything else is kept as written.

    Raises
    ------
    ValueError
        If a file imports a local file that is not earlier in ``names``, or
        imports one in another form than ``{ name, ... }`` (a renaming ``as``,
        a default or namespace import would leave a name undefined).
    """
    if not names:
        raise ValueError("bundle needs at least one file name")
    parts = []
    for n, name in enumerate(names):
        text = (pathlib.Path(folder) / name).read_text(encoding="utf8")
        earlier = {"./" + before for before in names[:n]}

        def embed(match):
            data = json.loads((pathlib.Path(folder) / match.group("path")).read_text(encoding="utf8"))
            return f"const {match.group('name')} = {json.dumps(data, ensure_ascii=False)};"

        def drop(match, name=name, earlier=earlier):
            path, what = match.group("path"), match.group("what")
            if path not in earlier:
                raise ValueError(
                    f"{name} imports {path!r}, which is not bundled before it "
                    f"(files in order: {', '.join(names)})")
            if not _NAMED.match(what):
                raise ValueError(
                    f"{name} imports {what.strip()} from {path!r}: only "
                    "`import { name, ... }` can be bundled")
            return ""

        parts.append(f"// ---- {name}\n" + _LOCAL_IMPORT.sub(drop, _JSON_IMPORT.sub(embed, text)))
    return "\n".join(parts)


# The object on `window` that classic_script's scripts define their module's default export
# in, by module name; book/static/d2l-widgets.js reads it under the same name.
CLASSIC_MODULES = "d2lWidgetModules"
# What the conversion rewrites: `export` before a declaration at the start of a line, and
# the one `export default` (a bundle's statements start at the start of a line).
_EXPORTED_DECLARATION = re.compile(
    r"^export[ \t]+(?=(?:async[ \t]+)?function\b|class\b|const\b|let\b|var\b)", re.M)
_EXPORT_DEFAULT = re.compile(r"^export[ \t]+default[ \t]+", re.M)
# What only a module can do, left after the rewriting: imports, other exports,
# import.meta, a top-level await.
_MODULE_ONLY = re.compile(r"^[ \t]*(?:import|export)\b|\bimport\.meta\b|^await\b", re.M)
DEFAULT = "d2l$default"


def classic_script(esm, name):
    """``esm`` (module text) as a classic script that puts its default export in
    ``window[CLASSIC_MODULES][name]``, or None if it does what only a module can (imports,
    an export that is not a declaration, ``import.meta``, a top-level await) or has no
    single ``export default``.

    The statements run in a strict function of their own, as a module's run strict in a
    scope of their own; each exported declaration just loses its ``export``.
    """
    if len(_EXPORT_DEFAULT.findall(esm)) != 1:
        return None
    body = _EXPORTED_DECLARATION.sub("", _EXPORT_DEFAULT.sub(f"const {DEFAULT} = ", esm))
    if _MODULE_ONLY.search(body):
        return None
    # The comment names the module that writes these scripts into the pages.
    return (f"// The widget module {name} (book/widget_modules.py).\n"
            f"(window.{CLASSIC_MODULES} = window.{CLASSIC_MODULES} || {{}})[{json.dumps(name)}] = "
            f"(function () {{\n\"use strict\";\n{body}\nreturn {DEFAULT};\n}})();\n")
