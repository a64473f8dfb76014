"""What the browser tests share: one Chromium per session and the switch that runs them.

Imported by tests/test_book.py (the built book) and tests/test_widgets_browser.py (the
SlidingWindow page of tests/widget_page/). Both run only under `make test-browser`, which
sets D2L_BROWSER_TEST=1; a plain `pytest tests` skips them. Both load this module as a
pytest plugin (pytest_plugins), so its `browser` fixture is one Chromium for the session.
"""
import os

import pytest

from playwright import sync_api as playwright_sync

from book import serve as book_server
from tools import ROOT
from tools.browser import CHROMIUM_ARGS, TIMEOUT_MS, OfflinePage, chromium_executable

# What the browser tests import from here (the pieces `make bench` uses too live in tools/).
__all__ = ["CHROMIUM_ARGS", "ROOT", "TIMEOUT_MS", "OfflinePage", "book_server",
           "browser_test_only", "browser"]


def browser_test_only(reason):
    """Marker that skips a module's tests unless D2L_BROWSER_TEST=1 (set by `make test-browser`)."""
    return pytest.mark.skipif(os.environ.get("D2L_BROWSER_TEST") != "1", reason=reason)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_executable()
    if not executable:
        pytest.fail("Chromium is not installed: run `make chromium` (Debian's chromium package)")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

