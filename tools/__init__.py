"""Commands that work on the course, run from the repository root as ``python -m tools.<name>``.

They may use ``d2l_utils`` and ``book/``; nothing here imports ``tests/``.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
