"""The image view in Chromium, offline: recompute, step and page-load figures for `make bench`.

Three figures, each a median over ``runs`` fresh pages (``python -m tools.bench --only images``):

- Full recompute of a 512 x 512 RGB picture with a 3 x 3 kernel: the kernel menu is switched
  between Sobel y and Sobel x (a change event, as a reader's pick) and the view recomputes and
  redraws everything (three channel maps, their sum, the colours, the insets) before a forced
  layout.
  Target < 16 ms. The bare ``featureMaps`` call on the same picture is kept in the details.
- One step of the window: an arrow key on the focused feature map (redraws the window on the
  picture, the marked cell, the insets and the written-out sum), forced layout. Target < 4 ms.
- The longest task while a chapter page of the built book loads (PerformanceObserver
  "longtask", buffered, from navigation to network idle plus 500 ms). Target: none over 50 ms.

The page that renders the widget with a fake model is tests/widget_page/image_window.html
(:func:`write_site` serves it with the widget's module and states), the one
tests/browser/test_image_window_page.py drives too.
"""
import base64
import json
import os
import urllib.parse

from book import serve as book_server
from tools import ROOT
from tools.bench.figures import Figure, Target, median, not_measured
from tools.browser import CHROMIUM_ARGS, OfflinePage, chapter_pages, chromium_executable

HTML = ROOT / "_build" / "html"
RECOMPUTE_TARGET = Target("<", 16, "ms")
STEP_TARGET = Target("<", 4, "ms")
LONG_TASK_TARGET = Target("<=", 50, "ms", "no long task > 50 ms")
LABELS = {"image_recompute_ms": "image view: full recompute, 512x512 RGB, 3x3",
          "image_step_ms": "image view: window moved one step (512x512 RGB)",
          "image_long_task_ms": "longest task while a chapter page loads"}
TARGETS = {"image_recompute_ms": RECOMPUTE_TARGET, "image_step_ms": STEP_TARGET,
           "image_long_task_ms": LONG_TASK_TARGET}
RECOMPUTES = 12
STEPS = 200
WARMUP = 10

# The page that renders ImageWindow's module (the bundled _esm) with the tests' fake
# anywidget model; its query options are in its opening comment.
PAGE = ROOT / "tests" / "widget_page" / "image_window.html"
FAKE_MODEL = ROOT / "tests" / "widget_page" / "fake_model.mjs"

# In the widget's page: time kernel switches (full recompute) and arrow-key steps.
BENCH_SCRIPT = """
([recomputes, steps, warmup]) => {
  const el = document.getElementById("host");
  const select = el.querySelector('select[aria-label="Kernel"]');
  const recompute = [];
  const timing = [];
  for (let n = 0; n < recomputes + 2; n++) {
    const t0 = performance.now();
    select.value = ["Sobel y", "Sobel x"][n % 2]; // as a reader picks from the gallery
    select.dispatchEvent(new Event("change", { bubbles: true }));
    void el.offsetHeight;
    recompute.push(performance.now() - t0);
    timing.push(JSON.parse(el.querySelector(".d2l-iw").dataset.timing || "[]"));
  }
  const cfg = window.__pure.imageConfig(window.__state()).cfg;
  const bare = [];
  for (let n = 0; n < recomputes; n++) {
    const t0 = performance.now();
    window.__pure.featureMaps(cfg);
    bare.push(performance.now() - t0);
  }
  const frame = el.querySelector(".iw-map");
  frame.focus();
  const times = [];
  let col = 0, dir = 1;
  const ow = cfg.ow;
  for (let n = 0; n < steps + warmup; n++) {
    let key = dir > 0 ? "ArrowRight" : "ArrowLeft";
    if ((dir > 0 && col === ow - 1) || (dir < 0 && col === 0)) { key = "ArrowDown"; dir = -dir; }
    else col += dir;
    const t0 = performance.now();
    frame.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
    void el.offsetHeight;
    times.push(performance.now() - t0);
  }
  return { recompute: recompute.slice(2), timing: timing.slice(2), bare, steps: times.slice(warmup),
           selected: window.__state().selected, sum: el.querySelector(".iw-sum").textContent };
}
"""

# Collects long tasks from the start of a navigation (runs before the page's scripts).
LONG_TASK_PROBE = """
window.__longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
} catch (err) { window.__longTasks = null; }
"""


def saved_state(widget):
    """A widget's synced traits as a saved page holds them, the pixels as base64 text."""
    names = [n for n in widget.trait_names(sync=True)
             if not n.startswith("_") or n == "_gallery"]
    state = {n: getattr(widget, n) for n in names if not n.startswith(("_model", "_view"))}
    state.pop("layout", None)
    state.pop("tabbable", None)
    state.pop("tooltip", None)
    state["pixels"] = base64.b64encode(widget.pixels).decode("ascii")
    return state


def write_site(folder, widgets):
    """Write the page (image_window.html), the fake model, the bundled module, its CSS and
    ``widgets``' ({name: ImageWindow}) states into ``folder``."""
    from d2l_utils.widgets.image_window import ImageWindow
    folder.mkdir(parents=True, exist_ok=True)
    for page_file in (PAGE, FAKE_MODEL):
        (folder / page_file.name).write_text(page_file.read_text(encoding="utf8"), encoding="utf8")
    (folder / "image_window.js").write_text(ImageWindow._esm, encoding="utf8")
    css = ROOT / "d2l_utils" / "widgets" / "image_window.css"
    (folder / "image_window.css").write_text(css.read_text(encoding="utf8"), encoding="utf8")
    states = {name: saved_state(w) for name, w in widgets.items()}
    (folder / "states.json").write_text(json.dumps(states), encoding="utf8")
    return folder


def widget_timings(browser, site, runs):
    out = []
    for _ in range(runs):
        page = OfflinePage(browser, site + PAGE.name + "?state=big")
        try:
            page.page.goto(page.url)
            page.page.wait_for_function("window.__ready === true")
            result = page.page.evaluate(BENCH_SCRIPT, [RECOMPUTES, STEPS, WARMUP])
            page.assert_clean()
        finally:
            page.close()
        if result["selected"] == [0, 0] or "=" not in result["sum"]:
            raise RuntimeError(f"the arrow keys did not move the window: {result['selected']}")
        out.append(result)
    return out


def long_tasks(browser, runs):
    """Longest task per chapter page load of the built book, each page ``runs`` times."""
    chapters = [doc for doc in chapter_pages() if (HTML / (doc + ".html")).exists()]
    if not chapters:
        return None, "the book is not built (make html)"
    worst = {doc: [] for doc in chapters}
    with book_server.serving(HTML) as site:
        for _ in range(runs):
            for doc in chapters:
                page = OfflinePage(browser, urllib.parse.urljoin(site, doc + ".html"))
                try:
                    page.page.add_init_script(LONG_TASK_PROBE)
                    page.page.goto(page.url, wait_until="load")
                    page.page.wait_for_load_state("networkidle")
                    page.page.wait_for_timeout(500)
                    tasks = page.page.evaluate("window.__longTasks")
                    drawn = page.page.evaluate("document.querySelectorAll('.d2l-iw').length")
                finally:
                    page.close()
                if tasks is None:
                    return None, "this Chromium reports no long tasks"
                worst[doc].append({"max_ms": max(tasks, default=0.0), "tasks": len(tasks),
                                   "image_views": drawn})
    return worst, f"{runs} cold loads of {len(chapters)} chapter pages"


def measure(runs):
    from playwright import sync_api as playwright_sync

    from d2l_utils import images
    from d2l_utils.widgets.image_window import ImageWindow

    executable = chromium_executable()
    if not executable:
        return [not_measured(k, LABELS[k], "no chromium (make chromium)", TARGETS[k]) for k in LABELS]
    import tempfile
    from pathlib import Path
    figures = []
    with tempfile.TemporaryDirectory() as tmp, playwright_sync.sync_playwright() as p:
        site_dir = write_site(Path(tmp), {"big": ImageWindow(images.photo(512, color=True), "Sobel x")})
        server, site = book_server.serve(site_dir)
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            figures += widget_figures(widget_timings(browser, site, runs), os.getloadavg())
            figures.append(long_task_figure(*long_tasks(browser, runs)))
        finally:
            browser.close()
            book_server.stop(server)
    return figures


def widget_figures(results, load_average):
    """The recompute and step rows from BENCH_SCRIPT's results, one per fresh page: the
    median over pages of each page's median."""
    per_run = [median(r["recompute"]) for r in results]
    recompute = Figure("image_recompute_ms", LABELS["image_recompute_ms"],
                       value=median(per_run), unit="ms", target=RECOMPUTE_TARGET,
                       details={"median_per_run_ms": [round(x, 3) for x in per_run],
                                "featureMaps_only_ms": [round(median(r["bare"]), 3) for r in results],
                                "last_redraw_ms_by_part": results[-1]["timing"][-1],
                                "load_average": load_average,
                                "switches_per_run": RECOMPUTES})
    per_run = [median(r["steps"]) for r in results]
    step = Figure("image_step_ms", LABELS["image_step_ms"], value=median(per_run),
                  unit="ms", target=STEP_TARGET,
                  details={"median_per_run_ms": [round(x, 3) for x in per_run],
                           "max_ms": [round(max(r["steps"]), 3) for r in results],
                           "steps_per_run": STEPS})
    return [recompute, step]


def long_task_figure(worst, note):
    """The long-task row from :func:`long_tasks`: the page whose median longest task is
    longest, or why nothing was measured (``worst`` None)."""
    if worst is None:
        return not_measured("image_long_task_ms", LABELS["image_long_task_ms"], note, LONG_TASK_TARGET)
    per_page = {doc: median([r["max_ms"] for r in loads]) for doc, loads in worst.items()}
    return Figure("image_long_task_ms", LABELS["image_long_task_ms"],
                  value=max(per_page.values()), unit="ms", target=LONG_TASK_TARGET, note=note,
                  details={"median_max_per_page_ms": per_page, "loads": worst})
