"""Every exercise's answer, prose and output, stays folded until the reader opens it.

This file checks the notebooks' metadata, which is what JupyterLab, Colab and the book
read; tests/browser/test_book.py checks the built pages in a browser. After "## Exercises" a
chapter holds only exercises, each laid out as

- ``### Exercise N``: the question, visible everywhere;
- ``#### Answer N``: a heading cell tagged ``remove-cell`` (the book leaves it out) whose
  id is listed in the notebook's ``metadata.colab.collapsed_sections``, so Colab opens the
  notebook with the answer's section collapsed (Colab finds the cell by ``metadata.id``);
- the answer's prose inside ``<details class="answer">``, a fold that the book,
  JupyterLab's and Colab's Markdown all draw closed;
- the answer's code cells, with their recorded outputs: tagged ``hide-cell`` and
  ``answer`` (the book folds code and output behind one toggle), with
  ``jupyter.source_hidden``/``jupyter.outputs_hidden`` (JupyterLab, Notebook 7) and
  ``collapsed`` (Notebook 6) set, and ``cellView: "form"`` with a ``#@title`` line, so
  Colab shows a title instead of the code.
"""
import re

import nbformat
import pytest

from tools import ROOT

NOTEBOOKS = sorted((ROOT / "chapters").glob("*/*.ipynb"))
DETAILS_OPEN = '<details class="answer"><summary>Show the answer</summary>'


def exercises(path):
    """The cells after the "## Exercises" heading, and the notebook."""
    nb = nbformat.read(path, as_version=4)
    starts = [i for i, c in enumerate(nb.cells)
              if c.cell_type == "markdown" and c.source.strip() == "## Exercises"]
    assert len(starts) == 1, f"{path.name}: one '## Exercises' heading, found {len(starts)}"
    return nb, nb.cells[starts[0] + 1:]


def fold_problems(cells):
    """What is visible before the reader opens an answer, as a list of messages."""
    problems, number, expect = [], 0, "question"
    for cell in cells:
        cid, src = cell.get("id"), cell.source
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code":
            if expect not in ("code", "question"):
                problems.append(f"{cid}: code cell before the answer's prose")
            hidden = cell.metadata.get("jupyter", {})
            if "hide-cell" not in tags or "answer" not in tags:
                problems.append(f"{cid}: answer code needs the tags hide-cell and answer: {tags}")
            if not (hidden.get("source_hidden") and hidden.get("outputs_hidden")):
                problems.append(f"{cid}: jupyter.source_hidden and outputs_hidden must be true")
            if cell.metadata.get("collapsed") is not True:
                problems.append(f"{cid}: 'collapsed' must be true (Notebook 6 hides outputs by it)")
            if cell.metadata.get("cellView") != "form" or not src.startswith("#@title "):
                problems.append(f"{cid}: Colab form missing (cellView 'form' and a '#@title' line)")
            if not cell.outputs:
                problems.append(f"{cid}: answer code without a recorded output")
            expect = "code"
        elif src.startswith("### Exercise "):
            if expect == "heading" or expect == "prose":
                problems.append(f"{cid}: exercise {number} has no folded answer")
            number += 1
            if src.split("\n", 1)[0] != f"### Exercise {number}":
                problems.append(f"{cid}: expected '### Exercise {number}', found {src[:30]!r}")
            if "<details" in src:
                problems.append(f"{cid}: the question cell holds an answer")
            expect = "heading"
        elif src.startswith("#### Answer"):
            if expect != "heading" or src.strip() != f"#### Answer {number}":
                problems.append(f"{cid}: '#### Answer {number}' must follow its question")
            if "remove-cell" not in tags:
                problems.append(f"{cid}: the answer heading is for notebooks: tag it remove-cell")
            if cell.metadata.get("id") != cid:
                problems.append(f"{cid}: metadata.id must repeat the cell id (Colab reads it)")
            expect = "prose"
        elif expect == "prose":
            if not src.startswith(DETAILS_OPEN) or not src.rstrip().endswith("</details>"):
                problems.append(f"{cid}: the answer's prose must be one <details class=\"answer\">")
            elif src.count("<details") != 1 or src.count("</details>") != 1:
                problems.append(f"{cid}: one <details> per answer")
            expect = "code"
        else:
            problems.append(f"{cid}: unexpected cell in the exercises: {src[:40]!r}")
    if expect in ("heading", "prose"):
        problems.append(f"exercise {number} has no folded answer")
    if number == 0:
        problems.append("no exercises")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_answer_is_folded(path):
    _, cells = exercises(path)
    problems = fold_problems(cells)
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_colab_collapses_every_answer_section(path):
    nb, cells = exercises(path)
    headings = [c.id for c in cells
                if c.cell_type == "markdown" and c.source.startswith("#### Answer")]
    assert headings, f"{path.name} has no answer headings"
    assert nb.metadata.get("colab", {}).get("collapsed_sections") == headings


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_answer_outside_the_exercises(path):
    """A folded answer before "## Exercises" would escape the checks above."""
    nb, cells = exercises(path)
    before = nb.cells[:len(nb.cells) - len(cells) - 1]
    for cell in before:
        assert "answer" not in cell.metadata.get("tags", []), cell.id
        assert not re.search(r"<details|#### Answer", cell.source), cell.id


def test_fold_problems_sees_a_visible_answer():
    """The checker itself: an unfolded answer (as the chapters had before) is reported."""
    question = nbformat.v4.new_markdown_cell("### Exercise 1\n\nWhat is 1 + 1?")
    prose = nbformat.v4.new_markdown_cell("The cell below prints it.")
    answer = nbformat.v4.new_code_cell("1 + 1", metadata={"tags": ["hide-input"]})
    answer.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    problems = fold_problems([question, prose, answer])
    assert any("must follow its question" in p or "unexpected cell" in p for p in problems)
    assert any("hide-cell" in p for p in problems)
    assert any("outputs_hidden" in p for p in problems)
    assert any("cellView" in p for p in problems)
