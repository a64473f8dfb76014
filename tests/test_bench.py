"""tools/bench/__init__.py: choosing sections, a crashing section, the table and bench.json (written
whole or not at all)."""
import ast
import importlib.util
import json
from types import SimpleNamespace

import pytest

from book import atomic_write
from book.atomic_write import WriteError
from tools import ROOT, bench
from tools.bench.figures import Figure, Target


@pytest.mark.parametrize("name", bench.SECTIONS)
def test_each_section_is_a_module_with_measure(name):
    # Read, not imported: a section may import Playwright or the widgets when it is imported.
    spec = importlib.util.find_spec(f"tools.bench.{name}")
    assert spec is not None, f"section {name!r} has no tools/bench/{name}.py"
    tree = ast.parse((ROOT / "tools" / "bench" / f"{name}.py").read_text(encoding="utf8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert "measure" in functions, f"tools/bench/{name}.py defines no measure(runs)"
    assert [a.arg for a in functions["measure"].args.args] == ["runs"]


def test_unknown_section_is_an_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.main(["--only", "corr,nonsense"])
    assert exit_.value.code == 2
    assert "unknown sections ['nonsense']" in capsys.readouterr().err


def test_a_crashing_section_becomes_one_not_measured_row(monkeypatch):
    imported = []

    def crashing_section(name):
        imported.append(name)

        def measure(runs):
            raise RuntimeError(f"Chromium crashed after {runs} runs")
        return SimpleNamespace(measure=measure)

    monkeypatch.setattr(bench.importlib, "import_module", crashing_section)
    [row] = bench.run_section("browser", runs=3)
    assert imported == ["tools.bench.browser"]
    assert row.key == "browser_error" and row.value is None
    assert row.measured_text() == "not measured: RuntimeError: Chromium crashed after 3 runs"


def test_main_prints_the_table_and_writes_bench_json(monkeypatch, tmp_path, capsys):
    ran = []

    def run_section(name, runs):
        ran.append((name, runs))
        return [Figure(f"{name}_x", f"{name} figure", value=2.0, unit="s",
                       target=Target("<", 3, "s"))]

    monkeypatch.setattr(bench, "run_section", run_section)
    output = tmp_path / "bench.json"
    assert bench.main(["--only", "book, corr", "--runs", "5", "--output", str(output)]) == 0
    assert ran == [("book", 5), ("corr", 5)]
    table = capsys.readouterr().out
    assert "book figure | 2 s      | < 3 s  | yes" in table
    assert "corr figure | 2 s      | < 3 s  | yes" in table
    data = json.loads(output.read_text(encoding="utf8"))
    assert data["met"] == {"book_x": True, "corr_x": True}


def test_a_bench_json_write_cut_short_keeps_the_last_one(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench, "run_section", lambda name, runs: [
        Figure("corr_x", "corr figure", value=2.0, unit="s", target=Target("<", 3, "s"))])
    output = tmp_path / "bench.json"
    output.write_text('{"met": {"last": true}}\n', encoding="utf8")

    def full_disk(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "fsync", full_disk)
    with pytest.raises(WriteError, match=f"^{output} was not written .*No space left"):
        bench.main(["--only", "corr", "--output", str(output)])
    assert output.read_text(encoding="utf8") == '{"met": {"last": true}}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["bench.json"]
