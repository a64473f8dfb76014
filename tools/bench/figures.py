"""Figures of `make bench`: medians, targets, the printed table and bench.json.

Pure logic, no timing (tested by tests/test_bench_figures.py). Each tools/bench/<section>.py
returns a list of :class:`Figure`; tools/bench/__init__.py prints them with :func:`format_table` and
writes :func:`report` to _build/bench.json.
"""
import math
import os
import platform
import statistics
import time
from dataclasses import dataclass, field


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

    def line(row):
        return " | ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()

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
