"""The built book's stable budgets, per chapter page of both editions (run by `make
test-browser`; the Chinese pages are served from zh/, their sources listed in zh/_toc.yml).

- weight: at most 500 KB transferred on a cold load (gzip, as book/serve.py serves it;
  every picture and widget the page loads by itself included), counted the way `make
  bench` counts it (tools.browser.BookPage: encoded bytes received until the network is
  idle, in a fresh browser context);
- Lighthouse accessibility 100 and best practices 100 (tools/bench/lighthouse.py: Lighthouse
  12.2.3, mobile preset, one Chrome for all pages, only these two categories).

Timings and the Lighthouse performance score move with the machine's load: they are
figures of `make bench`, not tests. Like tests/browser/test_book.py this runs only under
`make test-browser` (marked browser) and needs a built book (`make html`); D2L_BOOK_DIR points it at
another checkout's build.
"""
import os
import pathlib

import pytest

from tools import ROOT
from book import serve as book_server
from tools.bench.lighthouse import lighthouse, served
from tools.browser import BookPage, chapter_pages



BOOK = pathlib.Path(os.environ.get("D2L_BOOK_DIR", ROOT)).resolve()
HTML = BOOK / "_build" / "html"
CHAPTERS = chapter_pages(BOOK)
# Bytes transferred per chapter page, cold, gzip: the text, its formulas and widgets, the
# theme, and the pictures (image views) the page loads by itself.
PAGE_BYTES = 500_000
LIGHTHOUSE_CATEGORIES = ("accessibility", "best-practices")
LIGHTHOUSE_SCORE = 100


@pytest.fixture(scope="module")
def urls():
    """{docname: URL} of the chapter pages, served by book/serve.py."""
    if not (HTML / "intro.html").exists():
        pytest.fail(f"{HTML} has no intro.html: build the book first (make html)")
    server, by_doc = served(CHAPTERS, HTML)
    try:
        yield by_doc
    finally:
        book_server.stop(server)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_page_weight(docname, browser, urls):
    page = BookPage(browser, urls[docname])
    try:
        page.assert_clean()
        if page.bytes > PAGE_BYTES:
            heaviest = page.page.evaluate(
                "() => performance.getEntriesByType('resource')"
                ".map(e => [e.transferSize, e.name]).sort((a, b) => b[0] - a[0]).slice(0, 8)")
            lines = [f"{size / 1000:8.1f} KB  {name}" for size, name in heaviest]
            pytest.fail(f"{docname}: {page.bytes / 1000:.1f} KB transferred on a cold load, "
                        f"budget {PAGE_BYTES / 1000:.0f} KB. Heaviest requests:\n"
                        + "\n".join(lines), pytrace=False)
    finally:
        page.close()


@pytest.fixture(scope="module")
def lighthouse_results(urls):
    """Lighthouse's results for every chapter page of both editions, one run through one
    Chrome."""
    results = lighthouse([urls[doc] for doc in CHAPTERS], LIGHTHOUSE_CATEGORIES)
    return dict(zip(CHAPTERS, results))


@pytest.mark.parametrize("category", LIGHTHOUSE_CATEGORIES)
@pytest.mark.parametrize("docname", CHAPTERS)
def test_lighthouse_score(docname, category, lighthouse_results):
    result = lighthouse_results[docname]
    assert not result["runtimeError"], f"{docname}: Lighthouse could not run: {result['runtimeError']}"
    score = result["scores"].get(category)
    failed = [f"{f['id']} ({f['title']})" for f in result["failed"] if f["category"] == category]
    assert score == LIGHTHOUSE_SCORE, (
        f"{docname}: Lighthouse {category} {score}, not {LIGHTHOUSE_SCORE}; audits below "
        f"full score: {', '.join(failed) or 'none listed'}")
