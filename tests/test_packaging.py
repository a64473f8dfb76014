"""The package as pip installs it (Colab's first cell, Binder, `pip install git+...`) carries
every file it reads: a widget module, its styles and the string table, not only the .py files.
"""
import os
import shutil
import subprocess
import sys

from tools import ROOT

# Runs in a fresh interpreter that sees only the installed copy of d2l_utils.
USE_IT = """
import d2l_utils, sys
assert d2l_utils.__file__.startswith(sys.argv[1]), d2l_utils.__file__
from d2l_utils.widgets import ImageWindow, SlidingWindow
d2l_utils.set_language("zh")
w = SlidingWindow([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
html = w._repr_mimebundle_()[0]["text/html"]
assert "输出第 0 行第 0 列" in html, html[:300]
assert "播放" in w._esm and w._css
ImageWindow()
print("ok")
"""


def test_the_installed_package_has_every_file_it_reads(tmp_path):
    # From a copy of what git tracks: setuptools keeps what earlier builds left in build/.
    source = tmp_path / "source"
    tracked = subprocess.run(["git", "ls-files", "d2l_utils", "pyproject.toml", "README.md",
                              "LICENSE"], cwd=ROOT, check=True, capture_output=True, text=True)
    for name in tracked.stdout.split():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(os.path.join(ROOT, name), source / name)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--disable-pip-version-check", "--target",
                    str(target), str(source)], check=True, cwd=tmp_path)
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", USE_IT, str(target)], env=env, cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
