"""Files written whole or not at all: :func:`write_atomically`, for every file the project's
commands write (notebooks, zh/, bench.json, the built book's data files, caches).

``Path.write_text`` empties the file first and then writes into it, so a write cut short (a
full disk, a quota, a file-size limit, a killed process) leaves the file truncated: for a
notebook, invalid JSON, and the edits not yet committed are gone. Here the new content goes to
a temporary file in the same folder (the same file system, so renaming it is one atomic step),
is flushed to the disk, takes the old file's permission bits and then replaces the old file
with ``os.replace``: a reader, or the file left after a crash, is the old version or the new
one, never a part.

It lives in book/ because both sides import it from there, as ``book.atomic_write``: the book's
Sphinx modules and the commands in tools/. It imports nothing of the project.
"""
import os
import pathlib
import stat
import uuid


class WriteError(OSError):
    """A file could not be written (the cause is chained); it still holds what it held."""


def write_atomically(path, data, encoding="utf-8"):
    """Replace the file at ``path`` by ``data`` (str, encoded with ``encoding``, or bytes),
    whole or not at all.

    Missing parent folders are made; a symbolic link is written through to its target. On
    any failure the temporary file is removed, the file at ``path`` is byte for byte what it
    was (or still absent), and :class:`WriteError` names the file and the cause.
    """
    target = pathlib.Path(os.path.realpath(path))
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        content = data.encode(encoding) if isinstance(data, str) else data
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_new_file(temporary, content, _permissions(target))
        os.replace(temporary, target)
    except BaseException as err:  # KeyboardInterrupt too: no temporary file left behind
        temporary.unlink(missing_ok=True)
        if isinstance(err, (OSError, UnicodeError)):
            raise WriteError(f"{path} was not written ({err}); it is as it was before") from err
        raise
    _sync_folder(target.parent)


def _permissions(path):
    """The permission bits of the file at ``path``, or None if there is none yet."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def _write_new_file(path, content, mode):
    """Create ``path`` (it must not exist), write ``content`` and fsync it.

    Created with 0o666 less the umask, as ``open(path, "w")`` creates a file, then given
    ``mode`` when the file it replaces had one.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with open(descriptor, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    if mode is not None:
        os.chmod(path, mode)


def _sync_folder(folder):
    """fsync ``folder`` so the rename survives a crash; a file system that cannot is left as is."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
