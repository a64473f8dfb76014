"""Re-run notebooks top to bottom and store their outputs: the only way outputs change.

Usage: ``python -m tools.record [PATH ...]`` (folders are searched for
``*.ipynb``; default ``chapters``).  Each notebook runs in a fresh kernel of
the current environment, with widget state kept so the static book can show
the widgets.  Widget model ids are renamed to ids derived from the notebook's
path and their order, so recording an unchanged notebook twice writes the same
file.  The file is written the way JupyterLab saves it (see :func:`as_saved_by_jupyterlab`),
so opening and saving a recorded notebook there changes nothing.

A notebook is written only if it is portable: it also runs under every CPU variant
of :mod:`tools.cpu_variants` (a lower instruction set, another BLAS core, oneDNN off,
other thread counts), and each run must produce the same file.  Where one does not,
nothing is written and the cells that differ are named with the variant, so an output
whose last digit depends on the CPU cannot be recorded.

``python -m tools.record --check [--variant NAME|all] [PATH ...]`` runs the
notebooks the same way but writes nothing: it fails, naming the notebook, the cell
or the widget and trait, and the variant, when a fresh run (on this machine, or
under the variants named) differs from the stored file in any output or widget
state (the book draws the widgets from that stored state).  ``--jobs N`` runs N
notebooks at once.
"""
import argparse
import concurrent.futures
import difflib
import json
import re
import sys
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from book.atomic_write import write_atomically
from tools import cpu_variants

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


def run(path, variant=None):
    """Execute notebook ``path`` in a fresh kernel; return the text :func:`record` would write.

    ``variant`` names a machine of :data:`tools.cpu_variants.VARIANTS` for the kernel
    to imitate; None runs it as this machine is.
    """
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    env = cpu_variants.environment(variant) if variant else None
    NotebookClient(
        nb, timeout=900, kernel_name="python3", store_widget_state=True,
        record_timing=False, coalesce_streams=True, resources={"metadata": {"path": str(path.parent)}},
    ).execute(**({"env": env} if env else {}))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return stable_widget_ids(nb, path.as_posix())


def portable_text(path, variants=tuple(cpu_variants.VARIANTS)):
    """The text of a run of ``path``, after runs under ``variants`` produced the same.

    Raises :class:`NotPortable`, naming the cells and the variant, when one did not.
    """
    text = run(path)
    for variant in variants:
        lines = differences(path.as_posix(), text, run(path, variant), variant)
        if lines:
            raise NotPortable(lines)
    return text


class NotPortable(Exception):
    """A notebook's outputs or widget state depend on the machine that runs it."""

    def __init__(self, lines):
        super().__init__("\n".join(lines))
        self.lines = lines


def record(path, variants=tuple(cpu_variants.VARIANTS)):
    """Run ``path`` (and check it under ``variants``), then store its outputs in it.

    The file is replaced whole or not at all (a full disk leaves the old notebook).
    """
    write_atomically(path, portable_text(path, variants))


def widget_states(text):
    """``{model_id: model}`` of the widget state stored in notebook JSON ``text``."""
    metadata = json.loads(text).get("metadata", {})
    return metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def shown_widget_states(text, widget):
    """The stored state of each view of class ``widget`` (e.g. "FieldExplorer") that notebook
    JSON ``text`` shows, in the order its outputs show them."""
    states = widget_states(text)
    shown = [out["data"][WIDGET_VIEW]["model_id"] for cell in json.loads(text)["cells"]
             for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]
    return [states[m]["state"] for m in shown
            if states[m]["state"].get("_anywidget_id", "").endswith(f".{widget}")]


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


def _output_text(output):
    """What one cell output shows, as lines to compare."""
    data = output.get("data", {})
    parts = [output.get("text", "")] + [data[mime] for mime in sorted(data)
                                       if not isinstance(data[mime], dict)]
    parts = ["".join(part) if isinstance(part, list) else part for part in parts]
    if "ename" in output:
        parts.append(f"{output['ename']}: {output.get('evalue', '')}")
    return "".join(parts).splitlines()


def cell_differences(notebook, recorded, produced, variant=None):
    """Lines naming every code cell whose outputs differ between two notebook JSON texts.

    Cells are numbered as nbval numbers them (code cells from 0), and named by id; each
    line quotes the first lines that differ.
    """
    where = f" under CPU variant {variant}" if variant else ""
    old = [c for c in json.loads(recorded)["cells"] if c["cell_type"] == "code"]
    new = [c for c in json.loads(produced)["cells"] if c["cell_type"] == "code"]
    if [c.get("id") for c in old] != [c.get("id") for c in new]:
        return [f"{notebook}: the code cells are not those of the stored file{where}"]
    lines = []
    for n, (a, b) in enumerate(zip(old, new)):
        if a.get("outputs") == b.get("outputs") and a.get("execution_count") == b.get("execution_count"):
            continue
        before = [line for out in a.get("outputs", []) for line in _output_text(out)]
        after = [line for out in b.get("outputs", []) for line in _output_text(out)]
        changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
                   if line[:1] in "-+" and line[:3] not in ("---", "+++")]
        shown = "; ".join(changed[:4]) + (" ..." if len(changed) > 4 else "")
        lines.append(f"{notebook}: Cell {n} (id {a.get('id')}) differs{where}: "
                     f"{shown or 'its outputs are stored differently'}")
    return lines


def differences(notebook, recorded, produced, variant=None):
    """Every difference between a stored notebook and a fresh run, as lines to print.

    The outputs of each cell (:func:`cell_differences`), then each widget's stored
    state (:func:`state_differences`); anything else that differs (the notebook's
    metadata) is named last.  Empty when the two texts are the same.
    """
    if recorded == produced:
        return []
    where = f" under CPU variant {variant}" if variant else ""
    lines = cell_differences(notebook, recorded, produced, variant)
    lines += [line + where for line in state_differences(notebook, recorded, produced)]
    if not lines:
        first = next(line for line in difflib.unified_diff(
            recorded.splitlines(), produced.splitlines(), lineterm="", n=0)
            if line[:1] in "-+" and line[:3] not in ("---", "+++"))
        lines.append(f"{notebook}: the file differs{where} outside outputs and widget state: {first}")
    return lines


def check(path, variant=None):
    """Run ``path`` (as ``variant`` imitates) and return the lines of :func:`differences`."""
    return differences(path.as_posix(), path.read_text(encoding="utf-8"), run(path, variant), variant)


def _variants(names):
    """The variants ``--variant`` names; "all" is every one of cpu_variants.VARIANTS."""
    if names and "all" in names:
        return list(cpu_variants.VARIANTS)
    return list(dict.fromkeys(names or []))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["chapters"])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a fresh run differs from the stored file")
    parser.add_argument("--variant", action="append", choices=[*cpu_variants.VARIANTS, "all"],
                        help="with --check: run as this CPU variant imitates instead of as this "
                             "machine is (repeat, or 'all'); a recording always checks them all")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at once")
    args = parser.parse_args(argv)
    notebooks = find_notebooks(args.paths)
    if not notebooks:
        raise SystemExit("no notebooks found")
    if args.jobs < 1:
        raise SystemExit(f"--jobs must be at least 1, got {args.jobs}")
    if args.variant and not args.check:
        raise SystemExit("--variant goes with --check; a recording checks every variant")
    total = time.perf_counter()
    if args.check:
        tasks = [(path, variant) for variant in _variants(args.variant) or [None]
                 for path in notebooks]
    else:
        tasks = [(path, None) for path in notebooks]
    problems = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {(pool.submit(check, path, variant) if args.check else pool.submit(record, path)):
                   (path, variant) for path, variant in tasks}
        for n, future in enumerate(concurrent.futures.as_completed(futures), 1):
            path, variant = futures[future]
            label = f"{path}{f' ({variant})' if variant else ''}"
            try:
                found = future.result() or []
            except NotPortable as error:
                found = error.lines
            except Exception as error:  # named with its notebook, reported with the others
                found = [f"{path}: {type(error).__name__} while running it:\n{error}"]
            problems += found
            verdict = f"{len(found)} differences" if found else ("ok" if args.check else "written")
            print(f"[{n}/{len(tasks)}] {label}: {verdict}", flush=True)
    verb = "checked" if args.check else "recorded"
    print(f"{verb} {len(tasks)} runs of {len(notebooks)} notebooks in "
          f"{time.perf_counter() - total:.1f} s")
    if problems:
        print("A fresh run differs from the stored notebook (run `make record`):" if args.check
              else "Not recorded: these notebooks failed, or their outputs depend on the CPU "
                   "(show fewer digits, see README):", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
