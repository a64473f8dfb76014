"""book/node_packages.py (`make vendor`): node_modules/ must match package-lock.json, and the copies
earlier builds served from _build/ are removed."""
import json

import pytest

from book import node_packages
from tools import ROOT


def test_every_checked_package_is_pinned_in_package_json_and_the_lock():
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf8"))
    declared = {**manifest.get("dependencies", {}), **manifest.get("devDependencies", {})}
    for package in node_packages.PACKAGES:
        assert package in declared, f"package.json does not declare {package}"
        assert declared[package] == node_packages.locked_version(package), (
            f"package.json asks for {package} {declared[package]!r}, not the exact version "
            f"package-lock.json pins ({node_packages.locked_version(package)})")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A scratch repository: package-lock.json pinning each package at 1.0.0, node_modules/
    holding them at the versions a test writes, and old copies in _build/."""
    lock = {"packages": {f"node_modules/{p}": {"version": "1.0.0"} for p in node_packages.PACKAGES}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    old = [tmp_path / "_build" / "vendor", tmp_path / "_build" / "html" / "_static" / "vendor" / "mathjax"]
    for folder in old:
        folder.mkdir(parents=True)
        (folder / "tex-chtml.js").write_text("old")
    monkeypatch.setattr(node_packages, "ROOT", tmp_path)
    monkeypatch.setattr(node_packages, "NODE", tmp_path / "node_modules")
    monkeypatch.setattr(node_packages, "OLD_COPIES", old)

    def install(**versions):
        for package in node_packages.PACKAGES:
            folder = tmp_path / "node_modules" / package
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "package.json").write_text(json.dumps({"version": versions.get(package, "1.0.0")}))
    return tmp_path, old, install


def test_matching_packages_pass_and_old_copies_go(project, capsys):
    root, old, install = project
    install()
    node_packages.main()
    out = capsys.readouterr().out
    for package in node_packages.PACKAGES:
        assert f"{package} 1.0.0" in out
    assert not any(folder.exists() for folder in old)
    assert "removed _build/vendor (front-end copies no page uses)" in out


def test_a_version_other_than_the_lock_stops_the_build(project):
    root, old, install = project
    install(**{node_packages.PACKAGES[0]: "0.9.0"})
    with pytest.raises(SystemExit) as stop:
        node_packages.main()
    assert (f"{node_packages.PACKAGES[0]}: installed 0.9.0, package-lock.json pins 1.0.0"
            in str(stop.value))
    assert all(folder.exists() for folder in old), "nothing is removed when a check fails"


def test_a_missing_package_is_named(project):
    root, old, install = project
    install()
    (root / "node_modules" / node_packages.PACKAGES[-1] / "package.json").unlink()
    with pytest.raises(SystemExit, match=rf"{node_packages.PACKAGES[-1]}: installed nothing, "
                                         r"package-lock.json pins 1\.0\.0"):
        node_packages.main()


def test_no_node_modules_says_what_to_run(project):
    with pytest.raises(SystemExit, match=r"node_modules/ is missing: run `npm ci --ignore-scripts`"):
        node_packages.main()
