"""The first code cell of every chapter notebook: installs what Colab lacks.

The repository URL and branch come from ``_config.yml`` (the one place they
are set), so the Colab cell installs ``d2l_utils`` from the ref the book was
built from.  The cell carries the tag ``remove-cell``, so the book leaves it out
while Colab, Binder and Jupyter show it.  ``tests/test_notebooks.py`` checks every
notebook against
:func:`colab_cell`; ``python -m tools.colab_cell mxnet`` prints it.
"""
import sys

import yaml

from tools import ROOT

MXNET_PIN = "mxnet==1.9.1"


def repository():
    """``(url, branch)`` of the course's repository, from ``_config.yml``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"], config["repository"]["branch"]


def colab_cell(framework):
    """Source of the install cell for a notebook written in ``framework``."""
    if framework not in ("mxnet", "tensorflow"):
        raise ValueError(f"framework must be 'mxnet' or 'tensorflow', got {framework!r}")
    url, branch = repository()
    lines = [
        "# On Google Colab, install what it lacks; anywhere else this cell does nothing.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        "    import subprocess",
        "",
        '    pip = [sys.executable, "-m", "pip", "install", "--quiet"]',
    ]
    if framework == "mxnet":
        lines.append(f'    subprocess.run(pip + ["--no-deps", "{MXNET_PIN}"], check=True)'
                     "  # its numpy<2 pin is stale")
    lines.append(f'    subprocess.run(pip + ["git+{url}@{branch}"], check=True)')
    return "\n".join(lines)


if __name__ == "__main__":
    print(colab_cell(sys.argv[1] if len(sys.argv) > 1 else "mxnet"))
