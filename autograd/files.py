"""Writing files atomically: a whole new file, or the old one untouched, never half of each.

Shared by draw, explore and nn.io. Imports the standard library only.
"""
import os
import tempfile
from pathlib import Path
from typing import IO, Callable


def write_atomically(path: Path, write: Callable[[IO], object], binary: bool = False) -> Path:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it onto ``path``.

    The bytes are flushed and fsync'ed before os.replace makes them visible in one step,
    so a crash, a full disk or an exception midway leaves the old file as it was and no
    temporary behind. The folder must exist.
    """
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        mode, encoding = ("wb", None) if binary else ("w", "utf-8")
        with os.fdopen(descriptor, mode, encoding=encoding, newline=None if binary else "\n") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _ordinary_mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def _ordinary_mode(path: Path) -> int:
    """The permissions a plainly opened file would get (mkstemp makes it owner-only)."""
    if path.exists():
        return path.stat().st_mode & 0o777
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
