"""book/atomic_write.py: a file is replaced whole or not at all; a write cut short leaves the
old file byte for byte and raises WriteError naming the file."""
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from book import atomic_write
from book.atomic_write import WriteError, write_atomically
from tools import ROOT

OLD = '{"cells": [], "note": "uncommitted edits"}\n'
LIMIT = 4096  # bytes: the file-size limit of the cut-short writes, below the new content's size


def leftovers(folder):
    """Temporary files write_atomically left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_text_and_bytes_making_missing_folders(tmp_path):
    write_atomically(tmp_path / "a" / "b" / "page.json", "中文\n")
    assert (tmp_path / "a" / "b" / "page.json").read_bytes() == "中文\n".encode()
    write_atomically(tmp_path / "data.bin", b"\x00\xff")
    assert (tmp_path / "data.bin").read_bytes() == b"\x00\xff"
    assert leftovers(tmp_path) == leftovers(tmp_path / "a" / "b") == []


def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.txt", "x")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        (tmp_path / "new.txt").chmod(0o640)
        write_atomically(tmp_path / "new.txt", "y")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_a_symbolic_link_is_written_through(tmp_path):
    (tmp_path / "real.txt").write_text(OLD)
    (tmp_path / "link.txt").symlink_to("real.txt")
    write_atomically(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"


CUT_SHORT = textwrap.dedent("""
    import pathlib, resource, signal, sys
    from book.atomic_write import WriteError, write_atomically
    path, limit, writer = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write() (EFBIG), not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    content = '{"cells": [' + ", ".join(['"x"'] * limit) + ']}'
    try:
        if writer == "write_text":
            path.write_text(content)
        else:
            write_atomically(path, content)
    except WriteError as err:
        sys.exit(f"WriteError: {err}")
    except OSError as err:
        sys.exit(f"OSError: {err}")
""")


def cut_short(path, writer):
    """Write a notebook larger than LIMIT over ``path`` in a process whose file-size limit is
    LIMIT (as a full disk or a quota would cut it short); its exit status and stderr."""
    done = subprocess.run([sys.executable, "-c", CUT_SHORT, str(path), str(LIMIT), writer],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE is POSIX")
def test_a_write_cut_short_by_a_file_size_limit_leaves_the_old_file(tmp_path):
    notebook = tmp_path / "6-2-convolutions.ipynb"
    notebook.write_text(OLD)
    status, err = cut_short(notebook, "write_atomically")
    assert status == 1 and f"WriteError: {notebook} was not written" in err, err
    assert "File too large" in err and "it is as it was before" in err
    assert notebook.read_text() == OLD
    assert leftovers(tmp_path) == []
    # The limit does cut a plain write short: the file is truncated, what the test guards against.
    status, err = cut_short(notebook, "write_text")
    assert status == 1 and "File too large" in err
    assert notebook.stat().st_size == LIMIT


@pytest.mark.parametrize("step", ["fsync", "replace", "chmod"])
def test_any_failing_step_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, step):
    path = tmp_path / "bench.json"
    path.write_text(OLD)
    path.chmod(0o600)

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write.os, step, fail)
    with pytest.raises(WriteError, match=f"^{path} was not written .*No space left on device"):
        write_atomically(path, "{}")
    assert path.read_text() == OLD and leftovers(tmp_path) == []


def test_an_interrupted_write_removes_its_temporary_file_and_goes_on(tmp_path, monkeypatch):
    path = tmp_path / "zh.ipynb"
    path.write_text(OLD)

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic_write.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, "{}")
    assert path.read_text() == OLD and leftovers(tmp_path) == []


def test_text_that_cannot_be_encoded_is_a_write_error_naming_the_file(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(OLD)
    with pytest.raises(WriteError, match=f"^{path} was not written .*surrogate"):
        write_atomically(path, "\udc80")
    assert path.read_text() == OLD
