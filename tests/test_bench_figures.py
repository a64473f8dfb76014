"""tools/bench/figures.py: medians, targets, the table and bench.json (no timing)."""
import json

import pytest

from tools.bench import figures as bench_figures
from tools.bench.figures import Figure, Target


def test_median_odd_even_and_none():
    assert bench_figures.median([3, 1, 2]) == 2
    assert bench_figures.median([4, 1, 3, 2]) == 2.5
    assert bench_figures.median([None, 5, 1, 3]) == 3


def test_median_of_nothing_raises():
    with pytest.raises(ValueError, match="no values"):
        bench_figures.median([None])


@pytest.mark.parametrize("op, limit, value, met", [
    ("<", 16, 15.9, True), ("<", 16, 16, False),
    ("<=", 0.3, 0.3, True), ("<=", 0.3, 0.31, False),
    (">=", 2, 2, True), (">", 2, 2, False),
])
def test_target_met(op, limit, value, met):
    assert Target(op, limit).met(value) is met


def test_target_without_value_is_undecided():
    assert Target("<", 1).met(None) is None
    assert Target("<", 1).met(float("nan")) is None


def test_target_describe():
    assert Target("<", 1.5, "MB").describe() == "< 1.5 MB"
    assert Target("<=", 2.0, "x", "total <= 2x summed floor").describe() == "total <= 2x summed floor"


def test_format_number():
    assert bench_figures.format_number(0.0545) == "0.0545"
    assert bench_figures.format_number(2.4912) == "2.49"
    assert bench_figures.format_number(1448.2) == "1,448"
    assert bench_figures.format_number(0) == "0"
    assert bench_figures.format_number(None) == "-"


def test_not_measured_row_says_why():
    f = bench_figures.not_measured("page_bytes_max", "chapter page weight", "the book is not built",
                           Target("<", 1.5, "MB"))
    assert f.value is None and f.met is None
    assert f.measured_text() == "not measured: the book is not built"


def figures():
    return [
        Figure("a", "redraw", value=0.6, unit="ms", target=Target("<", 16, "ms")),
        Figure("b", "touched / clean", value=0.57, unit="x", target=Target("<=", 0.3, "x"),
               shown="19.1 s / 33.2 s = 0.57x", note="why: fixed cost"),
        Figure("c", "loop 512", shown="skipped (too slow: ~18 s estimated)",
               note="skipped (too slow: ~18 s estimated)"),
        bench_figures.not_measured("d", "first widget", "no widget appeared", Target("<", 1000, "ms")),
    ]


def test_table_has_one_aligned_row_per_figure():
    lines = bench_figures.format_table(figures()).splitlines()
    assert lines[0].split(" | ")[0].strip() == "figure"
    assert [c.strip() for c in lines[0].split("|")] == ["figure", "measured", "target", "met"]
    rows = lines[2:6]
    assert [r.split("|")[3].strip() for r in rows] == ["yes", "NO", "-", "-"]
    assert "19.1 s / 33.2 s = 0.57x" in rows[1]
    assert "skipped (too slow: ~18 s estimated)" in rows[2]
    assert "not measured: no widget appeared" in rows[3]
    assert len({r.index("|") for r in rows}) == 1  # aligned columns
    assert lines[-1] == "  touched / clean: why: fixed cost"


def test_report_keys_targets_and_met_flags():
    data = json.loads(json.dumps(bench_figures.report(figures(), machine={"cpus": 2})))
    assert set(data) == {"generated", "machine", "figures", "targets", "met"}
    assert list(data["figures"]) == ["a", "b", "c", "d"]
    assert data["figures"]["a"]["value"] == 0.6 and data["figures"]["a"]["unit"] == "ms"
    assert data["targets"] == {"a": "< 16 ms", "b": "<= 0.3 x", "d": "< 1,000 ms"}
    assert data["met"] == {"a": True, "b": False, "d": None}
    assert data["figures"]["d"]["measured"] == "not measured: no widget appeared"


def test_report_refuses_duplicate_keys():
    with pytest.raises(ValueError, match="duplicate"):
        bench_figures.report([Figure("a", "x"), Figure("a", "y")], machine={})
