"""Chromium on this machine only: the pieces the browser tests and `make bench` share.

tests/browser/conftest.py adds the pytest fixture around them (tests/browser/test_book.py,
tests/browser/test_sliding_window_page.py); tools/bench/browser.py times the book and the widget
with them. Pages are served by book/serve.py, the gzip server `make book` runs.
"""
import json
import os
import re
import shutil
import socket
import time
import urllib.parse

import yaml

from book.editions import toc_entries
from tools import ROOT

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000
# Root element of one SlidingWindow (d2l_utils/widgets/sliding_window.js).
WIDGET_SELECTOR = ".d2l-sw"


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a browser opens)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_executable():
    """$CHROMIUM, else Debian's `chromium` on PATH (`make chromium`), else None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def is_local(url):
    """True for a URL the browser may load: this machine, or data:/blob:/about:."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def toc_pages(book=ROOT):
    """Every page of the book's _toc.yml in reading order, as (docname, title)."""
    return toc_entries(yaml.safe_load((book / "_toc.yml").read_text(encoding="utf8")))


def chapter_pages(book=ROOT):
    """The chapter pages of both editions as served, in reading order: the English ones
    ("chapters/mxnet/..."), then the Chinese ones ("zh/chapters/...", from zh/_toc.yml)."""
    return [prefix + doc for prefix, source in (("", book), ("zh/", book / "zh"))
            for doc, _ in toc_pages(source) if doc.startswith("chapters/")]


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


# Notes the time of the first widget root, and the document's readyState then; runs
# before any script of the page.
FIRST_WIDGET_PROBE = """
(() => {
  const selector = %s;
  const seen = () => {
    if (window.__firstWidgetMs === undefined && document.querySelector(selector)) {
      window.__firstWidgetMs = performance.now();
      window.__firstWidgetReadyState = document.readyState;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, {childList: true, subtree: true});
})();
""" % json.dumps(WIDGET_SELECTOR)


class BookPage(OfflinePage):
    """A book page opened offline, with its weight (``bytes``: encoded bytes received),
    ``load_ms`` and, in the page, ``window.__firstWidgetMs``."""

    def __init__(self, browser, url):
        super().__init__(browser, url)
        self.bytes = 0
        self.page.add_init_script(FIRST_WIDGET_PROBE)
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)
        started = time.perf_counter()
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.load_ms = (time.perf_counter() - started) * 1000

    def _finished(self, event):
        self.bytes += int(event.get("encodedDataLength", 0))
