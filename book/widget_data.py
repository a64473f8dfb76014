"""Large binary widget data (an image view's picture) as files beside the page, not in it.

The saved widget state of a page sits in its <head>: the browser has to receive and parse
all of it before it can show any text. An ImageWindow keeps its picture as a binary
buffer, which nbclient saves base64-encoded in the state (`buffers`: [{"path": ["pixels"],
"encoding": "base64", "data": ...}]): a 128 x 128 RGB photograph is 64 KB of base64, about
44 KB gzip, half of the page as it is sent, for a view far below the first screen.

When Sphinx writes a page, every buffer of at least MIN_BYTES goes to
_static/widget-data/<sha256>.bin as its raw bytes (the same file for every page showing
that picture), and the buffer in the state becomes {"path": [...], "url": <the file,
relative to the page>, "bytes": <its length>}. book/static/d2l-widgets.js fetches it when
the view comes near the screen or the page has loaded, whichever is first, and draws the
view with the bytes, exactly as it would from the base64. Smaller buffers stay in the
page. Notebooks are not changed.
"""
import base64
import binascii
import hashlib

FOLDER = "widget-data"
# Below this a buffer costs the page less than a request of its own would.
MIN_BYTES = 4096


def decoded(buffer):
    """The bytes of a saved buffer ({"encoding": "base64" or "hex", "data": str}), or
    None if it is not one of those (a buffer this module cannot read stays as it is)."""
    data, encoding = buffer.get("data"), buffer.get("encoding")
    if not isinstance(data, str):
        return None
    try:
        if encoding == "base64":
            return base64.b64decode(data, validate=True)
        if encoding == "hex":
            return bytes.fromhex(data)
    except (binascii.Error, ValueError):
        return None
    return None


def data_file(data):
    """Name of the file holding ``data``: a digest of the bytes."""
    return hashlib.sha256(data).hexdigest()[:20] + ".bin"


def has_files(model):
    """True if a buffer of ``model`` (one entry of the saved state) is a file."""
    return any(isinstance(b, dict) and "url" in b for b in model.get("buffers") or [])


def externalise(state, write, url_of, min_bytes=MIN_BYTES):
    """Move the buffers of at least ``min_bytes`` in ``state`` (the saved widget state, a
    dict) to files.

    ``write(name, data)`` stores the bytes; ``url_of(name)`` is the file's URL from the
    page; the buffer becomes {"path", "url", "bytes"}. Returns the number of buffers moved.
    """
    moved = 0
    for model in (state.get("state") or {}).values():
        buffers = model.get("buffers")
        if not isinstance(buffers, list):
            continue
        for n, buffer in enumerate(buffers):
            if not isinstance(buffer, dict) or "url" in buffer:
                continue
            data = decoded(buffer)
            if data is None or len(data) < min_bytes:
                continue
            name = data_file(data)
            write(name, data)
            buffers[n] = {"path": buffer.get("path"), "url": url_of(name), "bytes": len(data)}
            moved += 1
    return moved
