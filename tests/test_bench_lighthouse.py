"""tools/bench/lighthouse.py without Chrome or Lighthouse: reading lighthouse.mjs's output,
one page's result into its runs, and the rows (per page medians, then the worst page)."""
import json

import pytest

from tools.bench import lighthouse as bench_lh


def result(url, performance, accessibility=100, practices=100, error=None, metrics=None):
    return {"url": url, "scores": {"performance": performance, "accessibility": accessibility,
                                   "best-practices": practices},
            "metrics": metrics or {"total-blocking-time": 12.4, "cumulative-layout-shift": 0.013},
            "failed": [{"id": "unused-javascript"}], "runtimeError": error}


def test_parse_results_reads_one_json_object_per_line_among_other_output():
    lines = [json.dumps(result("a", 98)), "LH:status something else", json.dumps(result("b", 91)), ""]
    parsed = bench_lh.parse_results(0, "\n".join(lines), "", 2)
    assert [r["url"] for r in parsed] == ["a", "b"]


@pytest.mark.parametrize("code, stdout, message", [
    (1, "", "(?s)Lighthouse failed: a long log.Chrome exited$"),
    (0, json.dumps(result("a", 98)), "(?s)Lighthouse gave 1 results for 2 pages: .*Chrome exited$"),
    (0, "", "Lighthouse gave 0 results for 2 pages"),
])
def test_parse_results_says_what_went_wrong(code, stdout, message):
    with pytest.raises(RuntimeError, match=message):
        bench_lh.parse_results(code, stdout, "a long log\nChrome exited\n", 2)


def runs_of(docs):
    return ({d: {c: [] for c in bench_lh.CATEGORIES} for d in docs}, {d: [] for d in docs},
            {d: [] for d in docs})


def test_add_result_keeps_scores_rounded_metrics_and_failed_audits():
    scores, metrics, failed = runs_of(["p"])
    bench_lh.add_result("p", result("u", 97), scores, metrics, failed)
    assert scores["p"] == {"performance": [97], "accessibility": [100], "best-practices": [100]}
    assert metrics["p"] == [{"total-blocking-time": 12, "cumulative-layout-shift": 0.013}]
    assert failed["p"] == [["unused-javascript"]]


def test_add_result_refuses_a_page_lighthouse_could_not_load():
    with pytest.raises(RuntimeError, match="^p: NO_FCP$"):
        bench_lh.add_result("p", result("u", None, error="NO_FCP"), *runs_of(["p"]))


def test_rows_are_page_medians_then_the_worst_page_of_each_category():
    docs = ["a", "b"]
    scores, metrics, failed = runs_of(docs)
    for doc, perf in [("a", [99, 90, 98]), ("b", [96, 97, 95])]:
        for p in perf:
            bench_lh.add_result(doc, result(doc, p, accessibility=100 if doc == "a" else 92),
                                scores, metrics, failed)
    figures = {f.key: f for f in bench_lh.lighthouse_figures(docs, scores, metrics, failed, 3, 1.26)}
    assert len(figures) == 3 * 2 + 3
    assert figures["lighthouse_performance:a"].value == 98
    assert figures["lighthouse_performance:a"].details["runs"] == [99, 90, 98]
    assert "metrics_ms" in figures["lighthouse_performance:a"].details
    assert "metrics_ms" not in figures["lighthouse_accessibility:a"].details
    worst = figures["lighthouse_performance_min"]
    assert (worst.value, worst.met) == (96, True)
    assert worst.note == "b; mobile preset, 3 runs per page, load average 1.3 at the end"
    assert figures["lighthouse_accessibility_min"].value == 92
    assert figures["lighthouse_accessibility_min"].met is False
    assert figures["lighthouse_best-practices_min"].target.describe() == "100"
