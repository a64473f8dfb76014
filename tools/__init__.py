"""Commands that work on the course, run from the repository root as ``python -m tools.<name>``.

They may use ``d2l_utils`` and ``book/``; nothing here imports ``tests/``.
"""
from book import ROOT  # the repository's folder, one definition for book/, tools/ and tests/

__all__ = ["ROOT"]
