"""Every chapter run through the real JupyterLab 4 and Notebook 7 interfaces, in Chromium.

Run by `make test-frontends` (marked frontends, part of `make test`); a plain `pytest
tests` skips it. One Jupyter server from .venv-lab (`make lab-env`, pinned in
requirements-frontends.txt) serves both front ends on a free 127.0.0.1 port, with no
token, from a temporary copy of chapters/, so the repository stays untouched. Its only
kernel, "python3", is .venv's Python: the chapters run where `make record` and nbval run
them. Chromium may load nothing but this machine (tools.browser.OfflinePage).

For each notebook and front end the test waits for the kernel to be idle, runs all cells
from the Run menu and then requires: no error output and no "Error displaying widget";
every SlidingWindow drawn; ArrowRight on each widget's output grid changing the written-out
sum while the focus stays in the widget (Notebook 7's shortcuts used to take the key); the
cell selected in the browser reaching the kernel's `selected` trait; and `selected` set from
the kernel reaching the view. Every FieldExplorer is drawn
and answers the same way: ArrowRight on its chosen layer moves the unit (the summary
changes, the focus stays), the kernel sees the new unit, and a unit set from the kernel
is the one the view names. JupyterLab also opens a recorded notebook, saves it (Ctrl+S)
and must write the same bytes as `make record` did.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tools import ROOT
from tools.browser import OfflinePage
from tools.browser import free_port
from tools.record import shown_widget_states

from d2l_utils import receptive_field as rf
from d2l_utils.widgets.strings import say



LAB_VENV = ROOT / ".venv-lab"
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "chapters").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
# Notebook 7 on one chapter per framework (the time budget of `make test`); JupyterLab on all.
NOTEBOOK7 = ["chapters/mxnet/6-5-pooling.ipynb", "chapters/tensorflow/6-4-channels.ipynb"]
# Two Chinese chapters (zh/chapters: the same code, the widgets set to Chinese) in JupyterLab,
# the front end Binder opens; 6.5 has a FieldExplorer.
CHINESE = ["zh/chapters/mxnet/6-4-channels.ipynb", "zh/chapters/tensorflow/6-5-pooling.ipynb"]
CASES = ([("lab", nb) for nb in NOTEBOOKS + CHINESE]
         + [("notebook7", nb) for nb in NOTEBOOK7])
SAVED = "chapters/tensorflow/6-2-convolutions.ipynb"
RUN_TIMEOUT_MS = 240_000
WIDGET = ".d2l-sw"
IMAGE = ".d2l-iw"  # d2l_utils/widgets/image_window.js
STATIC = ".d2l-sw-static"  # d2l_utils/widgets/static_html.py
FIELD = ".d2l-rf"  # d2l_utils/widgets/field_explorer.js
FIELD_STATIC = ".d2l-rf-static"  # d2l_utils/widgets/field_html.py

# Errors Notebook 7.6.5 itself logs on any notebook, with or without our widgets (seen on
# a notebook holding one `print` cell): matched by their exact text, nothing wider.
NOTEBOOK7_PAGE_ERRORS = {
    "Cannot read properties of undefined (reading 'schema')",
    "Command 'filebrowser:open-path' not registered.",
}

# Notebook 7.6.5 served by `jupyter lab` refuses some of its own font files (the server
# logs "<name>.woff is not in root static directory") and the page logs each 403; the
# text is matched exactly and the URL must be one of those fonts.
NOTEBOOK7_CONSOLE_ERRORS = re.compile(
    r"error: Failed to load resource: the server responded with a status of 403 \(Forbidden\) "
    r"\(http://127\.0\.0\.1:\d+/static/notebook/[0-9a-f]{16}\.woff\)")

# One line of Python (a new cell gets no auto-indent trouble): print every SlidingWindow's
# `selected`, in the order the widgets were made, then move each to its last output cell.
PROBE = ("import json; from ipywidgets.widgets.widget import _instances; "
         "sws = [w for w in _instances.values() if type(w).__name__ == 'SlidingWindow']; "
         "print(json.dumps([[w.title, w.selected] for w in sws])); "
         "[setattr(w, 'selected', [n - 1 for n in w.output.shape[-2:]]) for w in sws];")


# The same for every FieldExplorer: print `selected`, then choose unit 0 of layer 1.
FIELD_PROBE = ("import json; from ipywidgets.widgets.widget import _instances; "
               "fes = [w for w in _instances.values() if type(w).__name__ == 'FieldExplorer']; "
               "print(json.dumps([w.selected for w in fes])); "
               "[setattr(w, 'selected', [1, 0, 0]) for w in fes];")


def api(base, path, method="GET"):
    request = urllib.request.Request(base + path, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory):
    """One Jupyter server for both front ends: (base URL, folder it serves)."""
    jupyter_bin = LAB_VENV / "bin" / "jupyter"
    if not jupyter_bin.exists():
        pytest.fail("JupyterLab is not installed: run `make lab-env`")
    home = tmp_path_factory.mktemp("jupyter")
    served = home / "served"
    shutil.copytree(ROOT / "chapters", served / "chapters")
    shutil.copytree(ROOT / "zh" / "chapters", served / "zh" / "chapters")
    kernel = home / "share" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python"}))
    # JupyterLab 4 and Notebook 7 draw only the cells in view by default ("full" windowing);
    # the test needs every output in the page at once.
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ, JUPYTER_PATH=str(home / "share"), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_PLATFORM_DIRS="1")
    port = free_port()
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [str(jupyter_bin), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
         # the test shuts kernels down through the REST API, which has no XSRF cookie
         "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={served}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
         # no news feed or update check: both would ask the internet
         "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(base, "/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Jupyter server did not start:\n" + (home / "server.log").read_text())
                time.sleep(0.3)
        yield base, served
    finally:
        server.terminate()  # Jupyter Server shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def shut_down_kernels(base):
    for session in api(base, "/api/sessions"):
        api(base, f"/api/sessions/{session['id']}", method="DELETE")


class JupyterPage(OfflinePage):
    """A notebook open in JupyterLab or Notebook 7, local requests only."""

    VIEWPORT = {"width": 1400, "height": 1000}

    def __init__(self, browser, base, notebook, front_end):
        path = f"/lab/tree/{notebook}?reset" if front_end == "lab" else f"/notebooks/{notebook}"
        super().__init__(browser, base + path)
        self.front_end = front_end
        self.page.goto(self.url)
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        # The toolbar says "idle" before any kernel exists, and a Run All sent to a kernel
        # still starting is lost: wait for the server to report this notebook's kernel idle.
        deadline = time.monotonic() + 90
        while not any(s["path"].endswith(notebook) and s["kernel"]["execution_state"] == "idle"
                      for s in api(base, "/api/sessions")):
            assert time.monotonic() < deadline, f"no idle kernel for {notebook}"
            # not time.sleep: Playwright's sync API serves the routes only while it waits
            self.page.wait_for_timeout(300)
        self.wait_idle()

    def wait_idle(self, timeout=60_000):
        self.page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]',
                                    timeout=timeout)

    def notebook(self):
        return self.page.locator(".jp-NotebookPanel:visible .jp-Notebook").first

    def menu(self, label, command):
        """Choose the item for ``command`` in the menu bar's menu ``label``."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=label).first.click()
        self.page.locator(f'.lm-Menu-item[data-command="{command}"]').click()

    def run_all(self):
        # The answers' cells open collapsed: show them, so their prompts and outputs are seen.
        self.menu("View", "notebook:show-all-cell-code")
        self.menu("View", "notebook:show-all-cell-outputs")
        self.menu("Run", "runmenu:run-all")
        # the first cell has run, none is waiting ("[*]") and the kernel is idle again
        # (after an error Run All stops and later cells stay "[ ]": caught by the caller)
        self.page.wait_for_function(
            """() => {
              const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
              const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
              return prompts.length > 0 && /\\[\\d+\\]/.test(prompts[0].textContent)
                && !prompts.some((p) => p.textContent.includes('*'))
                && status && status.dataset.status === 'idle';
            }""", timeout=RUN_TIMEOUT_MS, polling=500)
        # textContent, not innerText: the answers' prompts are in collapsed (hidden) inputs
        return self.page.locator(".jp-CodeCell .jp-InputPrompt").evaluate_all(
            "(prompts) => prompts.map((p) => p.textContent)")

    def run_new_cell(self, code):
        """Add a code cell at the end (command mode "b"), type ``code``, run it; return its text."""
        cells = self.page.locator(".jp-Notebook .jp-Cell")
        count = cells.count()
        cells.nth(count - 1).locator(".jp-InputPrompt").click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        new = cells.nth(count)
        new.wait_for()
        self.page.keyboard.press("Enter")
        self.page.keyboard.insert_text(code)
        self.page.keyboard.press("Shift+Enter")
        output = new.locator(".jp-OutputArea-output")
        output.first.wait_for(timeout=30_000)
        self.wait_idle()
        return output.first.inner_text()

    def assert_clean(self):
        if self.front_end == "notebook7":
            self.page_errors = [e for e in self.page_errors if e not in NOTEBOOK7_PAGE_ERRORS]
            self.console_errors = [e for e in self.console_errors
                                   if not NOTEBOOK7_CONSOLE_ERRORS.fullmatch(e)]
        super().assert_clean()


def recorded_views(notebook, widget="SlidingWindow"):
    """How many views of ``widget`` (SlidingWindow, ImageWindow) the recorded notebook shows."""
    return len(recorded_states(notebook, widget))


def recorded_states(notebook, widget):
    """The recorded state of each view of ``widget`` the notebook shows, in order."""
    return shown_widget_states((ROOT / notebook).read_text(encoding="utf-8"), widget)


def recorded_fields(notebook):
    """The recorded state (layers, size, dims, selected) of each FieldExplorer shown, in order."""
    return recorded_states(notebook, "FieldExplorer")


def first_unit_label(lang, field):
    """What the canvas of layer 1 says (aria-label) when its unit 0 is the chosen one."""
    name = say(lang, "rf.name_layer", n=1, kind=say(lang, f"rf.kind_{field['layers'][0]['kind']}"))
    cells = rf.layer_sizes(field["layers"], field["size"])[1]
    return say(lang, "rf.grid_chosen", name=name, cells=cells,
               unit="(0, 0)" if field["dims"] == 2 else "(0,)")


def check_field_views(view, front_end, notebook, lang):
    """Every recorded FieldExplorer is drawn in the notebook's language; ArrowRight on its
    chosen layer moves the unit with the focus kept; the kernel gets that unit; a unit set
    from the kernel is drawn."""
    page, fields = view.page, recorded_fields(notebook)
    if not fields:
        return
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{FIELD} .rf-summary')].filter((s) => s.textContent).length"
        f" >= {len(fields)}", timeout=30_000)
    views = page.locator(f".jp-OutputArea-output {FIELD}")
    assert views.count() == len(fields)
    assert page.locator(FIELD_STATIC).count() == 0, f"{front_end} showed a field's static picture too"
    langs = page.evaluate(f"() => [...document.querySelectorAll('{FIELD}')].map((w) => w.lang)")
    assert set(langs) == {"zh-Hans" if lang == "zh" else "en"}, f"{notebook}: explorers' lang {langs}"
    moved = []
    for n, field in enumerate(fields):
        widget = views.nth(n)
        layer, row, col = field["selected"]
        before = widget.locator(".rf-summary").inner_text()
        widget.locator(".rf-grids canvas").nth(layer).focus()
        page.keyboard.press("ArrowRight")
        last = rf.layer_sizes(field["layers"], field["size"])[layer] - 1
        moved.append([layer, row, min(col + 1, last)])
        if col < last:
            page.wait_for_function("([w, before]) => w.querySelector('.rf-summary').textContent !== before",
                                   arg=[widget.element_handle(), before], timeout=10_000)
        inside = page.evaluate("(w) => w.contains(document.activeElement)", widget.element_handle())
        assert inside, f"{front_end}: ArrowRight took the focus out of field explorer {n}"
    # browser -> kernel, then kernel -> browser (unit 0 of layer 1)
    assert json.loads(view.run_new_cell(FIELD_PROBE)) == moved, (
        f"{front_end}: the explorers' `selected` in the kernel differs from the browser's")
    for n, field in enumerate(fields):
        page.wait_for_function(
            "([w, label]) => w.querySelectorAll('.rf-grids canvas')[1].getAttribute('aria-label') === label",
            arg=[views.nth(n).element_handle(), first_unit_label(lang, field)], timeout=10_000)


def cell_named(lang, row, col):
    """How the sum's heading names output (row, col) in ``lang``, with or without a channel."""
    plain = say(lang, "sum.where", row=row, col=col)
    with_channel = say(lang, "sum.where_channel", channel="", row=row, col=col)
    return os.path.commonprefix([plain[::-1], with_channel[::-1]])[::-1].strip()


def check_image_views(page, front_end, notebook):
    """Every recorded ImageWindow is drawn, and ArrowRight on its feature map moves its window."""
    expected = recorded_views(notebook, "ImageWindow")
    assert expected > 0, f"{notebook} shows no ImageWindow"
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{IMAGE} .iw-sum')].filter((s) => s.textContent).length"
        f" >= {expected}", timeout=30_000)
    views = page.locator(f".jp-OutputArea-output {IMAGE}")
    assert views.count() == expected
    for n in range(expected):
        view = views.nth(n)
        title = view.locator(".iw-title").inner_text()
        before = view.get_attribute("data-selected")
        view.locator(".iw-map").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("([v, before]) => v.dataset.selected !== before",
                               arg=[view.element_handle(), before], timeout=10_000)
        inside = page.evaluate("(v) => v.contains(document.activeElement)", view.element_handle())
        assert inside, f"{front_end}: ArrowRight took the focus out of image view {n} ({title!r})"


@pytest.mark.parametrize("front_end, notebook", CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_notebook_runs_and_widgets_sync(browser, jupyter, front_end, notebook):
    base, _ = jupyter
    lang = "zh" if notebook.startswith("zh/") else "en"
    view = JupyterPage(browser, base, notebook, front_end)
    try:
        prompts = view.run_all()
        page = view.page
        errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert errors.count() == 0, f"{notebook} printed errors:\n" + "\n".join(errors.all_inner_texts())
        assert all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts), (
            f"{front_end}: not every cell of {notebook} ran: {' '.join(prompts)}")
        expected = recorded_views(notebook)
        assert expected > 0, f"{notebook} shows no SlidingWindow"
        page.wait_for_function(f"() => document.querySelectorAll('{WIDGET} .sw-sum').length >= {expected}",
                               timeout=30_000)
        assert "Error displaying widget" not in view.notebook().inner_text()
        widgets = page.locator(f".jp-OutputArea-output {WIDGET}")
        assert widgets.count() == expected
        # each widget speaks its notebook's language, and says so to a screen reader
        langs = page.evaluate(f"() => [...document.querySelectorAll('{WIDGET}')].map((w) => w.lang)")
        assert set(langs) == {"zh-CN" if lang == "zh" else ""}, f"{notebook}: widgets' lang {langs}"
        # a front end that draws widgets prefers the view to the static text/html beside it
        assert page.locator(STATIC).count() == 0, f"{front_end} showed a static picture too"

        moved = []
        for n in range(expected):
            widget = widgets.nth(n)
            grid = widget.locator(".sw-out")
            title = widget.locator(".sw-title").inner_text()
            before = widget.locator(".sw-sum").inner_text()
            wide = grid.locator('.sw-cell[aria-colindex="2"]').count() > 0
            grid.focus()
            page.keyboard.press("ArrowRight")
            after = widget.locator(".sw-sum").inner_text()
            inside = page.evaluate("(w) => w.contains(document.activeElement)", widget.element_handle())
            assert inside, f"{front_end}: ArrowRight took the focus out of widget {n} ({title!r})"
            if wide:
                assert after != before, (
                    f"{front_end}: ArrowRight did not move widget {n} ({title!r}): sum still {after!r}")
            active = grid.get_attribute("aria-activedescendant")
            moved.append((title, [int(v) for v in active.split("-")[-2:]]))

        check_image_views(page, front_end, notebook)

        # browser -> kernel: every widget's `selected` as the browser left it
        kernel = json.loads(view.run_new_cell(PROBE))
        assert [tuple(t) for t in kernel] == [(t, s) for t, s in moved], (
            f"{front_end}: `selected` in the kernel differs from the browser's")

        # kernel -> browser: the probe moved each widget to its last output cell
        for n in range(expected):
            widget = widgets.nth(n)
            rows = widget.locator('.sw-out .sw-cell[aria-colindex="1"]').count()
            cols = widget.locator('.sw-out .sw-cell[aria-rowindex="1"]').count()
            where = cell_named(lang, rows - 1, cols - 1)
            page.wait_for_function(
                "([w, where]) => w.querySelector('.sw-sum').textContent.includes(where)",
                arg=[widget.element_handle(), where], timeout=10_000)

        check_field_views(view, front_end, notebook, lang)
        view.assert_clean()
    finally:
        view.close()
        shut_down_kernels(base)


def test_jupyterlab_save_changes_nothing(browser, jupyter):
    """Open a recorded notebook in JupyterLab and save it: the bytes must not change."""
    base, served = jupyter
    copy = served / "saved.ipynb"
    shutil.copyfile(ROOT / SAVED, copy)
    before = copy.stat().st_mtime_ns
    view = JupyterPage(browser, base, "saved.ipynb", "lab")
    try:
        # Not run, not trusted: JupyterLab draws no widget, each shows its static picture.
        expected = recorded_views(SAVED)
        assert view.page.locator(STATIC).count() == expected, (
            "an untrusted notebook should show one static picture per SlidingWindow")
        assert view.page.locator(WIDGET).count() == 0
        assert view.page.locator(FIELD_STATIC).count() == len(recorded_fields(SAVED)) > 0, (
            "an untrusted notebook should show one static picture per FieldExplorer")
        first = view.page.locator(STATIC).first.inner_text()
        assert "0×0 + 1×1 + 3×2 + 4×3 = 19" in first, first
        view.notebook().locator(".jp-Cell").first.locator(".jp-InputPrompt").click()
        view.page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while copy.stat().st_mtime_ns == before:
            assert time.monotonic() < deadline, "JupyterLab did not save the notebook"
            view.page.wait_for_timeout(200)
        view.page.wait_for_timeout(500)  # let the write finish
        view.assert_clean()
    finally:
        view.close()
        shut_down_kernels(base)
    saved = copy.read_text(encoding="utf-8")
    recorded = (ROOT / SAVED).read_text(encoding="utf-8")
    if saved != recorded:
        import difflib
        diff = list(difflib.unified_diff(recorded.splitlines(), saved.splitlines(),
                                         "recorded", "saved by JupyterLab", lineterm="", n=1))
        pytest.fail(f"saving {SAVED} in JupyterLab changed {len(diff)} diff lines:\n"
                    + "\n".join(diff[:40]))
