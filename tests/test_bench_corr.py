"""tools/bench/corr.py without the frameworks (they are imported only to time them): the
estimate that skips the slow loop, interleaved timing of fake callables, and the rows."""
import pytest

from tools.bench import corr as bench_corr


@pytest.mark.parametrize("seconds, size_from, size_to, estimate", [
    (1.0, 32, 128, (126 / 30) ** 2), (2.0, 128, 512, 2.0 * (510 / 126) ** 2), (0.5, 32, 32, 0.5)])
def test_estimate_by_area_scales_by_output_cells(seconds, size_from, size_to, estimate):
    assert bench_corr.estimate_by_area(seconds, size_from, size_to) == pytest.approx(estimate)


def test_time_interleaved_calls_each_in_turn_and_returns_medians(monkeypatch):
    monkeypatch.setattr(bench_corr, "ROUND_S", 0.001)
    calls = []
    fns = {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}
    medians, per_call = bench_corr.time_interleaved(fns, runs=1)  # at least 3 rounds
    assert set(medians) == {"a", "b"} and [len(v) for v in per_call.values()] == [3, 3]
    assert medians["a"] == sorted(per_call["a"])[1]
    assert calls.count("a") > 3 and calls.count("b") > 3


def test_calibrate_loops_for_about_one_round(monkeypatch):
    monkeypatch.setattr(bench_corr, "ROUND_S", 0.02)
    loops, per_call, once = bench_corr.calibrate(lambda: sum(range(1000)))
    assert loops > 1 and 0 < per_call < 0.02 and once > 0


def test_size_rows_follow_order_and_say_why_one_is_skipped():
    medians = {"reference.corr2d_vectorized": 0.002, "mxnet npx.convolution": 0.001,
               "tensorflow tf.nn.conv2d": 0.0005}
    per_call = {name: [v, v] for name, v in medians.items()}
    rows = bench_corr.size_figures(512, medians, per_call, {
        bench_corr.REFERENCE: "skipped (too slow: ~18 s estimated)"})
    assert [r.key for r in rows] == [f"corr:512:{n}" for n in (
        bench_corr.REFERENCE, "reference.corr2d_vectorized", "mxnet npx.convolution",
        "tensorflow tf.nn.conv2d")]  # the frameworks' loops: 32x32 only, no row
    assert rows[0].value is None and rows[0].measured_text() == "skipped (too slow: ~18 s estimated)"
    assert rows[1].value == 2.0 and rows[1].unit == "ms"
    assert rows[1].details == {"per_call_ms_runs": [2.0, 2.0]}


def test_ratio_is_against_the_fastest_builtin():
    big = {"reference.corr2d_vectorized": 0.004, "mxnet npx.convolution": 0.002,
           "tensorflow tf.nn.conv2d": 0.0005}
    row = bench_corr.ratio_figure(big)
    assert row.value == pytest.approx(8.0) and row.met is False
    assert row.measured_text() == "4 ms / 0.5 ms (tensorflow tf.nn.conv2d) = 8.00x"
    big["mxnet npx.convolution"] = 0.001
    big["tensorflow tf.nn.conv2d"] = 0.003
    assert bench_corr.ratio_figure(big).value == pytest.approx(4.0)
