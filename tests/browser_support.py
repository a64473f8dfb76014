"""What the browser tests share: book/serve.py, Chromium, and what counts as local.

Imported by tests/test_book.py (the built book) and tests/test_widgets_browser.py (the
SlidingWindow page of tests/widget_page/). Both run only under `make test-browser`, which
sets D2L_BROWSER_TEST=1; a plain `pytest tests` skips them. Both load this module as a
pytest plugin (pytest_plugins), so its `browser` fixture is one Chromium for the session.
"""
import importlib.util
import os
import pathlib
import re
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


class OfflinePage:
    """A page in a fresh browser context that may load only from this machine.

    Requests and WebSockets to other hosts are aborted and kept in ``external``;
    uncaught exceptions go to ``page_errors``, console messages of a type in
    ``CONSOLE_TYPES`` to ``console_errors``. Subclasses add what they watch and open
    the URL; ``assert_clean`` fails on any of the three.
    """

    CONSOLE_TYPES = ("error",)
    VIEWPORT = {"width": 1280, "height": 900}

    def __init__(self, browser, url):
        self.url = url
        self.external = []       # requests to other hosts (all aborted)
        self.page_errors = []    # uncaught exceptions
        self.console_errors = []
        self.context = browser.new_context(viewport=self.VIEWPORT, service_workers="block")
        self.context.route("**/*", self._route)
        self.context.route_web_socket(re.compile(".*"), self._route_web_socket)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("console", self._console)

    def _route(self, route):
        if is_local(route.request.url):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort("blockedbyclient")

    def _route_web_socket(self, ws):
        if is_local(ws.url):
            ws.connect_to_server()
        else:
            self.external.append(ws.url)
            ws.close()

    def _console(self, message):
        if message.type in self.CONSOLE_TYPES:
            location = message.location or {}
            self.console_errors.append(
                f"{message.type}: {message.text} ({location.get('url', '')})")

    def close(self):
        self.context.close()

    def assert_clean(self):
        assert not self.external, (
            f"{self.url} tried to load from other hosts (aborted):\n  " + "\n  ".join(self.external))
        assert not self.page_errors, f"{self.url} page errors:\n  " + "\n  ".join(self.page_errors)
        assert not self.console_errors, (
            f"{self.url} console errors:\n  " + "\n  ".join(self.console_errors))
