"""Copy the book's front-end files out of node_modules/ into _build/vendor/vendor/.

`make vendor` runs this after `npm ci`; _config.yml lists _build/vendor in
html_static_path, so Sphinx serves the files below from _static/vendor/:

    mathjax/                      MathJax 3 (es5/): tex-chtml.js, its fonts and the
                                  components it loads on demand
    requirejs/require.js          AMD loader the ipywidgets HTML manager needs
    html-manager/                 @jupyter-widgets/html-manager dist/ (libembed-amd.js,
                                  i.e. embed-amd.js without its render-on-load trigger,
                                  and the Font Awesome files its CSS asks for)
    anywidget/index.js            anywidget's AMD front end, same version as the Python
                                  package that wrote the widget state

The last three are only for book/static/d2l-widgets.js's fallback, loaded lazily when a
page shows a widget that is not an anywidget (no chapter does today).

Anywidgets themselves need none of these: d2l-widgets.js imports their `_esm` from the
saved state. The folder is deliberately not the book's _static/: Jupyter Book adds every
.js file there to every page as a plain <script>, which breaks the AMD modules.
Versions come from package-lock.json (pinned in package.json).
"""
import json
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
DEST = ROOT / "_build" / "vendor" / "vendor"

# MathJax's combined components other than the one we load are not needed.
MATHJAX_ONLY_COMPONENT = "tex-chtml.js"


def version(package):
    return json.loads((NODE / package / "package.json").read_text())["version"]


def check_anywidget_matches_python():
    """The saved widget state names anywidget's front end by the Python version."""
    try:
        from importlib.metadata import version as py_version
        python_side = py_version("anywidget")
    except Exception:  # pragma: no cover - anywidget not installed
        return
    js_side = version("anywidget")
    if python_side.split(".")[:2] != js_side.split(".")[:2]:
        sys.exit(f"anywidget mismatch: Python {python_side} writes the widget state, "
                 f"but npm anywidget is {js_side}; pin the same version in package.json")


def copy_file(src, dst):
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def main():
    if not NODE.is_dir():
        sys.exit("node_modules/ is missing: run `npm ci` (or `make vendor`) first")
    check_anywidget_matches_python()
    if DEST.exists():
        shutil.rmtree(DEST)
    copy_file(NODE / "requirejs" / "require.js", DEST / "requirejs" / "require.js")
    manager = NODE / "@jupyter-widgets" / "html-manager" / "dist"
    for path in manager.iterdir():
        if path.name.endswith(".map") or path.name in ("embed.js", "embed-amd.js"):
            continue
        copy_file(path, DEST / "html-manager" / path.name)
    copy_file(NODE / "anywidget" / "dist" / "index.js", DEST / "anywidget" / "index.js")
    mathjax = NODE / "mathjax" / "es5"
    for path in mathjax.rglob("*"):
        rel = path.relative_to(mathjax)
        if path.is_dir():
            continue
        if len(rel.parts) == 1 and rel.suffix == ".js" and rel.name != MATHJAX_ONLY_COMPONENT:
            continue
        copy_file(path, DEST / "mathjax" / rel)
    for package in ("requirejs", "@jupyter-widgets/html-manager", "anywidget", "mathjax"):
        print(f"vendored {package} {version(package)}")


if __name__ == "__main__":
    main()
