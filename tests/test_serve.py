"""book/serve.py: a real server on a free 127.0.0.1 port, asked with raw requests.

Whatever a client sends in Accept-Encoding (or in the path and If-Modified-Since),
it gets the file, gzip-compressed only when it clearly allows gzip, or a 400 and
never a dropped connection.
"""
import gzip
import socket

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


def test_serving_answers_inside_the_block_and_stops_after(tmp_path):
    (tmp_path / "page.html").write_text(TEXT)
    with serve.serving(tmp_path) as url:
        address = ("127.0.0.1", int(url.rstrip("/").rsplit(":", 1)[1]))
        assert request(address)[0] == 200
    with pytest.raises(OSError):
        socket.create_connection(address, timeout=2).close()
