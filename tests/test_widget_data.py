"""book/widget_data.py: large widget buffers leave the page for files of their own."""
import base64

import pytest

from book import widget_data

PICTURE = bytes(range(256)) * 20  # 5120 bytes, above MIN_BYTES
SMALL = b"\x01\x02\x03"


def saved(*buffers):
    """A saved widget state with one image view holding ``buffers`` (encoded as nbclient does)."""
    return {"state": {"view": {"model_module": "anywidget", "model_name": "AnyModel",
                               "state": {"title": "photo"}, "buffers": list(buffers)}}}


def b64(path, data):
    return {"path": path, "encoding": "base64", "data": base64.b64encode(data).decode()}


def run(state, min_bytes=widget_data.MIN_BYTES):
    files = {}
    moved = widget_data.externalise(state, files.__setitem__, lambda name: "../_static/d/" + name,
                                    min_bytes)
    return moved, files


def test_a_large_buffer_becomes_a_file_named_by_its_digest():
    state = saved(b64(["pixels"], PICTURE))
    moved, files = run(state)
    name = widget_data.data_file(PICTURE)
    assert moved == 1
    assert files == {name: PICTURE}
    assert state["state"]["view"]["buffers"] == [
        {"path": ["pixels"], "url": "../_static/d/" + name, "bytes": len(PICTURE)}]
    assert state["state"]["view"]["state"] == {"title": "photo"}


def test_hex_buffers_are_read_too():
    state = saved({"path": ["a", "b"], "encoding": "hex", "data": PICTURE.hex()})
    moved, files = run(state)
    assert moved == 1 and list(files.values()) == [PICTURE]
    assert state["state"]["view"]["buffers"][0]["path"] == ["a", "b"]


def test_the_same_bytes_are_one_file_and_other_bytes_another():
    other = PICTURE[::-1]
    state = saved(b64(["pixels"], PICTURE), b64(["mask"], other))
    state["state"]["copy"] = {"model_module": "anywidget", "buffers": [b64(["pixels"], PICTURE)]}
    moved, files = run(state)
    assert moved == 3
    assert set(files) == {widget_data.data_file(PICTURE), widget_data.data_file(other)}
    assert widget_data.data_file(PICTURE) != widget_data.data_file(other)


@pytest.mark.parametrize("buffer", [
    b64(["pixels"], SMALL),  # small: stays in the page
    {"path": ["pixels"], "encoding": "base64", "data": "not base64!"},
    {"path": ["pixels"], "encoding": "hex", "data": "zz"},
    {"path": ["pixels"], "encoding": "utf8", "data": "x" * 10_000},
    {"path": ["pixels"], "url": "elsewhere.bin", "bytes": 9},  # moved already
], ids=["small", "bad base64", "bad hex", "unknown encoding", "moved"])
def test_other_buffers_stay_as_they_are(buffer):
    state = saved(dict(buffer))
    moved, files = run(state)
    assert (moved, files) == (0, {})
    assert state["state"]["view"]["buffers"] == [buffer]


def test_the_threshold_is_inclusive():
    state = saved(b64(["pixels"], PICTURE))
    assert run(state, min_bytes=len(PICTURE))[0] == 1
    state = saved(b64(["pixels"], PICTURE))
    assert run(state, min_bytes=len(PICTURE) + 1)[0] == 0


def test_models_without_buffers_and_empty_states_are_fine():
    assert run({"state": {"m": {"model_module": "anywidget", "state": {}}}}) == (0, {})
    assert run({}) == (0, {})


def test_has_files_tells_a_model_whose_buffer_is_a_file():
    state = saved(b64(["pixels"], PICTURE), b64(["small"], SMALL))
    assert not widget_data.has_files(state["state"]["view"])
    run(state)
    assert widget_data.has_files(state["state"]["view"])
    assert not widget_data.has_files({"state": {}})
