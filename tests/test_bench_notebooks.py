"""tools/bench/notebooks.py without running nbval: which notebooks, their framework, the
floor's code, the order of a round and the rows made from the measured seconds."""
import pytest

from tools import ROOT
from tools.bench import notebooks as bench_nb

CH = ROOT / "chapters"


@pytest.mark.parametrize("path, framework", [
    (CH / "mxnet" / "6-2-convolutions.ipynb", "mxnet"),
    (CH / "tensorflow" / "6-5-pooling.ipynb", "tensorflow"),
    (CH / "pytorch" / "6-2-convolutions.ipynb", None),
    (CH / "6-2-convolutions.ipynb", None),
])
def test_framework_of_is_the_folder_under_chapters(path, framework):
    assert bench_nb.framework_of(path) == framework


def test_floor_imports_what_a_notebook_imports():
    assert bench_nb.floor_code("mxnet") == "import d2l_utils, d2l_utils.mxnet, mxnet"


def test_notebooks_are_sorted_without_checkpoints():
    found = bench_nb.notebooks()
    assert found == sorted(found) and found
    assert not [nb for nb in found if ".ipynb_checkpoints" in nb.parts]


@pytest.mark.parametrize("round_, index, first", [
    (0, 0, "nb"), (0, 1, "floor"), (1, 0, "floor"), (1, 1, "nb"), (2, 3, "floor")])
def test_order_alternates_by_round_and_notebook(round_, index, first):
    assert bench_nb.order(round_, index)[0] == first
    assert sorted(bench_nb.order(round_, index)) == ["floor", "nb"]


def rows(status=None, unknown=(), runs=3):
    a, b = CH / "mxnet" / "a.ipynb", CH / "tensorflow" / "b.ipynb"
    status = status or {a: (0, "3 passed"), b: (0, "4 passed")}
    return bench_nb.nbval_figures([a, b], {a: [9.0, 10.0, 30.0], b: [4.0, 5.0, 6.0]},
                                  {a: [4.0, 5.0, 6.0], b: [2.0, 2.5, 3.0]}, status, list(unknown), runs)


def test_one_row_per_notebook_with_its_floor():
    a, b, total = rows()
    assert a.key == "nbval:chapters/mxnet/a.ipynb" and a.value == 10.0  # median, not mean
    assert a.measured_text() == "10.0 s (floor 5.0 s, 2.00x)"
    assert a.details["ratio"] == 2.0 and a.note == ""
    assert b.measured_text() == "5.0 s (floor 2.5 s, 2.00x)"


def test_the_total_is_summed_medians_over_summed_floors():
    *_, total = rows()
    assert total.key == "nbval_total" and total.value == pytest.approx(15.0 / 7.5)
    assert total.measured_text() == "15.0 s / 7.5 s = 2.00x"
    assert total.met is True  # <= 2x
    assert total.note == "2 notebooks found (8 planned)"


def test_a_failing_notebook_and_an_unknown_folder_are_noted():
    a, b = CH / "mxnet" / "a.ipynb", CH / "tensorflow" / "b.ipynb"
    row_a, _, total = rows(status={a: (1, "1 failed"), b: (0, "ok")}, unknown=["chapters/x.ipynb"])
    assert row_a.note == "nbval exit 1: 1 failed"
    assert total.note.split("; ") == ["nbval failed on chapters/mxnet/a.ipynb",
                                      "2 notebooks found (8 planned)",
                                      "ignored (no framework folder): chapters/x.ipynb"]
