"""tools/record.py: the one writer of notebook outputs, and its --check of stored widget state."""
import json
import os
import uuid

import nbformat
import pytest

from tools import record

WIDGET_CELLS = [
    "from d2l_utils.widgets import SlidingWindow",
    "SlidingWindow([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]], title='small')",
    "SlidingWindow.preset('avg_pool')",
]


def _notebook(path, *sources):
    """A notebook at ``path``: a title, then a code cell per source (ids cell-0, ...); its text."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Small")] + [
        nbformat.v4.new_code_cell(source) for source in sources]
    for n, cell in enumerate(nb.cells):
        cell.id = f"cell-{n}"
    nbformat.write(nb, path)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A small notebook with two SlidingWindows, recorded once: (path, text)."""
    path = tmp_path_factory.mktemp("record") / "small.ipynb"
    _notebook(path, *WIDGET_CELLS)
    record.record(path, variants=())
    return path, path.read_text(encoding="utf-8")


def test_recording_twice_changes_nothing(recorded):
    path, text = recorded
    record.record(path)  # and under every CPU variant
    assert path.read_text(encoding="utf-8") == text


def test_recorded_widget_state_and_outputs(recorded):
    path, text = recorded
    nb = json.loads(text)
    states = record.widget_states(text)
    shown = [out["data"] for cell in nb["cells"] for out in cell.get("outputs", [])]
    assert [sorted(data) for data in shown] == [
        ["application/vnd.jupyter.widget-view+json", "text/html", "text/plain"]] * 2
    assert "0×0 + 1×1 + 3×2 + 4×3 = 19" in "".join(shown[0]["text/html"])
    ids = [data["application/vnd.jupyter.widget-view+json"]["model_id"] for data in shown]
    # stable ids: from the notebook's path and the order the outputs show the widgets
    assert ids == [uuid.uuid5(record.NAMESPACE, f"{path.as_posix()}:{n}").hex for n in (0, 1)]
    first = states[ids[0]]["state"]
    # written as JupyterLab saves it: whole numbers are ints, others stay floats
    assert first["bias"] == 0 and isinstance(first["bias"], int)
    assert first["x"][0][0] == [0, 1, 2] and all(isinstance(v, int) for v in first["x"][0][0])
    assert '"bias": 0,' in text and '"bias": 0.0' not in text
    assert isinstance(states[ids[1]]["state"]["speed"], int)


def test_check_passes_on_a_fresh_recording(recorded):
    path, _ = recorded
    assert record.check(path) == []


def test_check_names_notebook_widget_and_trait(recorded, tmp_path):
    """Editing a stored widget's X (what the book draws) is caught and named."""
    path, text = recorded
    copy = tmp_path / path.name
    nb = json.loads(text)
    states = nb["metadata"]["widgets"][record.WIDGET_STATE]["state"]
    model_id = next(m for m, model in states.items() if model["state"].get("title") == "small")
    states[model_id]["state"]["x"][0][0][0] = 500
    copy.write_text(json.dumps(nb), encoding="utf-8")
    lines = record.state_differences(copy.as_posix(), copy.read_text(), text)
    assert lines == [
        f"{copy.as_posix()}: widget 0 (SlidingWindow 'small', model {model_id}): trait 'x' is "
        "[[[500, 1, 2], [3, 4, 5], [6, 7, 8]]] stored, [[[0, 1, 2], [3, 4, 5], [6, 7, 8]]] when run"]


def test_check_names_missing_and_extra_widgets(recorded):
    _, text = recorded
    nb = json.loads(text)
    states = nb["metadata"]["widgets"][record.WIDGET_STATE]["state"]
    assert record.state_differences("nb.ipynb", text, text) == []
    shown = nb["cells"][2]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]
    model_id = shown["model_id"]
    del states[model_id]
    lines = record.state_differences("nb.ipynb", json.dumps(nb), text)
    assert lines == [f"nb.ipynb: widget 0 (SlidingWindow 'small', model {model_id}) is produced "
                     "by the notebook but not stored"]
    lines = record.state_differences("nb.ipynb", text, json.dumps(nb))
    assert len(lines) == 1 and "is stored but the notebook no longer produces it" in lines[0]


def test_main_check_exits_non_zero_and_prints_the_difference(recorded, capsys):
    path, text = recorded
    nb = json.loads(text)
    states = nb["metadata"]["widgets"][record.WIDGET_STATE]["state"]
    for model in states.values():
        if model["state"].get("title") == "small":
            model["state"]["stride"] = [2, 2]
    path.write_text(json.dumps(nb), encoding="utf-8")
    try:
        with pytest.raises(SystemExit) as exit_info:
            record.main(["--check", str(path)])
    finally:
        path.write_text(text, encoding="utf-8")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"{path.as_posix()}: widget 0 (SlidingWindow 'small', model " in err
    assert "trait 'stride' is [2, 2] stored, [1, 1] when run" in err


@pytest.mark.parametrize("number, expected", [
    ("0.0", "0"), ("-0.0", "0"), ("2.0", "2"), ("0.5", "0.5"), ("1e-07", "1e-07"),
    ("1e+21", "1e+21"), ("12345678901234567890.0", "12345678901234567168"), ("3", "3"),
])
def test_numbers_as_javascript_writes_them(number, expected):
    text = record.as_saved_by_jupyterlab(
        '{"cells": [], "metadata": {"x": %s}, "nbformat": 4, "nbformat_minor": 5}' % number)
    assert json.loads(text, parse_float=str, parse_int=str)["metadata"]["x"] == expected


def test_saved_layout_is_nbformats():
    text = record.as_saved_by_jupyterlab(
        '{"nbformat_minor": 5, "nbformat": 4, "metadata": {"b": 1.0, "a": [1.5]}, "cells": []}')
    assert text == ('{\n "cells": [],\n "metadata": {\n  "a": [\n   1.5\n  ],\n  "b": 1\n },\n'
                    ' "nbformat": 4,\n "nbformat_minor": 5\n}\n')


def test_find_notebooks_rejects_other_files(tmp_path):
    (tmp_path / "a.txt").write_text("")
    with pytest.raises(SystemExit, match="not a notebook or folder"):
        record.find_notebooks([tmp_path / "a.txt"])


# A cell whose output depends on the machine, as a float32 sum's last digit does: what
# it prints changes under every CPU variant (each sets OPENBLAS_CORETYPE).
MACHINE_CELL = 'import os\nprint(os.environ.get("OPENBLAS_CORETYPE", "this machine"))'


def test_record_refuses_an_output_that_depends_on_the_cpu(tmp_path):
    """Nothing is written, and the cell (nbval's number and its id) and variant are named."""
    path = tmp_path / "machine.ipynb"
    before = _notebook(path, "1 + 1", MACHINE_CELL)
    with pytest.raises(record.NotPortable) as error:
        record.record(path, variants=("no-onednn",))
    assert path.read_text(encoding="utf-8") == before
    [line] = error.value.lines
    assert line.startswith(f"{path.as_posix()}: Cell 1 (id cell-2) differs under CPU variant "
                           "no-onednn: ")
    assert "+Prescott" in line


def test_check_under_a_variant_names_notebook_cell_and_variant(tmp_path, capsys):
    path = tmp_path / "machine.ipynb"
    _notebook(path, MACHINE_CELL)
    record.record(path, variants=())
    assert record.check(path) == []
    with pytest.raises(SystemExit) as exit_info:
        record.main(["--check", "--variant", "sse41-1-thread", str(path)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    here = os.environ.get("OPENBLAS_CORETYPE", "this machine")
    assert (f"{path.as_posix()}: Cell 0 (id cell-1) differs under CPU variant sse41-1-thread: "
            f"-{here}; +Nehalem") in err


def test_a_portable_notebook_is_recorded_under_every_variant(tmp_path, capsys):
    path = tmp_path / "portable.ipynb"
    _notebook(path, "import numpy as np\nnp.arange(6, dtype=np.float32).reshape(2, 3) @ np.ones(3)")
    record.main([str(path)])
    out = capsys.readouterr().out
    assert "written" in out and "recorded 1 runs of 1 notebooks" in out
    assert "array([ 3., 12.])" in path.read_text(encoding="utf-8")
    assert all(record.check(path, variant) == [] for variant in record.cpu_variants.VARIANTS)


def test_a_notebook_that_raises_is_named(tmp_path, capsys):
    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    _notebook(good, "2 * 3")
    before = _notebook(bad, "1 / 0")
    with pytest.raises(SystemExit):
        record.main([str(good), str(bad)])
    err = capsys.readouterr().err
    assert f"{bad.as_posix()}: CellExecutionError while running it:" in err
    assert "ZeroDivisionError" in err
    assert bad.read_text(encoding="utf-8") == before
    assert '"6"' in good.read_text(encoding="utf-8")


def test_a_write_cut_short_leaves_the_notebook(recorded, tmp_path, monkeypatch):
    path, text = recorded
    copy = tmp_path / path.name
    copy.write_text(text.replace('"small"', '"edited"'), encoding="utf-8")
    before = copy.read_text(encoding="utf-8")
    monkeypatch.setattr(record, "portable_text", lambda path, variants: "{" * 10_000_000)
    monkeypatch.setattr("os.replace", lambda *args: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OSError, match="was not written"):
        record.record(copy)
    assert copy.read_text(encoding="utf-8") == before


def test_cell_differences_quotes_the_lines_that_differ():
    def notebook(text):
        return json.dumps({"cells": [{"cell_type": "code", "id": "a", "execution_count": 1,
                                      "outputs": [{"output_type": "stream", "name": "stdout",
                                                   "text": ["same\n", text]}]}]})
    assert record.cell_differences("nb", notebook("0.27361503"), notebook("0.27361503")) == []
    assert record.cell_differences("nb", notebook("0.27361503"), notebook("0.27361506"),
                                   "avx2-4-threads") == [
        "nb: Cell 0 (id a) differs under CPU variant avx2-4-threads: -0.27361503; +0.27361506"]


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="unknown CPU variant 'avx-512'; the variants are "):
        record.cpu_variants.environment("avx-512")
    with pytest.raises(SystemExit, match="--variant goes with --check"):
        record.main(["--variant", "no-onednn", "chapters"])


def test_shown_widget_states_are_the_views_of_one_class_in_order(recorded):
    _, text = recorded
    states = record.shown_widget_states(text, "SlidingWindow")
    assert [state["title"] for state in states][0] == "small" and len(states) == 2
    assert record.shown_widget_states(text, "ImageWindow") == []
