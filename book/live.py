"""`make live`: serve the book, rebuild it when a source is saved, reload the browser.

    python -m book.live [--port 8000] [--host 127.0.0.1] [--outdir _build/live]

sphinx-autobuild (pinned in requirements.txt) watches the sources, runs Sphinx on what
changed and tells the open pages to reload through a WebSocket to its own server; the
script that listens is written inline into each page it serves, so nothing is loaded from
another host. It runs plain Sphinx, so the book's Jupyter Book configuration is turned
into a conf.py first (as `jupyter-book config sphinx` does), kept in <outdir>/conf/ with the
paths it names made absolute (Jupyter Book's own builds resolve them against the book's
folder). The live build has its own output folder, so it never touches _build/html.
Warnings are shown, not fatal, while one writes; `make html` stays the strict build.
It serves the English edition; the Chinese one (zh/, book/editions.py) is `make html`'s.
"""
import argparse
import os
import pathlib
import shutil
import sys

from book import ROOT
from book.atomic_write import write_atomically
BIN = pathlib.Path(sys.executable).parent
# Folders whose changes are not the book's sources (the output folder is ignored anyway).
IGNORED = [r"(^|/)\.", r"(^|/)_build(/|$)", r"(^|/)node_modules(/|$)", r"(^|/)tests(/|$)",
           r"(^|/)tools(/|$)", r"(^|/)d2l_utils(/|$)", r"(^|/)__pycache__(/|$)",
           r"(^|/)zh(/|$)", r"(^|/)translations(/|$)",
           r"\.ipynb_checkpoints", r"(^|/)build(/|$)", r"~$", r"\.sw.$"]

ABSOLUTE_PATHS = '''
# Added by book/live.py: this file lives in {confdir}, the book in {root}.
import os as _os
import sys as _sys
_ROOT = {root!r}
_sys.path.insert(0, _ROOT)  # local_extensions: book.d2l_book
html_static_path = [_os.path.join(_ROOT, _p) for _p in html_static_path]
templates_path = [_os.path.join(_ROOT, _p) for _p in templates_path]
html_favicon = _os.path.join(_ROOT, html_favicon) if html_favicon else html_favicon
'''


def write_conf(confdir):
    """The book's conf.py, made from _config.yml as `jupyter-book config sphinx` makes it
    (without writing one into the book's folder), in ``confdir``."""
    from jupyter_book.config import get_final_config

    config, _ = get_final_config(user_yaml=ROOT / "_config.yml", sourcedir=ROOT,
                                 cli_config={"external_toc_path": "_toc.yml",
                                             "latex_individualpages": False})
    lines = ["# The book's Sphinx configuration for `make live`, made by book/live.py from",
             "# _config.yml (edit that file, not this one)."]
    lines += [f"{key} = {config[key]!r}" for key in sorted(config)]
    lines.append(ABSOLUTE_PATHS.format(confdir=str(confdir), root=str(ROOT)))
    write_atomically(confdir / "conf.py", "\n".join(lines))


def command(outdir, host, port):
    """The sphinx-autobuild command line."""
    args = [str(BIN / "sphinx-autobuild"), str(ROOT), str(outdir / "html"),
            "-c", str(outdir / "conf"), "-d", str(outdir / "doctrees"), "-n", "--keep-going",
            "--host", host, "--port", str(port), "--watch", str(ROOT / "book")]
    for pattern in IGNORED:
        args += ["--re-ignore", pattern]
    return args


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--outdir", type=pathlib.Path, default=ROOT / "_build" / "live")
    args = parser.parse_args(argv)
    if shutil.which("node") is None:
        sys.exit("node is missing: the book typesets its formulas with Node.js (make vendor)")
    outdir = args.outdir.resolve()
    write_conf(outdir / "conf")
    cmd = command(outdir, args.host, args.port)
    print(f"Live book at http://{args.host}:{args.port}/ (rebuilds on save; Ctrl-C stops)",
          flush=True)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
