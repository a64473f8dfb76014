"""Re-run notebooks top to bottom and store their outputs: the only way outputs change.

Usage: ``python tools/record.py [PATH ...]`` (folders are searched for
``*.ipynb``; default ``chapters``).  Each notebook runs in a fresh kernel of
the current environment, with widget state kept so the static book can show
the widgets.  Widget model ids are renamed to ids derived from the notebook's
path and their order, so recording an unchanged notebook twice writes the same
file.  The file is written the way JupyterLab saves it (see :func:`as_saved_by_jupyterlab`),
so opening and saving a recorded notebook there changes nothing.

``python tools/record.py --check [PATH ...]`` runs the notebooks the same way but
writes nothing: it fails, naming the notebook, the widget and the trait, when a
stored widget's state differs from what running the notebook produces (the book
draws the widgets from that stored state).  ``--jobs N`` runs N notebooks at once.
"""
import argparse
import concurrent.futures
import json
import re
import sys
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
    return as_saved_by_jupyterlab(text)


def _javascript_number(text):
    """A JSON number as it reads after a trip through JavaScript: 0.0 is 0."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 1e21 else value


def as_saved_by_jupyterlab(text):
    """Notebook JSON ``text`` as JupyterLab writes it back when the notebook is saved.

    JupyterLab holds the notebook as JavaScript objects, where 0.0 and 0 are the
    same number, and JSON.stringify writes "0"; the server then writes the file
    with nbformat (keys sorted, indent 1, a final newline).  Doing the same here
    means a maintainer who opens a recorded notebook and saves it gets no diff
    (about 1,700 lines of widget state changed otherwise).
    """
    nb = json.loads(text, parse_float=_javascript_number)
    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def run(path):
    """Execute notebook ``path`` in a fresh kernel; return the text :func:`record` would write."""
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
    return stable_widget_ids(nb, path.as_posix())


def record(path):
    path.write_text(run(path), encoding="utf-8")


def widget_states(text):
    """``{model_id: model}`` of the widget state stored in notebook JSON ``text``."""
    metadata = json.loads(text).get("metadata", {})
    return metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _widget_name(n, model_id, model):
    state = model.get("state", {})
    label = state.get("title") or state.get("description") or ""
    # anywidgets are all "AnyModel"; their _anywidget_id names the Python class
    name = state.get("_anywidget_id", "").rpartition(".")[2] or model.get("model_name", "?")
    return f"widget {n} ({name}{f' {label!r}' if label else ''}, model {model_id})"


def _short(value, limit=120):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def state_differences(notebook, recorded, produced):
    """Lines naming every widget and trait whose stored state differs from a fresh run.

    ``recorded`` and ``produced`` are notebook JSON texts, the stored file and
    the output of :func:`run`; both have the stable ids, so a widget is the same
    widget in both when its model id is.
    """
    old, new = widget_states(recorded), widget_states(produced)
    order = widget_order(nbformat.reads(produced, as_version=4))
    lines = []
    # widgets numbered as the notebook shows them (see widget_order)
    for n, model_id in enumerate(order + [m for m in old if m not in new]):
        if model_id not in old:
            lines.append(f"{notebook}: {_widget_name(n, model_id, new[model_id])} is produced "
                         "by the notebook but not stored")
            continue
        if model_id not in new:
            lines.append(f"{notebook}: {_widget_name(n, model_id, old[model_id])} is stored "
                         "but the notebook no longer produces it")
            continue
        a, b = old[model_id], new[model_id]
        for key in sorted(set(a) | set(b)):
            if key == "state":
                continue
            if a.get(key) != b.get(key):
                lines.append(f"{notebook}: {_widget_name(n, model_id, b)}: {key} is "
                             f"{_short(a.get(key))} stored, {_short(b.get(key))} when run")
        sa, sb = a.get("state", {}), b.get("state", {})
        for trait in sorted(set(sa) | set(sb)):
            if sa.get(trait, "<missing>") != sb.get(trait, "<missing>"):
                lines.append(f"{notebook}: {_widget_name(n, model_id, b)}: trait {trait!r} is "
                             f"{_short(sa.get(trait, '<missing>'))} stored, "
                             f"{_short(sb.get(trait, '<missing>'))} when run")
    return lines


def check(path):
    """Run ``path`` and return the lines of :func:`state_differences` (empty when it matches)."""
    return state_differences(path.as_posix(), path.read_text(encoding="utf-8"), run(path))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["chapters"])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if stored widget state differs from a run")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at once")
    args = parser.parse_args(argv)
    notebooks = find_notebooks(args.paths)
    if not notebooks:
        raise SystemExit("no notebooks found")
    if args.jobs < 1:
        raise SystemExit(f"--jobs must be at least 1, got {args.jobs}")
    task = check if args.check else record
    total = time.perf_counter()
    problems = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(task, path): path for path in notebooks}
        for n, future in enumerate(concurrent.futures.as_completed(futures), 1):
            path = futures[future]
            found = future.result() or []
            problems += found
            verdict = f"{len(found)} differences" if found else ("ok" if args.check else "written")
            print(f"[{n}/{len(notebooks)}] {path}: {verdict}", flush=True)
    verb = "checked" if args.check else "recorded"
    print(f"{verb} {len(notebooks)} notebooks in {time.perf_counter() - total:.1f} s")
    if problems:
        print("Stored widget state differs from a fresh run (run `make record`):", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
