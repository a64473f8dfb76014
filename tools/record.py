"""Re-run notebooks top to bottom and store their outputs: the only way outputs change.

Usage: ``python tools/record.py [PATH ...]`` (folders are searched for
``*.ipynb``; default ``chapters``).  Each notebook runs in a fresh kernel of
the current environment, with widget state kept so the static book can show
the widgets.  Widget model ids are renamed to ids derived from the notebook's
path and their order, so recording an unchanged notebook twice writes the same
file.
"""
import argparse
import json
import re
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NAMESPACE = uuid.UUID("6f1c1d2e-6b0e-4c5e-9d55-2d2f8c3a1e10")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def find_notebooks(paths):
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts)
        elif path.suffix == ".ipynb":
            found.append(path)
        else:
            raise SystemExit(f"not a notebook or folder: {path}")
    return found


def widget_order(nb):
    """Model ids in an order that does not depend on the kernel's message timing.

    First the widgets the outputs display, in cell order; then, breadth first,
    the models each one references ("IPY_MODEL_<id>"), in the order they appear
    in its state; then any others, by their state with ids masked.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    shown = [out["data"][WIDGET_VIEW]["model_id"]
             for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]
    order = []
    queue = [model_id for model_id in shown if model_id in state]
    while queue:
        model_id = queue.pop(0)
        if model_id in order:
            continue
        order.append(model_id)
        queue += [ref for ref in re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[model_id]))
                  if ref in state]
    rest = [m for m in state if m not in order]
    masked = {m: re.sub(r"[0-9a-f]{32}", "", json.dumps(state[m], sort_keys=True)) for m in rest}
    return order + sorted(rest, key=masked.get)


def stable_widget_ids(nb, name):
    """Rename widget model ids after ``name`` and their :func:`widget_order`; return JSON text."""
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    text = nbformat.writes(nb)
    for n, model_id in enumerate(widget_order(nb) if widgets else []):
        text = text.replace(model_id, uuid.uuid5(NAMESPACE, f"{name}:{n}").hex)
    # nbformat writes keys sorted: write again so the state is ordered by the new ids
    return nbformat.writes(nbformat.reads(text, as_version=4)) + "\n"


def record(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", store_widget_state=True,
        record_timing=False, coalesce_streams=True, resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    text = stable_widget_ids(nb, path.as_posix())
    path.write_text(text, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["chapters"])
    notebooks = find_notebooks(parser.parse_args(argv).paths)
    if not notebooks:
        raise SystemExit("no notebooks found")
    total = time.perf_counter()
    for n, path in enumerate(notebooks, 1):
        print(f"[{n}/{len(notebooks)}] {path} ...", end=" ", flush=True)
        start = time.perf_counter()
        record(path)
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    print(f"recorded {len(notebooks)} notebooks in {time.perf_counter() - total:.1f} s")


if __name__ == "__main__":
    main()
