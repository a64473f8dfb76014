"""Rules every chapter notebook keeps (nbval checks their outputs separately).

- its code matches d2l_utils: a function or class a notebook writes out under a
  name that d2l_utils.<framework> defines must be that module's exact source;
- it starts with a title, a one-click switch to the other framework, and the
  canonical Colab cell (tools/colab_cell.py);
- it was recorded top to bottom by `make record`, widget state included;
- the numbers the course promises (the seeds') are printed on it.
"""
import ast
import importlib
import inspect
import json
import re

import pytest

from tools import ROOT
from tools.colab_cell import colab_cell

FRAMEWORKS = ("mxnet", "tensorflow")
SECTIONS = ("6-2-convolutions", "6-3-padding-and-stride", "6-4-channels", "6-5-pooling")
NOTEBOOKS = [(fw, s) for fw in FRAMEWORKS for s in SECTIONS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# Numbers the seeds recorded, which each section's page must print (both frameworks).
SEED_NUMBERS = {
    "6-2-convolutions": {19, 25, 37, 43, -1},
    "6-3-padding-and-stride": {8, 4, 2, 1},
    "6-4-channels": {56, 72, 104, 120, 76, 100, 148, 172, 96, 128, 192, 224},
    "6-5-pooling": {4, 5, 7, 8, 2, 3, 6, 10, 13, 15, 14, 16},
}
MXNET_KERNEL_LEARNING = {4.949, 0.831, 0.140, 0.024, 0.004, 0.9895, -0.9873705}


def path_of(framework, section):
    return ROOT / "chapters" / framework / f"{section}.ipynb"


def load(framework, section):
    path = path_of(framework, section)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


def printed_text(nb):
    parts = []
    for cell in code_cells(nb):
        for out in cell.get("outputs", []):
            parts += out.get("text", [])
            parts += out.get("data", {}).get("text/plain", [])
    return "".join(parts)


@pytest.mark.parametrize("framework, section", NOTEBOOKS)
def test_written_out_code_is_the_package_code(framework, section):
    module = importlib.import_module(f"d2l_utils.{framework}")
    compared = 0
    for cell in code_cells(load(framework, section)):
        text = source(cell)
        if text.lstrip().startswith(("%", "!")):
            continue
        for node in ast.parse(text).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and hasattr(module, node.name):
                written = ast.get_source_segment(text, node, padded=True)
                if node.decorator_list:
                    written = text.splitlines()[node.decorator_list[0].lineno - 1] + "\n" + written
                package = inspect.getsource(getattr(module, node.name))
                assert written.rstrip() == package.rstrip(), (
                    f"{section} ({framework}) writes out {node.name} differently from "
                    f"d2l_utils.{framework}.{node.name}")
                compared += 1
    if section in ("6-2-convolutions", "6-5-pooling"):
        assert compared, f"{section} ({framework}) should write out its section's functions"


@pytest.mark.parametrize("framework, section", NOTEBOOKS)
def test_title_switch_and_colab_cell(framework, section):
    nb = load(framework, section)
    first = source(nb["cells"][0])
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert len(re.findall(r"^# ", first, re.M)) == 1, "exactly one top-level heading"
    other = [fw for fw in FRAMEWORKS if fw != framework][0]
    links = re.findall(r"\[switch to [^\]]+\]\(([^)]+)\)", first)
    assert links == [f"../{other}/{section}.ipynb"]
    assert path_of(other, section).exists()
    assert source(code_cells(nb)[0]) == colab_cell(framework)
    assert "remove-cell" in code_cells(nb)[0]["metadata"].get("tags", []), \
        "the Colab cell is for Colab: tag it remove-cell so the book leaves it out"


@pytest.mark.parametrize("framework, section", NOTEBOOKS)
def test_recorded_top_to_bottom_with_widget_state(framework, section):
    nb = load(framework, section)
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "record it with `make record`"
    views = [o for c in code_cells(nb) for o in c["outputs"] if WIDGET_VIEW in o.get("data", {})]
    assert views, "every section shows at least one sliding-window widget"
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    for view in views:
        assert view["data"][WIDGET_VIEW]["model_id"] in state
    assert not [o for c in code_cells(nb) for o in c["outputs"] if o["output_type"] == "error"]


@pytest.mark.parametrize("framework, section", NOTEBOOKS)
def test_seed_numbers_are_printed(framework, section):
    text = printed_text(load(framework, section))
    printed = {float(n) for n in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text)}
    expected = SEED_NUMBERS[section]
    if framework == "mxnet" and section == "6-2-convolutions":
        expected = expected | MXNET_KERNEL_LEARNING
    missing = sorted(n for n in expected if float(n) not in printed)
    assert not missing, f"{section} ({framework}) never prints {missing}"
