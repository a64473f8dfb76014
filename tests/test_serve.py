"""book/serve.py: a real server on a free 127.0.0.1 port, asked with raw requests.

Whatever a client sends in Accept-Encoding (or in the path and If-Modified-Since),
it gets the file, gzip-compressed only when it clearly allows gzip, or a 400 and
never a dropped connection; a burst of a classroom's connections is answered at once.
"""
import concurrent.futures
import gzip
import socket
import threading
import time

import pytest

from book import serve

TEXT = "<!doctype html><title>t</title>" + "<p>convolution</p>" * 40  # above serve.MIN_SIZE


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("html")
    (root / "page.html").write_text(TEXT)
    httpd, url = serve.serve(root)
    yield httpd.server_address
    serve.stop(httpd)


def request(address, path="/page.html", headers=()):
    """Send one raw HTTP/1.1 request; return (status, headers, body), or None if dropped."""
    lines = [f"GET {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close"]
    lines += [name.encode() + b": " + (value if isinstance(value, bytes) else value.encode())
              for name, value in headers]
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    if not data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    fields = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return int(status_line.split()[1]), fields, body


GZIP, PLAIN = "gzip", None


@pytest.mark.parametrize("accept, encoding", [
    ("gzip", GZIP),
    ("gzip, deflate, br", GZIP),
    ("GZIP;Q=0.5", GZIP),
    ("deflate, *;q=0.1", GZIP),
    ("identity", PLAIN),
    ("gzip;q=0", PLAIN),
    ("gzip;q=abc", PLAIN),
    ("gzip;q=", PLAIN),
    ("gzip;q", PLAIN),
    ("gzip;q=nan", PLAIN),
    ("gzip;q=inf", PLAIN),
    ("gzip;q=2", PLAIN),
    ("gzip;q=-1", PLAIN),
    ("gzip;q=0.5;q=abc", PLAIN),
    (";;;,,,", PLAIN),
    ("x;q=abc, gzip", GZIP),
    (b"gzip\xff;q=\xfe", PLAIN),
    ("", PLAIN),
])
def test_accept_encoding_always_gets_the_file(server, accept, encoding):
    response = request(server, headers=[("Accept-Encoding", accept)])
    assert response is not None, "connection dropped"
    status, fields, body = response
    assert status == 200
    assert fields.get("content-encoding") == encoding
    assert (gzip.decompress(body) if encoding else body).decode() == TEXT


@pytest.mark.parametrize("path, headers, status", [
    ("/page.html", [("Accept-Encoding", "gzip"), ("If-Modified-Since", "yesterday")], 200),
    ("/page.html", [("Accept-Encoding", "gzip"), ("If-Modified-Since", "Mon, 99 Foo 0 ::")], 200),
    ("/%00", [("Accept-Encoding", "gzip")], 400),
    ("/page.html%00", [], 400),
    ("/missing.html", [("Accept-Encoding", "gzip;q=abc")], 404),
])
def test_malformed_requests_get_an_answer(server, path, headers, status):
    response = request(server, path, headers)
    assert response is not None, "connection dropped"
    assert response[0] == status


@pytest.mark.parametrize("name, content_type", [
    ("widget.mjs", "text/javascript"), ("widget.js", "text/javascript"),
    ("module.wasm", "application/wasm"), ("icons.woff2", "font/woff2"), ("icons.woff", "font/woff"),
    ("page.html", "text/html"), ("figure.svg", "image/svg+xml"), ("data.json", "application/json"),
])
def test_each_file_goes_out_with_its_type_whatever_the_systems_tables_say(tmp_path, name, content_type):
    """A module served as anything but JavaScript is refused by the browser; the types do
    not depend on /etc/mime.types (TEXT_SUFFIXES)."""
    (tmp_path / name).write_bytes(TEXT.encode())
    with serve.serving(tmp_path) as url:
        address = ("127.0.0.1", int(url.rstrip("/").rsplit(":", 1)[1]))
        status, fields, _ = request(address, "/" + name, [("Accept-Encoding", "gzip")])
    assert status == 200
    assert fields["content-type"].split(";")[0] == content_type
    assert fields["cache-control"] == "no-cache"


def test_a_rebuilt_file_is_served_as_it_is_now(tmp_path):
    """Each file's gzip bytes are kept per version: a page the build rewrote goes out new."""
    page = tmp_path / "page.html"
    with serve.serving(tmp_path) as url:
        address = ("127.0.0.1", int(url.rstrip("/").rsplit(":", 1)[1]))
        for text in (TEXT, TEXT.replace("convolution", "pooling")):
            page.write_text(text)
            status, fields, body = request(address, headers=[("Accept-Encoding", "gzip")])
            assert (status, fields["content-encoding"]) == (200, "gzip")
            assert gzip.decompress(body).decode() == text


def test_serving_answers_inside_the_block_and_stops_after(tmp_path):
    (tmp_path / "page.html").write_text(TEXT)
    with serve.serving(tmp_path) as url:
        address = ("127.0.0.1", int(url.rstrip("/").rsplit(":", 1)[1]))
        assert request(address)[0] == 200
    with pytest.raises(OSError):
        socket.create_connection(address, timeout=2).close()


BURST = 200  # connections at once: a class of 30 browsers opening a page, six connections each
BURST_SECONDS = 10


def test_a_burst_of_concurrent_requests_is_answered_promptly(server):
    """All BURST requests, sent at the same moment from as many threads, are answered within
    BURST_SECONDS (with socketserver's listen queue of 5, 1 to 69 of them got nothing)."""
    start = threading.Barrier(BURST, timeout=BURST_SECONDS)

    def burst_request(_):
        start.wait()
        began = time.monotonic()
        try:
            response = request(server, headers=[("Accept-Encoding", "gzip")])
        except OSError as err:  # a connection that waited longer than request()'s 10 s
            return f"{type(err).__name__}: {err}", time.monotonic() - began
        return (response or [None])[0], time.monotonic() - began

    with concurrent.futures.ThreadPoolExecutor(max_workers=BURST) as pool:
        results = list(pool.map(burst_request, range(BURST), timeout=3 * BURST_SECONDS))
    failed = [status for status, _ in results if status != 200]
    slowest = max(seconds for _, seconds in results)
    assert not failed and slowest < BURST_SECONDS / 2, (
        f"{len(failed)} of {BURST} requests not answered ({failed[:3]}); slowest {slowest:.1f} s")
