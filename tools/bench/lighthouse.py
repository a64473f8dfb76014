"""Lighthouse on the chapter pages of both editions of the built book (a section of
`make bench`, and the runner tests/browser/test_budgets.py uses).

Lighthouse 12.2.3 (package.json; newer ones need Node 22) with its mobile preset, offline:
the book is served by book/serve.py on 127.0.0.1 (gzip, as `make book` serves it) and
Debian's chromium runs headless. One Chrome serves every page and run: it is started here
with a remote debugging port, and tools/bench/lighthouse.mjs drives it with Lighthouse for all
the pages in one Node process.

Figures: per chapter page the median over ``runs`` of the performance, accessibility and
best-practices scores; then the worst page median of each. Targets: performance >= 95,
accessibility 100, best practices 100. Performance is a simulated phone on slow 4G
whose CPU time is the real time measured here times four, so it moves with the machine's
load: it is a bench figure; tests/browser/test_budgets.py keeps the two stable scores as tests.

    .venv/bin/python -m tools.bench --only lighthouse
"""
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

from book import serve as book_server
from tools import ROOT
from tools.bench.figures import Figure, Target, median, not_measured
from tools.browser import chapter_pages, chromium_executable, free_port

HTML = ROOT / "_build" / "html"
SCRIPT = ROOT / "tools" / "bench" / "lighthouse.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": Target(">=", 95), "accessibility": Target(">=", 100, text="100"),
           "best-practices": Target(">=", 100, text="100")}
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage"]


@contextlib.contextmanager
def chrome():
    """A headless Chromium with a remote debugging port on 127.0.0.1; yields the port."""
    executable = chromium_executable()
    if not executable:
        raise RuntimeError("Chromium is not installed: run `make chromium`")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="d2l-lighthouse-") as profile:
        process = subprocess.Popen(
            [executable, *CHROME_FLAGS, f"--remote-debugging-port={port}",
             "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"Chromium did not open its debugging port {port}") from None
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def lighthouse(urls, categories=CATEGORIES):
    """One Lighthouse result per URL (dicts as tools/bench/lighthouse.mjs prints them)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is missing (Lighthouse runs on Node.js 20)")
    if not (ROOT / "node_modules" / "lighthouse" / "package.json").exists():
        raise RuntimeError("node_modules/lighthouse is missing: run `npm ci --ignore-scripts`")
    with chrome() as port:
        done = subprocess.run(
            [node, str(SCRIPT), "--port", str(port), "--categories", ",".join(categories), *urls],
            capture_output=True, text=True, timeout=120 + 90 * len(urls), cwd=ROOT,
            env=dict(os.environ, CHROME_PATH=chromium_executable()))
    return parse_results(done.returncode, done.stdout, done.stderr, len(urls))


def parse_results(returncode, stdout, stderr, pages):
    """tools/bench/lighthouse.mjs's output: one JSON object per page, one per line (other
    lines are Lighthouse's own); RuntimeError with the end of stderr unless there are ``pages``."""
    if returncode != 0:
        raise RuntimeError(f"Lighthouse failed: {stderr.strip()[-2000:]}")
    results = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if len(results) != pages:
        raise RuntimeError(f"Lighthouse gave {len(results)} results for {pages} pages: "
                           f"{stderr.strip()[-2000:]}")
    return results


def served(docnames, html=HTML):
    """Start book/serve.py on ``html``; returns (server, {docname: url})."""
    server, site = book_server.serve(html)
    return server, {doc: urllib.parse.urljoin(site, doc + ".html") for doc in docnames}


def measure(runs):
    if not (HTML / "intro.html").exists():
        return [not_measured("lighthouse", "Lighthouse scores",
                             "the book is not built (make html)")]
    docs = [doc for doc in chapter_pages() if (HTML / (doc + ".html")).exists()]
    server, urls = served(docs)
    scores = {doc: {c: [] for c in CATEGORIES} for doc in docs}
    metrics = {doc: [] for doc in docs}
    failed = {doc: [] for doc in docs}
    try:
        for round_ in range(runs):
            for doc, result in zip(docs, lighthouse([urls[d] for d in docs])):
                add_result(doc, result, scores, metrics, failed)
            print(f"   Lighthouse round {round_ + 1}/{runs} done", flush=True)
    finally:
        book_server.stop(server)
    return lighthouse_figures(docs, scores, metrics, failed, runs, os.getloadavg()[0])


def add_result(doc, result, scores, metrics, failed):
    """Put one page's Lighthouse result into the runs of ``doc``: its scores, its metrics
    (milliseconds rounded) and the ids of the audits below full score."""
    if result["runtimeError"]:
        raise RuntimeError(f"{doc}: {result['runtimeError']}")
    for category in CATEGORIES:
        scores[doc][category].append(result["scores"].get(category))
    metrics[doc].append({k: round(v) if v and v > 1 else v for k, v in result["metrics"].items()})
    failed[doc].append([f["id"] for f in result["failed"]])


def lighthouse_figures(docs, scores, metrics, failed, runs, load_average):
    """Per page and category the median score, then the lowest page median of each category."""
    figures = []
    for doc in docs:
        for category in CATEGORIES:
            figures.append(Figure(
                f"lighthouse_{category}:{doc}", f"Lighthouse {category} {doc}",
                value=median(scores[doc][category]), target=TARGETS[category],
                details={"runs": scores[doc][category],
                         **({"metrics_ms": metrics[doc], "below_full_score": failed[doc]}
                            if category == "performance" else {})}))
    for category in CATEGORIES:
        worst = min(docs, key=lambda d: median(scores[d][category]))
        figures.append(Figure(
            f"lighthouse_{category}_min", f"Lighthouse {category}, lowest of {len(docs)} page medians",
            value=median(scores[worst][category]), target=TARGETS[category],
            note=f"{worst}; mobile preset, {runs} runs per page, load average "
                 f"{load_average:.1f} at the end"))
    return figures
