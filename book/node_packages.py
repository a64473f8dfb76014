"""The Node packages the book's build and tests use must be those package-lock.json pins
(`make vendor` runs this after `npm ci`). Nothing is vendored any more: the name
`make vendor` is older than this module, which only checks.

    python -m book.node_packages

The pages load nothing from node_modules: formulas are typeset at build time
(book/math_svg.py runs book/tex_to_svg.js with the npm `mathjax` package), and the saved
anywidgets are drawn by book/static/d2l-widgets.js from their own saved module. What is
used is for the build and the tests:

    mathjax      TeX -> SVG while Sphinx writes the pages
    axe-core     the accessibility check of tests/browser/test_book.py
    lighthouse   tests/browser/test_budgets.py and `make bench` (dev dependency)

Each must be installed at the version package-lock.json pins. Earlier builds copied
require.js, the ipywidgets HTML manager and MathJax for the browser into _build/vendor/;
that folder and the copies an earlier build left in _build/html/_static/vendor/ (6.4 MB for
the HTML manager alone) are removed, so nothing can serve them by accident.
"""
import json
import shutil
import sys

from book import ROOT
NODE = ROOT / "node_modules"
OLD_COPIES = [ROOT / "_build" / "vendor"] + [
    ROOT / "_build" / "html" / "_static" / "vendor" / name
    for name in ("requirejs", "html-manager", "anywidget", "mathjax")]
PACKAGES = ("mathjax", "axe-core", "lighthouse")


def installed_version(package):
    manifest = NODE / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else None


def locked_version(package):
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return lock["packages"][f"node_modules/{package}"]["version"]


def main():
    if not NODE.is_dir():
        sys.exit("node_modules/ is missing: run `npm ci --ignore-scripts` (or `make vendor`) first")
    wrong = []
    for package in PACKAGES:
        have, want = installed_version(package), locked_version(package)
        if have != want:
            wrong.append(f"{package}: installed {have or 'nothing'}, package-lock.json pins {want}")
        else:
            print(f"{package} {have}")
    if wrong:
        sys.exit("node_modules/ does not match package-lock.json (run `npm ci --ignore-scripts`):\n  "
                 + "\n  ".join(wrong))
    for old in OLD_COPIES:
        if old.exists():
            shutil.rmtree(old)
            print(f"removed {old.relative_to(ROOT)} (front-end copies no page uses)")


if __name__ == "__main__":
    main()
