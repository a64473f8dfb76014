"""tools/bench/book.py without building: the venv's commands pointed at the checkout, Sphinx's
colours removed, an author's edit of a notebook, and the two rows from measured seconds."""
import json

import pytest

from tools import ROOT
from tools.bench import book as bench_book


def test_absolute_points_only_venv_paths_at_the_checkout():
    cmd = [".venv/bin/jupyter-book", "build", ".", "--path-output", ".venv-lab/x", "-W"]
    assert bench_book.absolute(cmd) == [str(ROOT / ".venv/bin/jupyter-book"), "build", ".",
                                        "--path-output", ".venv-lab/x", "-W"]


@pytest.mark.parametrize("raw, clean", [
    ("\x1b[01mbuild succeeded\x1b[39;49;00m.", "build succeeded."),
    ("\x1b[91mWARNING: x\x1b[0m", "WARNING: x"), ("plain", "plain")])
def test_plain_removes_colour_codes(raw, clean):
    assert bench_book.plain(raw) == clean


@pytest.mark.parametrize("source", [["# Title\n", "text"], "# Title\ntext\n"])
def test_edit_notebook_adds_a_sentence_to_the_last_markdown_cell(tmp_path, source):
    path = tmp_path / "nb.ipynb"
    cells = [{"cell_type": "markdown", "source": "first"}, {"cell_type": "markdown", "source": source},
             {"cell_type": "code", "source": "x = 1"}]
    path.write_text(json.dumps({"cells": cells}))
    bench_book.edit_notebook(path, "Live edit number 1 of the bench.")
    after = json.loads(path.read_text())["cells"]
    assert after[1]["source"] == "# Title\ntext\n\nLive edit number 1 of the bench.\n"
    assert after[0] == cells[0] and after[2] == cells[2]


CMDS = [["jupyter-book", "build", "."], ["jupyter-book", "build", "zh"]]


def test_book_rows_with_a_live_figure():
    clean, live = bench_book.book_figures([60.0, 50.0, 70.0], [0, 0, 0], CMDS, True, 8,
                                          [2.5, 1.5, 4.0], "")
    assert clean.key == "book_clean" and clean.value == 60.0 and clean.note == ""
    assert clean.details["commands"] == ["jupyter-book build .", "jupyter-book build zh"]
    assert live.key == "live_save_to_reload" and live.value == 2.5 and live.met is True
    assert live.target == bench_book.LIVE_TARGET


def test_book_rows_note_a_failed_build_a_fallback_and_a_missing_live_figure():
    clean, live = bench_book.book_figures([60.0, 50.0, 70.0], [2, 0, 2], CMDS, False, 7, [],
                                          "RuntimeError: no Chromium")
    assert clean.note.split("; ") == [
        "build exit code(s) [2] (warnings are errors)",
        "jupyter-book line not found in `make -n html`, used " + bench_book.FALLBACK,
        "7 notebooks in the book (8 planned)"]
    assert live.value is None and live.measured_text() == "not measured: RuntimeError: no Chromium"
