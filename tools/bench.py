"""`make bench`: how fast the course is to test, build, read and compute with.

Four groups of figures, each against the target the project set for a 2-core machine:

1. nbval per chapter notebook and in total, against its floor: a kernel started the way
   nbval starts it, importing the notebook's framework and d2l_utils, nothing else
   (tools/bench_notebooks.py). Target: total <= 2 x summed floor.
2. The book build, clean and after touching one notebook (tools/bench_book.py), in a
   scratch copy of the working tree so that the shared _build/ is never removed.
   Target: touched rebuild <= 0.3 x clean build.
3. The built book in Chromium, offline: bytes per chapter page, navigation to the first
   widget, and the widget's redraw per arrow-key step on a 32x32 input with a 5x5 kernel
   (tools/bench_browser.py). Targets: < 1.5 MB, median < 1 s, < 16 ms.
4. Cross-correlation: the teaching loops, the vectorised NumPy version and the
   frameworks' built-in convolutions (tools/bench_corr.py). Target: vectorised within
   5x of the fastest built-in at 512x512.

Every figure is a median of at least 3 runs; compared things are timed interleaved in one
run. A figure that cannot be measured yet becomes a table row "not measured: <reason>".
The table is printed and the same figures go to _build/bench.json.

    .venv/bin/python tools/bench.py [--only notebooks,book,browser,corr] [--runs 3]
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "_build" / "bench.json"
SECTIONS = ("notebooks", "book", "browser", "corr")


# -- pure logic (tested by tests/test_bench.py) ------------------------------------------

def median(values):
    """Median of the numbers in ``values``; ValueError if there are none."""
    values = [v for v in values if v is not None]
    if not values:
        raise ValueError("median of no values")
    return statistics.median(values)


@dataclass(frozen=True)
class Target:
    """``value <op> limit``, e.g. Target("<", 16, "ms") for "< 16 ms"."""
    op: str
    limit: float
    unit: str = ""
    text: str = ""

    def met(self, value):
        """True/False, or None when there is no value to judge."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return {"<": value < self.limit, "<=": value <= self.limit,
                ">": value > self.limit, ">=": value >= self.limit}[self.op]

    def describe(self):
        return self.text or f"{self.op} {format_number(self.limit)}{' ' + self.unit if self.unit else ''}"


@dataclass
class Figure:
    """One row of the table and one key of bench.json."""
    key: str
    label: str
    value: float = None
    unit: str = ""
    target: Target = None
    shown: str = ""      # how the value is printed; built from value/unit if empty
    note: str = ""       # not measured / skipped reason, or extra context
    details: dict = field(default_factory=dict)

    @property
    def met(self):
        return self.target.met(self.value) if self.target else None

    def measured_text(self):
        if self.value is None:
            return self.shown or self.note or "not measured"
        text = self.shown or f"{format_number(self.value)} {self.unit}".strip()
        return text

    def as_json(self):
        return {"label": self.label, "value": self.value, "unit": self.unit,
                "measured": self.measured_text(),
                "target": self.target.describe() if self.target else None,
                "met": self.met, "note": self.note or None, "details": self.details or None}


def not_measured(key, label, reason, target=None):
    return Figure(key, label, target=target, note=f"not measured: {reason}")


def format_number(x):
    """Three significant figures for small numbers, whole numbers above 100."""
    if x is None:
        return "-"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def met_text(met):
    return {True: "yes", False: "NO", None: "-"}[met]


def format_table(figures):
    """The figures as a plain-text table: figure | measured | target | met."""
    header = ("figure", "measured", "target", "met")
    rows = [(f.label, f.measured_text(), f.target.describe() if f.target else "-",
             met_text(f.met)) for f in figures]
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(4)]
    line = lambda r: " | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    notes = [f"  {f.label}: {f.note}" for f in figures if f.note and f.value is not None]
    if notes:
        out += ["", "notes:"] + notes
    return "\n".join(out)


def report(figures, machine=None):
    """The content of bench.json: one key per figure, with its target and met flag."""
    keys = [f.key for f in figures]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate figure keys: {duplicates}")
    return {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine or machine_info(),
        "figures": {f.key: f.as_json() for f in figures},
        "targets": {f.key: f.target.describe() for f in figures if f.target},
        "met": {f.key: f.met for f in figures if f.target},
    }


def machine_info():
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


# -- running the sections ------------------------------------------------------------------

def run_section(name, runs):
    """Figures of one section; a crash becomes one 'not measured' row."""
    try:
        if name == "notebooks":
            import bench_notebooks as module
        elif name == "book":
            import bench_book as module
        elif name == "browser":
            import bench_browser as module
        else:
            import bench_corr as module
        return module.measure(runs)
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
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    figures = []
    for name in sections:
        started = time.perf_counter()
        print(f"== bench: {name} ...", flush=True)
        figures += run_section(name, args.runs)
        print(f"== bench: {name} took {time.perf_counter() - started:.0f} s", flush=True)
    print()
    print(format_table(figures))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report(figures), indent=2) + "\n", encoding="utf8")
    print(f"\nwritten to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
