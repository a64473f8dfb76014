"""tools/bench/images.py without a browser: the saved state a page gets, the site write_site()
makes from tests/widget_page/, and the rows made from the page's timings and long tasks."""
import base64
import json

import numpy as np
import pytest

from d2l_utils.widgets.image_window import ImageWindow
from tools.bench import images as bench_images


@pytest.fixture(scope="module")
def widget():
    return ImageWindow(np.arange(16.0).reshape(4, 4) / 15, [[0.0, 1.0], [2.0, 3.0]], title="t")


def test_saved_state_is_the_synced_traits_with_the_pixels_as_text(widget):
    state = bench_images.saved_state(widget)
    assert base64.b64decode(state["pixels"]) == widget.pixels
    assert "_gallery" in state and "_esm" not in state  # the module is a file of its own
    assert not [k for k in state if k.startswith(("_model", "_view"))]
    assert not {"layout", "tabbable", "tooltip"} & set(state)
    assert state["title"] == "t" and state["kernel"] == widget.kernel
    json.dumps(state)  # as states.json holds it


def test_write_site_serves_the_page_of_tests_widget_page(tmp_path, widget):
    folder = bench_images.write_site(tmp_path / "site", {"tiny": widget})
    assert sorted(p.name for p in folder.iterdir()) == [
        "fake_model.mjs", "image_window.css", "image_window.html", "image_window.js", "states.json"]
    page = (folder / "image_window.html").read_text()
    assert page == bench_images.PAGE.read_text()
    assert 'import { fakeModel } from "./fake_model.mjs";' in page
    assert (folder / "image_window.js").read_text() == ImageWindow._esm
    assert list(json.loads((folder / "states.json").read_text())) == ["tiny"]


def page_result(recompute, steps, bare=(1.0,)):
    return {"recompute": list(recompute), "steps": list(steps), "bare": list(bare),
            "timing": [{"maps": 1.0}, {"maps": 2.0}]}


def test_widget_rows_are_medians_of_page_medians():
    results = [page_result([10, 30, 12], [1, 2, 3]), page_result([20, 20, 40], [3, 3, 9]),
               page_result([9, 11, 10], [2, 2, 2])]
    recompute, step = bench_images.widget_figures(results, (1.0, 0.5, 0.2))
    assert recompute.key == "image_recompute_ms" and recompute.value == 12  # of 12, 20, 10
    assert recompute.details["median_per_run_ms"] == [12, 20, 10]
    assert recompute.details["last_redraw_ms_by_part"] == {"maps": 2.0}
    assert recompute.met is True
    assert step.value == 2 and step.details["max_ms"] == [3, 9, 2] and step.met is True


def test_long_task_row_is_the_worst_page_median():
    worst = {"a": [{"max_ms": 30}, {"max_ms": 80}, {"max_ms": 40}], "b": [{"max_ms": 55}] * 3}
    row = bench_images.long_task_figure(worst, "3 cold loads of 2 chapter pages")
    assert (row.value, row.met) == (55, False)
    assert row.details["median_max_per_page_ms"] == {"a": 40, "b": 55}
    missing = bench_images.long_task_figure(None, "this Chromium reports no long tasks")
    assert missing.measured_text() == "not measured: this Chromium reports no long tasks"
    assert missing.target == bench_images.LONG_TASK_TARGET
