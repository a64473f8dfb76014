"""The book build, clean, and the author's loop `make live` (figure 2 of `make bench`).

The clean build's command is the one `make html` runs, read from `make -n html`, so the
bench follows the Makefile. Everything runs in a scratch copy of the working tree (the
files git sees, tracked or not ignored; node_modules linked), so the shared _build/html is
never removed under other people's feet and every clean build really is clean.

Save to reloaded page: book/live.py (what `make live` runs: sphinx-autobuild) serves the
copy on 127.0.0.1; a chapter page is open in Chromium (offline, like the browser tests);
the bench changes the text of that page's notebook (a markdown cell gets a new sentence,
as an author's save would) and times from the write to the reloaded page's load event,
checking that the page shows the new sentence. Target: < 3 s.
"""
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from book.atomic_write import write_atomically
from tools import ROOT
from tools.bench.figures import Figure, Target, median, not_measured
from tools.browser import free_port

LIVE_TARGET = Target("<", 3, "s")
LIVE_DOC = "chapters/mxnet/6-3-padding-and-stride"
FALLBACK = ".venv/bin/jupyter-book build . --path-output . -W -n --keep-going"
# Both editions' outputs: the English book's and the Chinese one's (_build/zh).
CLEAN_DIRS = ("_build/html", "_build/.doctrees", "_build/jupyter_execute", "_build/zh")


def html_commands():
    """The jupyter-book lines of `make html` (dry run), one per edition, as argument lists."""
    done = subprocess.run(["make", "--no-print-directory", "-n", "html"], cwd=ROOT,
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if "jupyter-book" in line and " build" in line]
    return [shlex.split(line) for line in lines or [FALLBACK]], bool(lines)


def make_copy(dest):
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    # The build typesets formulas with MathJax from node_modules (book/math_svg.py).
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def absolute(cmd):
    """Point the venv's executables at the real checkout (the copy has no .venv)."""
    return [str(ROOT / a) if a.startswith(".venv/") else a for a in cmd]


def build(cmd, cwd):
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=3600,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return time.perf_counter() - started, done


def plain(output):
    """Sphinx's output without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


def edit_notebook(path, sentence):
    """Add ``sentence`` to the last markdown cell of the notebook at ``path``."""
    notebook = json.loads(path.read_text(encoding="utf8"))
    cell = [c for c in notebook["cells"] if c["cell_type"] == "markdown"][-1]
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = source.rstrip("\n") + f"\n\n{sentence}\n"
    # Whole or not at all: the live server, watching, must not build a notebook half written.
    write_atomically(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def wait_for_page(url, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"book/live.py stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def save_to_reload(scratch, runs):
    """Seconds from saving a notebook to its page reloaded with the change, ``runs`` times."""
    from playwright.sync_api import sync_playwright

    from tools.browser import CHROMIUM_ARGS, OfflinePage, chromium_executable

    executable = chromium_executable()
    if not executable:
        raise RuntimeError("Chromium is not installed: run `make chromium`")
    port = free_port()
    (scratch / "_build").mkdir(exist_ok=True)
    log = open(scratch / "_build" / "live.log", "w", encoding="utf8")
    process = subprocess.Popen(
        [sys.executable, "-m", "book.live", "--port", str(port)],
        cwd=scratch, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    seconds = []
    try:
        url = f"http://127.0.0.1:{port}/{LIVE_DOC}.html"
        wait_for_page(url, process, timeout=600)
        notebook = scratch / (LIVE_DOC + ".ipynb")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = OfflinePage(browser, url)
            try:
                page.page.goto(url, wait_until="load")
                for run in range(runs):
                    sentence = f"Live edit number {run + 1} of the bench."
                    with page.page.expect_event("load", timeout=60_000):
                        started = time.perf_counter()
                        edit_notebook(notebook, sentence)
                    seconds.append(time.perf_counter() - started)
                    if sentence not in page.page.content():
                        raise RuntimeError(f"the reloaded {LIVE_DOC} does not show the edit")
                    print(f"   save to reloaded page {run + 1}/{runs}: {seconds[-1]:.2f} s",
                          flush=True)
                    time.sleep(1)  # let the server settle before the next save
                page.assert_clean()
            finally:
                page.close()
                browser.close()
    finally:
        # book/live.py became sphinx-autobuild (exec), which runs each build as a child.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    return seconds


def measure(runs):
    nbs = sorted((ROOT / "chapters").glob("**/*.ipynb"))
    cmds, from_make = html_commands()
    clean, codes = [], []
    with tempfile.TemporaryDirectory(prefix="d2l-bench-book-") as scratch:
        scratch = Path(scratch)
        make_copy(scratch)
        for round_ in range(runs):
            for d in CLEAN_DIRS:
                shutil.rmtree(scratch / d, ignore_errors=True)
            seconds = 0.0
            for cmd in cmds:
                took, done = build(absolute(cmd), scratch)
                seconds += took
                if done.returncode != 0:
                    break
            clean.append(seconds)
            codes.append(done.returncode)
            if done.returncode != 0 and round_ == 0:
                out = plain(done.stdout + done.stderr)
                print("   clean build failed:\n" + "\n".join(out.strip().splitlines()[-15:]),
                      flush=True)
            print(f"   clean build {round_ + 1}/{runs}: {seconds:.1f} s", flush=True)
        try:
            live = save_to_reload(scratch, runs)
            live_error = ""
        except Exception as err:  # reported as a row, like any figure that cannot be measured
            live, live_error = [], f"{type(err).__name__}: {err}"
            log = scratch / "_build" / "live.log"
            if log.exists():
                print("   book/live.py said:\n" + "\n".join(
                    plain(log.read_text(encoding="utf8")).strip().splitlines()[-15:]), flush=True)
    return book_figures(clean, codes, cmds, from_make, len(nbs), live, live_error)


def book_figures(clean, codes, cmds, from_make, notebooks, live, live_error):
    """The two rows from the measured seconds: the clean build (``clean``, with each run's
    exit code in ``codes``) and save to reloaded page (``live``, or why it was not measured)."""
    failed = sorted(set(code for code in codes if code))
    note = "; ".join(filter(None, [
        f"build exit code(s) {failed} (warnings are errors)" if failed else "",
        "" if from_make else "jupyter-book line not found in `make -n html`, used " + FALLBACK,
        f"{notebooks} notebooks in the book (8 planned)" if notebooks != 8 else ""]))
    figures = [Figure("book_clean", "book build, clean, both editions", value=median(clean), unit="s",
                      note=note, details={"commands": [" ".join(cmd) for cmd in cmds],
                                          "seconds_runs": [round(x, 2) for x in clean]})]
    label = f"make live: save {LIVE_DOC}.ipynb to its page reloaded"
    if live:
        figures.append(Figure("live_save_to_reload", label, value=median(live), unit="s",
                              target=LIVE_TARGET,
                              details={"seconds_runs": [round(x, 2) for x in live]}))
    else:
        figures.append(not_measured("live_save_to_reload", label, live_error, LIVE_TARGET))
    return figures
