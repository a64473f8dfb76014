"""Serve the built book (_build/html, Chinese in zh/) on 127.0.0.1, gzip-compressed (stdlib only).

    python -m book.serve [PORT] [--directory _build/html]

`make book` runs this; the browser tests and `make bench` use `serve()` or `serving()`.
Text files (HTML, CSS, JavaScript, JSON, SVG, ...) go out with `Content-Encoding: gzip`
when the request's Accept-Encoding allows it; each file is compressed once per version
(size and modification time) and kept in memory. Fonts, images and requests without gzip
get the bytes as they are, like http.server. Every answer says `Cache-Control: no-cache`
(pages are rebuilt in place: the browser revalidates with If-Modified-Since and gets a 304).

Why not starlette's StaticFiles + GZipMiddleware under uvicorn (pinned, installed with
sphinx-autobuild for `make live`)? Tried against tests/test_serve.py: GZipMiddleware gzips
whenever the header contains "gzip", so `gzip;q=0` (a client refusing gzip) got gzip and
`deflate, *;q=0.1` did not; it compresses every response again, at level 9 (a chapter page
is 380-460 KB: a class of 30 opening it is 30 compressions, here one); it sends no
Cache-Control, so a browser may reuse a page the last build replaced; a NUL in the path was a
404, not a 400. Each fix is code of our own around it (an Accept-Encoding parser, a cache,
a header), about as much as this module, plus two packages under `make book` whose pins
follow sphinx-autobuild's needs, and 0.10-0.13 s to import instead of 0.04 s. MIME types
come from the same place in both (Python's mimetypes; here TEXT_SUFFIXES fixes .js, .mjs,
.woff2, ... whatever the system's tables say). What uvicorn would bring is concurrency and
keep-alive: the burst of 200 concurrent requests in tests/test_serve.py is answered here
by a thread per request and a listen queue of 1024 (BookServer), and HTTP/1.1 keep-alive
was tried and taken out again (git log: "the server goes back to HTTP/1.0": navigation to
first widget unchanged in an interleaved comparison). So the standard library it stays.
"""
import argparse
import contextlib
import email.utils
import functools
import gzip
import http.server
import io
import os
import pathlib
import sys
import threading

from book import ROOT
HTML = ROOT / "_build" / "html"

# Compressed when the client accepts gzip; everything else is served as is.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
              "image/svg+xml", "application/wasm")
TEXT_SUFFIXES = {".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json",
                 ".wasm": "application/wasm",
                 ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2",
                 ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject",
                 ".ico": "image/x-icon", ".webmanifest": "application/manifest+json"}
MIN_SIZE = 256


def _accepts_gzip(header):
    """Whether an Accept-Encoding header allows gzip (RFC 9110, section 12.5.3).

    The first entry naming gzip (or ``*``) decides.  A malformed weight, such as
    ``gzip;q=abc``, counts as not allowing it: the client gets the file as it is.
    """
    for part in (header or "").split(","):
        coding, *params = (item.strip() for item in part.split(";"))
        if coding.lower() not in ("gzip", "*"):
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    return False
        return 0 < weight <= 1
    return False


@functools.lru_cache(maxsize=1024)
def _gzipped(path, size, mtime_ns):
    """The gzip bytes of file ``path`` as it is at ``size`` and ``mtime_ns`` (a rebuilt
    file is a new entry; the oldest entries go first)."""
    return gzip.compress(pathlib.Path(path).read_bytes(), compresslevel=6, mtime=0)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that gzips text files for clients that accept it."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TEXT_SUFFIXES}
    quiet = True

    def log_message(self, *args):
        if not self.quiet:
            super().log_message(*args)

    def end_headers(self):
        # Pages are rebuilt in place: let the browser revalidate instead of guessing.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        try:
            return self._send_head()
        except ValueError as err:  # e.g. a NUL byte in the path ("/%00"), which open() refuses
            self.send_error(http.HTTPStatus.BAD_REQUEST, f"Malformed request: {err}")
            return None

    def _send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()  # directory redirects/indexes, 404s
        ctype = self.guess_type(path)
        if not (ctype.startswith(TEXT_TYPES) and _accepts_gzip(self.headers.get("Accept-Encoding"))):
            return super().send_head()
        stat = os.stat(path)
        if stat.st_size < MIN_SIZE:
            return super().send_head()
        try:
            since = self.headers.get("If-Modified-Since")
            if since and "If-None-Match" not in self.headers:
                when = email.utils.parsedate_to_datetime(since)
                if int(stat.st_mtime) <= when.timestamp():
                    self.send_response(http.HTTPStatus.NOT_MODIFIED)
                    self.end_headers()
                    return None
        except (TypeError, ValueError, OverflowError, IndexError):
            pass
        try:
            body = _gzipped(path, stat.st_size, stat.st_mtime_ns)
        except OSError:
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)  # what copyfile reads and do_GET closes


class BookServer(http.server.ThreadingHTTPServer):
    """A thread per request, and room for a classroom's burst of connections.

    socketserver listens with a queue of 5 connections not yet accepted. A burst beyond it
    (a class opening the book at once, each browser with six connections) overflows the
    queue: the kernel drops the extra connection requests and the clients retry after 1 s,
    3 s, 7 s, ...; of 200 concurrent requests, 1 to 69 got nothing within 10 s as first
    reported, 86 to 149 in tests/test_serve.py's burst. The queue here holds 1024 (the kernel
    caps it at net.core.somaxconn, 4096 since Linux 5.4).
    """

    request_queue_size = 1024
    daemon_threads = True


def serve(directory=HTML, port=0, host="127.0.0.1", quiet=True):
    """Start a :class:`BookServer` for ``directory`` in the background.

    Returns ``(server, base_url)``; stop it with ``server.shutdown(); server.server_close()``.
    ``port=0`` picks a free port.
    """
    handler = type("Handler", (GzipHandler,), {"quiet": quiet})
    server = BookServer((host, port), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.thread = thread
    return server, f"http://{host}:{server.server_address[1]}/"


def stop(server):
    server.shutdown()
    server.server_close()
    thread = getattr(server, "thread", None)
    if thread is not None:
        thread.join(timeout=10)


@contextlib.contextmanager
def serving(directory=HTML):
    """:func:`serve` ``directory`` for a ``with`` block: yields the base URL, then stops."""
    server, url = serve(directory)
    try:
        yield url
    finally:
        stop(server)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", nargs="?", type=int, default=8000)
    parser.add_argument("--directory", default=str(HTML))
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    if not (pathlib.Path(args.directory) / "index.html").exists() and \
            not (pathlib.Path(args.directory) / "intro.html").exists():
        sys.exit(f"{args.directory} holds no built book: run `make html` first")
    server, url = serve(args.directory, args.port, args.bind, quiet=False)
    print(f"Serving {args.directory} at {url} (gzip for text files; Ctrl-C stops)", flush=True)
    if (pathlib.Path(args.directory) / "zh" / "intro.html").exists():
        print(f"The Chinese edition is at {url}zh/", flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)


if __name__ == "__main__":
    main()
