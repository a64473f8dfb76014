"""Re-run notebooks top to bottom and store their outputs: the only way outputs change.

Usage: ``python tools/record.py [PATH ...]`` (folders are searched for
``*.ipynb``; default ``chapters``).  Each notebook runs in a fresh kernel of
the current environment, with widget state kept so the static book can show
the widgets.  Widget model ids are renamed to ids derived from the notebook's
path and their order, so recording an unchanged notebook twice writes the same
file.
"""
import argparse
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
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


def stable_widget_ids(text, nb, name):
    """Replace random widget model ids in ``text`` by ids derived from ``name``."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for n, model_id in enumerate(state):
        text = text.replace(model_id, uuid.uuid5(NAMESPACE, f"{name}:{n}").hex)
    return text


def record(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", store_widget_state=True,
        record_timing=False, resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    text = nbformat.writes(nb) + "\n"
    text = stable_widget_ids(text, nb, path.as_posix())
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
