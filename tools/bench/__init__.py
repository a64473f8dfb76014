"""`make bench`: how fast the course is to test, build, read and compute with.

Six groups of figures, each against the target the project set for a 2-core machine:

1. nbval per chapter notebook and in total, against its floor: a kernel started the way
   nbval starts it, importing the notebook's framework and d2l_utils, nothing else
   (tools/bench/notebooks.py). Target: total <= 2 x summed floor.
2. The book build, clean, and `make live` from saving a notebook to its page reloaded
   (tools/bench/book.py), in a scratch copy of the working tree so that the shared
   _build/ is never removed. Target: save to reloaded page < 3 s.
3. The built book in Chromium, offline: bytes per chapter page, navigation to the first
   widget, the SlidingWindow's redraw per arrow-key step on a 32x32 input with a 5x5 kernel
   and the FieldExplorer's per change to a layer of a 10-layer stack over 224x224
   (tools/bench/browser.py). Targets: <= 500 KB, <= 300 ms, < 16 ms (both redraws).
4. Cross-correlation: the teaching loops, the vectorised NumPy version and the
   frameworks' built-in convolutions (tools/bench/corr.py). Target: vectorised within
   5x of the fastest built-in at 512x512.
5. Lighthouse 12.2.3 (mobile preset) on every chapter page, offline
   (tools/bench/lighthouse.py). Targets: performance >= 95, accessibility 100, best
   practices 100.
6. The image view (ImageWindow) in Chromium: full recompute of a 512x512 RGB picture with
   a 3x3 kernel, one step of the window, and the longest task while a chapter page loads
   (tools/bench/images.py). Targets: < 16 ms, < 4 ms, no task over 50 ms.

Every figure is a median of at least 3 runs; compared things are timed interleaved in one
run. A figure that cannot be measured yet becomes a table row "not measured: <reason>".
The table is printed and the same figures go to _build/bench.json.

    .venv/bin/python -m tools.bench [--only notebooks,book,browser,corr,lighthouse,images] [--runs 3]

Section ``name`` is the module tools/bench/<name>.py, whose ``measure(runs)`` returns its
figures (tools/bench/figures.py); it is imported only when its section runs.
"""
import argparse
import importlib
import json
import time
import traceback
from pathlib import Path

from book.atomic_write import write_atomically
from tools import ROOT
from tools.bench.figures import format_table, not_measured, report

OUTPUT = ROOT / "_build" / "bench.json"
SECTIONS = ("notebooks", "book", "browser", "corr", "lighthouse", "images")


def run_section(name, runs):
    """Figures of one section; a crash becomes one 'not measured' row."""
    try:
        return importlib.import_module(f"tools.bench.{name}").measure(runs)
    except Exception as err:  # the bench reports, it does not crash
        traceback.print_exc()
        return [not_measured(f"{name}_error", f"{name}", f"{type(err).__name__}: {err}")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median; >= 3)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    figures = []
    for name in sections:
        started = time.perf_counter()
        print(f"== bench: {name} ...", flush=True)
        figures += run_section(name, args.runs)
        print(f"== bench: {name} took {time.perf_counter() - started:.0f} s", flush=True)
    print()
    print(format_table(figures))
    write_atomically(args.output, json.dumps(report(figures), indent=2) + "\n")
    print(f"\nwritten to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0

