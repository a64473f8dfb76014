"""tools/bench/browser.py without a browser: reusing the browser test's metrics, where the
redraw page's snake of arrow keys ends, and the page rows (per page, heaviest, slowest)."""
import json

import pytest

from tools.bench import browser as bench_browser


@pytest.mark.parametrize("steps, out_w, end", [
    (0, 28, (0, 0)), (27, 28, (0, 27)), (28, 28, (1, 27)), (29, 28, (1, 26)),
    (56, 28, (2, 0)), (57, 28, (2, 1)), (3, 1, (3, 0)),
    (bench_browser.STEPS + bench_browser.WARMUP_STEPS, 28, (11, 15)),  # 11 rows of 28, then 12 left from 27
])
def test_snake_end(steps, out_w, end):
    assert bench_browser.snake_end(steps, out_w) == end


def write_metrics(path, pages):
    path.write_text(json.dumps({"pages": pages}))
    return path


def test_metrics_from_file_takes_pages_loaded_often_enough(tmp_path):
    path = write_metrics(tmp_path / "m.json", {
        "a": {"loads": 3, "bytes": 400_000, "ms_to_first_widget": 120.5},
        "b": {"runs": 5, "bytes": 300_000, "ms_to_first_widget": None}})
    out, source = bench_browser.metrics_from_file(["a", "b"], 3, path)
    assert out == {"a": {"bytes": [400_000], "ms_to_first_widget": [120.5]},
                   "b": {"bytes": [300_000], "ms_to_first_widget": [None]}}
    assert source == "from _build/browser-metrics.json"


@pytest.mark.parametrize("pages, why", [
    (None, "no _build/browser-metrics.json"),
    ({"a": {"loads": 2, "bytes": 1}}, "has 2 load(s) of a, not >= 3"),
    ({"a": {"loads": 3, "bytes": 1}}, "has 1 load(s) of b, not >= 3"),
    ({"a": {"loads": "3"}, "b": {"loads": 3}}, "has 3 load(s) of a, not >= 3"),
])
def test_metrics_from_file_is_not_used_otherwise(tmp_path, pages, why):
    path = tmp_path / "m.json"
    if pages is not None:
        write_metrics(path, pages)
    out, source = bench_browser.metrics_from_file(["a", "b"], 3, path)
    assert out is None and why in source


def test_page_rows_per_page_then_heaviest_and_slowest():
    results = {"a": {"bytes": [400_000, 420_000, 410_000], "ms_to_first_widget": [100, 300, 200]},
               "b": {"bytes": [600_000] * 3, "ms_to_first_widget": [50, 60, 70], "external": 2}}
    rows = {f.key: f for f in bench_browser.page_rows(["a", "b"], ["c"], results, "measured here")}
    assert rows["page_bytes:a"].value == pytest.approx(0.41) and rows["page_bytes:a"].met
    assert rows["page_bytes:b"].details["external_requests_aborted"] == 2
    assert rows["first_widget_ms:a"].value == 200
    heaviest = rows["page_bytes_max"]
    assert (heaviest.value, heaviest.met) == (pytest.approx(0.6), False)
    assert heaviest.label == "chapter page weight, heaviest of 2"
    assert heaviest.note == "measured here; not built/written yet: c"
    assert rows["first_widget_ms_max"].value == 200 and rows["first_widget_ms_max"].met


def test_a_page_without_a_widget_in_some_load_is_not_measured():
    results = {"a": {"bytes": [1, 1, 1], "ms_to_first_widget": [100, None, 90]},
               "b": {"bytes": [1, 1, 1], "ms_to_first_widget": [50, 60, 70]}}
    rows = {f.key: f for f in bench_browser.page_rows(["a", "b"], [], results, "from file")}
    assert rows["first_widget_ms:a"].value is None
    assert "appeared in 1 of 3 loads" in rows["first_widget_ms:a"].note
    assert rows["first_widget_ms:b"].value == 60
    assert rows["first_widget_ms_max"].measured_text() == "not measured: no widget appeared on a"
