"""What the browser tests share: book/serve.py, Chromium, and what counts as local.

Imported by tests/test_book.py (the built book) and tests/test_widgets_browser.py (the
SlidingWindow page of tests/widget_page/). Both run only under `make test-browser`, which
sets D2L_BROWSER_TEST=1; a plain `pytest tests` skips them. Both load this module as a
pytest plugin (pytest_plugins), so its `browser` fixture is one Chromium for the session.
"""
import importlib.util
import os
import pathlib
import shutil
import sys
import urllib.parse

import pytest

from playwright import sync_api as playwright_sync

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _load_book_server():
    """book/serve.py, the gzip server `make book` runs (loaded by path: book/ is no package)."""
    spec = importlib.util.spec_from_file_location("d2l_book_serve", ROOT / "book" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


book_server = _load_book_server()


def browser_test_only(reason):
    """Marker that skips a module's tests unless D2L_BROWSER_TEST=1 (set by `make test-browser`)."""
    return pytest.mark.skipif(os.environ.get("D2L_BROWSER_TEST") != "1", reason=reason)


LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000


def is_local(url):
    """True for a URL the browser may load: this machine, or data:/blob:/about:."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Chromium is not installed: run `make chromium` (Debian's chromium package)")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
