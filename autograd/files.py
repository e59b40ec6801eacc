"""The one file writer of the project: a whole new file, or the old one untouched, never half of each.

Drawings, pages, saved models, lesson pictures and benchmark results are all written here, so
they all treat paths the same way: ``~`` is expanded; a missing folder is created; a symlink is
written through (its target is replaced); a path that exists but is not a regular file (a
folder, a device, a FIFO) is refused before anything is touched; errors name the user's path,
never a temporary one; the new file gets the permissions a plain ``open`` would give it.

Imports: the standard library only.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def write_atomically(path: str | os.PathLike[str], write: Callable[[IO[Any]], object], binary: bool = False) -> Path:
    """Call ``write(file)`` on a temporary file beside the target, then rename it onto the target.

    The bytes are flushed and fsync'ed before os.replace makes them visible in one step, so a
    crash, a full disk or an exception midway leaves the old file as it was and no temporary
    behind. Returns ``path`` with ``~`` expanded.
    """
    given = writable_path(path)
    target = given.resolve() if given.is_symlink() else given
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _naming(error, given) from None
    try:
        mode, encoding = ("wb", None) if binary else ("w", "utf-8")
        with os.fdopen(descriptor, mode, encoding=encoding, newline=None if binary else "\n") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _ordinary_mode(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename in (temporary, str(target)):
            raise _naming(error, given) from None
        raise
    _sync_folder(target.parent)
    return given


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8, \\n line endings) to ``path`` atomically."""
    return write_atomically(path, lambda file: file.write(text))


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    return write_atomically(path, lambda file: file.write(data), binary=True)


def writable_path(path: object) -> Path:
    """``path`` as a Path with ``~`` expanded, if it may be written: a TypeError for a non-path,
    a ValueError for an existing folder, device or FIFO (what it points to, for a symlink)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"a file path must be a str or a pathlib.Path; got {type(path).__name__} {path!r}.")
    given = Path(os.fspath(path)).expanduser()
    if not str(path).strip():
        raise ValueError("the file path is empty; give a file name such as 'out/graph.svg'.")
    try:
        mode = given.stat().st_mode  # follows a symlink to what it points to
    except FileNotFoundError:
        return given
    except OSError as error:
        raise _naming(error, given) from None
    if not stat.S_ISREG(mode):
        raise ValueError(f"{given} exists and is {_kind(mode)}, not a regular file; nothing was written. "
                         "Give the path of a file to create or replace.")
    return given


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "a special file")


def _naming(error: OSError, given: Path) -> OSError:
    """The same kind of error, about the user's path instead of a temporary one."""
    return type(error)(error.errno, f"cannot write {given}: {error.strerror or error}")


def _ordinary_mode(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets what the umask allows (mkstemp makes 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut. Best effort: the file is already saved, and
    Windows and some network file systems cannot sync a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError:
        pass
