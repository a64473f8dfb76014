"""The built book and the widget in Chromium, offline (figure 3 of `make bench`).

Page weight and navigation-to-first-widget are measured as the browser test of the book
measures them (tools/browser.py: ``BookPage`` opens a page in a fresh context with every
request to another host aborted, counts the encoded bytes received and notes when the first
widget appears; the book is served by book/serve.py, gzip-compressed like `make book`). If
_build/browser-metrics.json already holds medians of >= 3 loads per page, they are used;
otherwise every chapter page of both editions is loaded ``runs`` times, round-robin.

The redraw per step draws tools/bench/redraw_widget.py's SlidingWindow (32x32 input, 5x5 kernel;
its state as the Python class sends it) in an otherwise empty page, with the model and
draw() of book/static/d2l-widgets.js as the book draws it, focuses the output grid and
times arrow-key steps inside the page: performance.now() around the keydown dispatch plus
a forced layout (el.offsetHeight). The window snakes over the 28x28 output so every step
moves it. Median per step in each of ``runs`` fresh pages, then the median of those.

The FieldExplorer's redraw per change to a layer is timed the same way: 6.5's 10-layer
stack over a 224x224 input (tools/bench/redraw_widget.py), one layer's kernel box set and
its change event dispatched per step (performance.now() around the dispatch plus a forced
layout), the kernels the steps leave checked against the model afterwards.
"""
import json
import urllib.parse

from playwright import sync_api as playwright_sync

from book import serve as book_server
from tools import ROOT
from tools.bench.figures import Figure, Target, median, not_measured
from tools.browser import CHROMIUM_ARGS, WIDGET_SELECTOR, BookPage, chapter_pages, chromium_executable
from tools.bench.redraw_widget import field_widget, kernel_toggles, kernels_after, redraw_widget

HTML = ROOT / "_build" / "html"
METRICS = ROOT / "_build" / "browser-metrics.json"
DRAW_JS = ROOT / "book" / "static" / "d2l-widgets.js"
BYTES_TARGET = Target("<=", 0.5, "MB")
WIDGET_TARGET = Target("<=", 300, "ms", "median <= 300 ms")
REDRAW_TARGET = Target("<", 16, "ms")
FIELD_STEPS = 110  # + WARMUP_STEPS: 13 changes per layer, so each ends at k + 1
STEPS = 300
WARMUP_STEPS = 20


def metrics_from_file(docnames, runs, path=METRICS):
    """Per-page medians from _build/browser-metrics.json, or None unless it has >= runs loads."""
    if not path.exists():
        return None, "no _build/browser-metrics.json"
    pages = json.loads(path.read_text()).get("pages", {})
    out = {}
    for doc in docnames:
        entry = pages.get(doc) or {}
        loads = entry.get("loads") or entry.get("runs")
        if not isinstance(loads, int) or loads < runs:
            return None, f"_build/browser-metrics.json has {loads or 1} load(s) of {doc}, not >= {runs}"
        out[doc] = {"bytes": [entry.get("bytes")], "ms_to_first_widget": [entry.get("ms_to_first_widget")]}
    return out, "from _build/browser-metrics.json"


def load_pages(browser, site, docnames, runs):
    results = {doc: {"bytes": [], "ms_to_first_widget": [], "external": 0} for doc in docnames}
    for round_ in range(runs):
        for doc in docnames:
            v = BookPage(browser, urllib.parse.urljoin(site, doc + ".html"))
            try:
                ms = v.page.evaluate("() => window.__firstWidgetMs")
                if ms is None:  # drawn after network idle, or never: wait a little
                    try:
                        v.page.wait_for_selector(WIDGET_SELECTOR, timeout=10_000)
                        ms = v.page.evaluate("() => window.__firstWidgetMs")
                    except Exception:
                        ms = None
                results[doc]["bytes"].append(v.bytes)
                results[doc]["ms_to_first_widget"].append(ms)
                results[doc]["external"] += len(v.external)
            finally:
                v.close()
        print(f"   page loads round {round_ + 1}/{runs} done", flush=True)
    return results


BENCH_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SlidingWindow redraw bench</title>
<script src="d2l-widgets.js"></script></head>
<body><div id="host"></div>
<script type="module">
const state = await (await fetch("./widget.json")).json();
const model = new window.d2lWidgets.Model("bench", {model_module: "anywidget",
  model_name: "AnyModel", state}, null);
const el = document.getElementById("host");
await window.d2lWidgets.draw(el, model);
// Snake over the output: right along a row, down, left along the next, ...
window.__benchSteps = (steps, outW) => {
  const grid = el.querySelector(".sw-out");
  grid.focus();
  if (document.activeElement !== grid) throw new Error("could not focus the output grid");
  const times = [];
  let col = 0, dir = 1;
  for (let n = 0; n < steps; n++) {
    let key = dir > 0 ? "ArrowRight" : "ArrowLeft";
    if ((dir > 0 && col === outW - 1) || (dir < 0 && col === 0)) { key = "ArrowDown"; dir = -dir; }
    else col += dir;
    const t0 = performance.now();
    grid.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true}));
    void el.offsetHeight;  // force style and layout of the new state
    times.push(performance.now() - t0);
  }
  return {times, selected: model.get("selected")};
};
window.__benchReady = true;
</script></body></html>
"""


# The FieldExplorer: step n sets layer n % L's kernel box to the other of its two sizes.
FIELD_BENCH_PAGE = BENCH_PAGE.replace("SlidingWindow redraw bench", "FieldExplorer redraw bench").replace(
    BENCH_PAGE[BENCH_PAGE.index("// Snake over"):BENCH_PAGE.index("window.__benchReady")], """\
window.__benchSteps = (steps, toggles) => {
  const times = [];
  for (let n = 0; n < steps; n++) {
    const m = n % toggles.length;
    const box = el.querySelectorAll(".rf-layer")[m].querySelector("input");
    const [a, b] = toggles[m];
    box.value = String(Number(box.value) === a ? b : a);
    const t0 = performance.now();
    box.dispatchEvent(new Event("change", {bubbles: true}));
    void el.offsetHeight;  // force style and layout of the new state
    times.push(performance.now() - t0);
    const refused = el.querySelector(".rf-message").textContent;
    if (refused) throw new Error(`step ${n} refused: ${refused}`);
  }
  return {times, kernels: model.get("layers").map((layer) => layer.kernel)};
};
""")


def bench_page(browser, html, state, args):
    """Run ``window.__benchSteps(...args)`` in a fresh page drawing the widget of ``state``."""
    origin = "http://127.0.0.1:9/"  # never contacted: every request is answered below
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        path = urllib.parse.urlsplit(r.request.url).path
        if path == "/bench.html":
            r.fulfill(body=html, content_type="text/html")
        elif path == "/d2l-widgets.js":
            r.fulfill(path=str(DRAW_JS), content_type="text/javascript")
        elif path == "/widget.json":
            r.fulfill(body=state, content_type="application/json")
        else:
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(origin + "bench.html", wait_until="load")
        page.wait_for_function("() => window.__benchReady === true", timeout=15_000)
        result = page.evaluate("(args) => window.__benchSteps(...args)", args)
    finally:
        context.close()
    if errors:
        raise RuntimeError(f"widget page errors: {errors}")
    return result


def field_redraw(browser, runs):
    """Median ms per change to a layer in each of ``runs`` fresh pages."""
    widget = field_widget()
    state, layers = json.dumps(widget.get_state()), widget.layers
    steps = FIELD_STEPS + WARMUP_STEPS
    expected = kernels_after(steps, layers)
    per_run, checks = [], []
    for _ in range(runs):
        result = bench_page(browser, FIELD_BENCH_PAGE, state, [steps, kernel_toggles(layers)])
        if result["kernels"] != expected:
            raise RuntimeError(f"the steps left the kernels {result['kernels']}, expected {expected}: "
                               "the changes did not reach the model")
        times = result["times"][WARMUP_STEPS:]
        per_run.append(median(times))
        checks.append({"max_ms": round(max(times), 3), "kernels": expected})
    return per_run, checks


def redraw(browser, runs):
    """Median ms per arrow-key step in each of ``runs`` fresh pages."""
    widget = redraw_widget()
    state, out_w = json.dumps(widget.get_state()), widget.output.shape[1]
    per_run, checks = [], []
    for _ in range(runs):
        result = bench_page(browser, BENCH_PAGE, state, [STEPS + WARMUP_STEPS, out_w])
        times = result["times"][WARMUP_STEPS:]
        # After the steps the window must be where the snake ended (the steps did something).
        row, col = snake_end(STEPS + WARMUP_STEPS, out_w)
        if list(result["selected"]) != [row, col]:
            raise RuntimeError(f"the widget ended at {result['selected']}, expected {[row, col]}: "
                               "the arrow keys did not move it")
        per_run.append(median(times))
        checks.append({"max_ms": round(max(times), 3), "ended_at": [row, col]})
    return per_run, checks


def snake_end(steps, out_w):
    """Where ``steps`` arrow keys of BENCH_PAGE's snake leave the window, from (0, 0) on an
    output ``out_w`` wide: right along a row, down at its end, left along the next, ..."""
    row, col, d = 0, 0, 1
    for _ in range(steps):
        if (d > 0 and col == out_w - 1) or (d < 0 and col == 0):
            row, d = row + 1, -d
        else:
            col += d
    return row, col


def measure(runs):
    executable = chromium_executable()
    if not executable:
        return [not_measured("browser", "browser figures", "no chromium (make chromium)")]
    figures = []
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            figures += page_figures(browser, runs)
            try:
                per_run, checks = redraw(browser, runs)
                figures.append(Figure(
                    "widget_redraw_ms", "widget redraw per arrow-key step (32x32, 5x5)",
                    value=median(per_run), unit="ms", target=REDRAW_TARGET,
                    details={"median_per_run_ms": [round(x, 3) for x in per_run],
                             "steps_per_run": STEPS, "runs": checks}))
            except Exception as err:
                figures.append(not_measured("widget_redraw_ms", "widget redraw per arrow-key step "
                                            "(32x32, 5x5)", f"{type(err).__name__}: {err}",
                                            REDRAW_TARGET))
            label = "FieldExplorer redraw per layer change (10 layers, 224x224)"
            try:
                per_run, checks = field_redraw(browser, runs)
                figures.append(Figure(
                    "field_redraw_ms", label, value=median(per_run), unit="ms", target=REDRAW_TARGET,
                    details={"median_per_run_ms": [round(x, 3) for x in per_run],
                             "steps_per_run": FIELD_STEPS, "runs": checks}))
            except Exception as err:
                figures.append(not_measured("field_redraw_ms", label, f"{type(err).__name__}: {err}",
                                            REDRAW_TARGET))
        finally:
            browser.close()
    return figures


def page_figures(browser, runs):
    if not (HTML / "intro.html").exists():
        reason = "the book is not built (_build/html/intro.html missing; run make html)"
        return [not_measured("page_bytes_max", "chapter page weight", reason, BYTES_TARGET),
                not_measured("first_widget_ms_max", "navigation to first widget", reason,
                             WIDGET_TARGET)]
    chapters = chapter_pages()
    built = [doc for doc in chapters if (HTML / (doc + ".html")).exists()]
    missing = [doc for doc in chapters if doc not in built]
    if not built:
        reason = "no chapter page built yet"
        return [not_measured("page_bytes_max", "chapter page weight", reason, BYTES_TARGET),
                not_measured("first_widget_ms_max", "navigation to first widget", reason,
                             WIDGET_TARGET)]
    results, source = metrics_from_file(built, runs)
    if results is None:
        print(f"   measuring page loads myself ({source})", flush=True)
        with book_server.serving(HTML) as site:
            results = load_pages(browser, site, built, runs)
        source = f"measured here, {runs} cold loads per page"
    return page_rows(built, missing, results, source)


def page_rows(built, missing, results, source):
    """Rows from each built page's loads (``results[doc]``: bytes and ms to the first widget
    per load, None where no widget appeared): weight and first widget per page, then the
    heaviest and the slowest page."""
    figures, byte_medians, widget_medians, no_widget = [], [], [], []
    for doc in built:
        r = results[doc]
        mb = median(r["bytes"]) / 1e6
        byte_medians.append(mb)
        figures.append(Figure(f"page_bytes:{doc}", f"page weight {doc}", value=mb, unit="MB",
                              target=BYTES_TARGET,
                              details={"bytes_runs": r["bytes"],
                                       "external_requests_aborted": r.get("external", 0)}))
        times = [t for t in r["ms_to_first_widget"] if t is not None]
        if len(times) == len(r["ms_to_first_widget"]):
            widget_medians.append(median(times))
            figures.append(Figure(f"first_widget_ms:{doc}", f"first widget {doc}",
                                  value=median(times), unit="ms", target=WIDGET_TARGET,
                                  details={"ms_runs": [round(t, 1) for t in times]}))
        else:
            no_widget.append(doc)
            figures.append(not_measured(
                f"first_widget_ms:{doc}", f"first widget {doc}",
                f"no element matching {WIDGET_SELECTOR!r} appeared in "
                f"{len(r['ms_to_first_widget']) - len(times)} of {len(r['ms_to_first_widget'])} loads",
                WIDGET_TARGET))
    note = "; ".join(filter(None, [source, f"not built/written yet: {', '.join(missing)}" if missing else ""]))
    figures.append(Figure("page_bytes_max", f"chapter page weight, heaviest of {len(built)}",
                          value=max(byte_medians), unit="MB", target=BYTES_TARGET, note=note))
    if widget_medians and not no_widget:
        figures.append(Figure("first_widget_ms_max",
                              f"navigation to first widget, slowest of {len(built)} page medians",
                              value=max(widget_medians), unit="ms", target=WIDGET_TARGET, note=note))
    else:
        figures.append(not_measured("first_widget_ms_max", "navigation to first widget",
                                    f"no widget appeared on {', '.join(no_widget)}", WIDGET_TARGET))
    return figures
