"""`jupyter nbconvert --to html --config tools/nbconvert_static.json` shows each widget's picture.

nbconvert's HTML exporter ranks a widget view above the ``text/html`` beside it and, for a
notebook carrying widget state, draws the view with @jupyter-widgets/html-manager fetched from
a CDN: offline, or wherever that fails, every widget is an empty box (0 px with --no-input).
nbconvert skips a widget view whose model is not in the notebook's widget state
(WidgetsDataTypeFilter), so the config drops the stored widget state while converting
(ClearMetadataPreprocessor, the notebook file untouched) and each output shows its picture,
with no widget manager to fetch.  Runs the nbconvert of the front ends' environment
(.venv-lab, `make lab-env`): the course's own environment has no nbconvert.
"""
import json
import re
import subprocess

import pytest

from tools import ROOT

NBCONVERT = ROOT / ".venv-lab" / "bin" / "jupyter-nbconvert"
CONFIG = ROOT / "tools" / "nbconvert_static.json"
NOTEBOOK = ROOT / "chapters" / "mxnet" / "6-5-pooling.ipynb"

pytestmark = pytest.mark.skipif(not NBCONVERT.exists(), reason="no .venv-lab: run `make lab-env`")


def widget_outputs(path):
    nb = json.loads(path.read_text(encoding="utf8"))
    return [o for cell in nb["cells"] for o in cell.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


def convert(tmp_path, *options):
    subprocess.run([str(NBCONVERT), "--to", "html", *options, "--output-dir", str(tmp_path),
                    "--output", "page", str(NOTEBOOK)], check=True, capture_output=True)
    return (tmp_path / "page.html").read_text(encoding="utf8")


@pytest.mark.parametrize("no_input", [False, True])
def test_the_exported_html_shows_every_widget_picture(tmp_path, no_input):
    outputs = widget_outputs(NOTEBOOK)
    assert outputs and all("text/html" in o["data"] for o in outputs)
    page = convert(tmp_path, "--config", str(CONFIG), *(["--no-input"] if no_input else []))
    pictures = re.findall(r'class="d2l-(?:sw|iw|rf)-static"', page)
    assert len(pictures) == len(outputs)
    # No widget manager from a CDN (nbconvert's own require.js and MathJax stay).
    assert "widget-view+json" not in page and "embed-amd" not in page and "html-manager" not in page


def test_the_notebook_file_keeps_its_widget_state(tmp_path):
    before = NOTEBOOK.read_bytes()
    convert(tmp_path, "--config", str(CONFIG))
    assert NOTEBOOK.read_bytes() == before
