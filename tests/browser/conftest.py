"""The browser tests: one Chromium per session (the ``browser`` fixture) and the markers
that keep them out of a plain ``pytest tests``.

Every test here is marked ``browser`` (``make test-browser``: the built book, the widgets'
pages) or, in test_frontends.py, ``frontends`` (``make test-frontends``: live JupyterLab and
Notebook 7). pyproject.toml registers both and deselects them by default
(``-m "not browser and not frontends"``); the make targets select them with ``-m``.
"""
import pathlib

import pytest

from playwright import sync_api as playwright_sync

from tools.browser import CHROMIUM_ARGS, chromium_executable

HERE = pathlib.Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark each test of this folder ``frontends`` (test_frontends.py) or ``browser``."""
    for item in items:
        path = pathlib.Path(str(item.fspath)).resolve()
        if path.parent == HERE:
            item.add_marker("frontends" if path.name == "test_frontends.py" else "browser")


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

