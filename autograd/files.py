"""The one file writer of the project: a whole new file, or the old one untouched, never half of each;
and its one reader of a user's file, which refuses what is not a file before opening it.

Drawings, pages, saved models, lesson pictures and benchmark results are all written here, so
they all treat paths the same way: ``~`` is expanded; a missing folder is created; a symlink is
written through (its target is replaced); a path that exists but is not a regular file (a
folder, a device, a FIFO) is refused before anything is touched, and so is a file the user may
not write (no write bit, or os.access says no), which a plain ``open(path, "w")`` would refuse
too; errors name the user's path, never a temporary one; the new file gets the permissions a
plain ``open`` would give it. read_bytes (nn.load's reader) refuses a folder, FIFO or device
before opening it: opening a FIFO to read waits for a writer, forever.

Imports: the standard library only.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

WRITE_HINT = "give a file name such as 'out/graph.svg'"


class NotRegularFileError(ValueError):
    """A path that exists but is a folder, FIFO, device or socket, where a file was wanted. ``path`` is
    the user's path; ``kind`` says what it is ("a folder", "a FIFO (named pipe)", ...)."""

    def __init__(self, path: Path, kind: str, verb: str) -> None:
        self.path, self.kind = path, kind
        super().__init__(f"{path} exists and is {kind}, not a regular file; nothing was {verb}. "
                         f"Give the path of a file to {'create or replace' if verb == 'written' else 'read'}.")


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
        # A write, flush or fsync error has no filename (a full disk, a file-size limit): it is about
        # this file. An OSError naming another file (a font the drawing wanted, say) is left as it is.
        if isinstance(error, OSError) and error.filename in (None, temporary, str(target)):
            kept = "the old file is unchanged" if target.exists() else "nothing was written"
            raise _naming(error, given, after=f"; {kept}") from None
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
    """``path`` as a Path with ``~`` expanded, if it may be written: a TypeError for a non-path; a
    NotRegularFileError (a ValueError) for an existing folder, device or FIFO (what it points to, for
    a symlink); a PermissionError for a file the user may not write; a NotADirectoryError when a file
    stands where a folder of the path should be."""
    given = checked_path(path, WRITE_HINT)
    try:
        mode = given.stat().st_mode  # follows a symlink to what it points to
    except (FileNotFoundError, NotADirectoryError):
        _check_folder(given)
        return given
    except OSError as error:
        raise _naming(error, given) from None
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(given, _kind(mode), "written")
    _check_writable(given, mode)
    return given


def read_bytes(path: object, hint: str = "give the path of the file to read") -> bytes:
    """The bytes of the regular file at ``path`` (``~`` expanded, a symlink followed). A folder, FIFO or
    device is refused (NotRegularFileError) before it is opened; ``hint`` ends the message for an empty
    path. A missing file is a FileNotFoundError; other OSErrors name the path."""
    given = checked_path(path, hint)
    try:
        mode = given.stat().st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(given, _kind(mode), "read")
        # O_NONBLOCK: should a FIFO be swapped in after the check, opening it still returns at once
        descriptor = os.open(given, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise NotRegularFileError(given, _kind(mode), "read")
            return file.read()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _naming(error, given, verb="read") from None


def checked_path(path: object, hint: str) -> Path:
    """``path`` as a Path with ``~`` expanded: a TypeError for a non-path, a ValueError (ending in
    ``hint``) for an empty one."""
    if not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
        raise TypeError(f"a file path must be a str or a pathlib.Path; got {type(path).__name__} {path!r}.")
    if not str(path).strip():
        raise ValueError(f"the file path is empty; {hint}.")
    return Path(os.fspath(path)).expanduser()


def _check_writable(given: Path, mode: int) -> None:
    """Refuse an existing file that ``open(given, "w")`` would refuse. Renaming over a file needs only
    its folder's write permission, so the atomic writer must ask first. A file with no write bit at all
    counts as write-protected even for root (as rm and vim treat it), though root's open would go ahead."""
    shown = f"mode {stat.S_IMODE(mode):04o}"
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(errno.EACCES, f"{given} is write-protected ({shown}); nothing was written. "
                                            f"Make it writable (chmod u+w) to replace it, or give another path.")
    if not os.access(given, os.W_OK):
        raise PermissionError(errno.EACCES, f"you may not write {given} ({shown}: it belongs to someone else, or "
                                            "its file system is read-only); nothing was written. Give another path.")


def _check_folder(given: Path) -> None:
    """For a path that does not exist yet: its nearest existing ancestor must be a folder (the writer
    creates the folders below it)."""
    target = given.resolve() if given.is_symlink() else given
    folder = next((parent for parent in target.parents if parent.exists()), None)
    if folder is not None and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"cannot write {given}: {folder} is a file, not a folder; nothing "
                                                "was written. Give a path inside a folder.")


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "a special file")


def _naming(error: OSError, given: Path, verb: str = "write", after: str = "") -> OSError:
    """The same kind of error (OSError picks the subclass from errno), about the user's path instead of a
    temporary one, or of none (a write error carries no path)."""
    message = f"cannot {verb} {given}: {error.strerror or error}{after}"
    return OSError(error.errno, message) if error.errno is not None else OSError(message)


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
