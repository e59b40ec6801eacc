"""The one file writer (autograd/files.py): whole files or none, paths treated the same way for
everything the project writes, errors about the user's path."""
import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograd.files import write_atomically, write_bytes, write_text


def test_writes_the_whole_file_and_leaves_no_temporary(tmp_path):
    path = write_text(tmp_path / "a.txt", "one\ntwo\n")
    assert path == tmp_path / "a.txt" and path.read_text() == "one\ntwo\n"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_failure_midway_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = write_text(tmp_path / "a.txt", "old")

    def half_then_fail(file):
        file.write("new, but only half")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        write_atomically(path, half_then_fail)
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["a.txt"]


def test_tilde_is_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = write_text("~/notes.txt", "hi")
    assert path == tmp_path / "notes.txt" and path.read_text() == "hi"


def test_a_missing_folder_is_created(tmp_path):
    assert write_bytes(tmp_path / "new" / "deeper" / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"


def test_a_symlink_is_written_through_to_its_target(tmp_path):
    target, link = tmp_path / "real.txt", tmp_path / "link.txt"
    target.write_text("old")
    link.symlink_to(target)
    write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "elsewhere" / "real.txt")
    write_text(link, "made")
    assert link.is_symlink() and (tmp_path / "elsewhere" / "real.txt").read_text() == "made"


def test_a_folder_is_refused_and_left_alone(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "inside.txt").write_text("keep")
    with pytest.raises(ValueError, match=r"folder exists and is a folder, not a regular file; nothing was written"):
        write_text(tmp_path / "folder", "x")
    assert (tmp_path / "folder" / "inside.txt").read_text() == "keep"


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="is a FIFO"):
        write_text(fifo, "x")  # opening a FIFO to write would block: it must not even be opened
    assert stat.S_ISFIFO(fifo.stat().st_mode) and os.listdir(tmp_path) == ["pipe"]


def test_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    with pytest.raises(ValueError, match="is a character device"):
        write_text(link, "x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_errors_name_the_users_path_not_a_temporary_one(tmp_path):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    with pytest.raises(OSError) as info:
        write_text(tmp_path / "file.txt" / "inner.txt", "x")
    assert f"cannot write {tmp_path / 'file.txt' / 'inner.txt'}" in str(info.value)
    assert ".tmp" not in str(info.value)


def test_a_new_file_gets_the_umasks_permissions_and_an_old_one_keeps_its_own(tmp_path):
    previous = os.umask(0o027)
    try:
        fresh = write_text(tmp_path / "fresh.txt", "x")
        old = tmp_path / "old.txt"
        old.write_text("x")
        old.chmod(0o604)
        write_text(old, "y")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # 0o666 & ~0o027; mkstemp alone gives 0o600
    assert stat.S_IMODE(old.stat().st_mode) == 0o604


@pytest.mark.parametrize("path, error", [(None, TypeError), (3, TypeError), ("", ValueError), ("  ", ValueError)])
def test_a_path_must_be_a_path(path, error):
    with pytest.raises(error, match="path"):
        write_text(path, "x")


# -- write-protected targets (issue 21, item 3) ----------------------------------------------------------------
# A file with no write bit is write-protected: `open(path, "w")` refuses it for its owner and everyone but root,
# and rm, cp and vim treat it as protected even for root. Renaming over it needs only the folder's write bit, so
# an atomic writer must ask first, or it replaces what open() would have refused.

def test_a_write_protected_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "kept.txt"
    path.write_text("old")
    path.chmod(0o444)
    with pytest.raises(PermissionError, match=r"kept\.txt is write-protected \(mode 0444\); nothing was written"):
        write_text(path, "new")
    assert path.read_text() == "old" and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert os.listdir(tmp_path) == ["kept.txt"]


def test_a_symlink_to_a_write_protected_file_is_refused(tmp_path):
    target, link = tmp_path / "real.txt", tmp_path / "link.txt"
    target.write_text("old")
    target.chmod(0o400)
    link.symlink_to(target)
    with pytest.raises(PermissionError, match=r"link\.txt is write-protected \(mode 0400\)"):
        write_text(link, "new")
    assert target.read_text() == "old"


def test_a_file_the_user_may_not_write_is_refused(tmp_path, monkeypatch):
    """What a normal user sees for someone else's 0644 file: os.access says no, so the writer does too."""
    path = tmp_path / "theirs.txt"
    path.write_text("old")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda name, mode, **kw: False if mode & os.W_OK else real_access(name, mode))
    with pytest.raises(PermissionError, match=r"you may not write .*theirs\.txt"):
        write_text(path, "new")
    assert path.read_text() == "old"


ROOT = Path(__file__).resolve().parents[2]
AS_NOBODY_WRITES = """
import sys
from autograd.files import write_text
for name, attempt in (("open", lambda: open(sys.argv[1], "w")), ("write_text", lambda: write_text(sys.argv[1], "new"))):
    try:
        attempt()
    except PermissionError as error:
        print(f"{name}: {error}")
"""
AS_NOBODY = {"user": 65534, "group": 65534, "extra_groups": [], "capture_output": True, "text": True, "timeout": 60}


def _python_for_nobody() -> str | None:
    """An interpreter the user nobody may run (this one may live in root's 0700 home), or None."""
    for python in dict.fromkeys([sys.executable, shutil.which("python3"), "/usr/bin/python3"]):
        try:
            if python and subprocess.run([python, "-c", "import autograd.files"], cwd="/",
                                         env={"PYTHONPATH": str(ROOT)}, **AS_NOBODY).returncode == 0:
                return python
        except OSError:  # nobody may not even start it
            continue
    return None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to become another user")
def test_a_normal_user_is_refused_a_read_only_file_in_a_folder_they_may_write():
    """The case of the issue as an unprivileged user (nobody): their own 0444 file in a folder they may write,
    where open(path, "w") says Permission denied but a rename would go through."""
    python = _python_for_nobody()
    if python is None:
        pytest.skip("no Python interpreter the user nobody may run")
    folder = Path(tempfile.mkdtemp(prefix="chainrule-readonly-"))
    try:
        folder.chmod(0o777)
        path = folder / "kept.txt"
        path.write_text("old")
        path.chmod(0o444)
        os.chown(path, 65534, 65534)
        result = subprocess.run([python, "-c", AS_NOBODY_WRITES, str(path)], cwd="/", env={"PYTHONPATH": str(ROOT)},
                                **AS_NOBODY)
        assert "open: [Errno 13] Permission denied" in result.stdout, result.stderr
        assert f"write_text: [Errno 13] {path} is write-protected (mode 0444)" in result.stdout, result.stderr
        assert path.read_text() == "old" and os.listdir(folder) == ["kept.txt"]
    finally:
        shutil.rmtree(folder)


def test_a_writable_file_is_still_replaced_whatever_its_other_bits(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("old")
    path.chmod(0o200)  # write-only for its owner: writable, so replaced (and kept write-only)
    write_text(path, "new")
    path.chmod(0o600)
    assert path.read_text() == "new"


# -- errors midway name the path (issue 21, item 4) -------------------------------------------------------------
def _too_large(*args, **kwargs):
    raise OSError(errno.EFBIG, "File too large")


def _failing_at(stage: str, monkeypatch):
    """A write callback that fails at ``stage`` (as a full disk or a file-size limit would)."""
    if stage in ("fsync", "replace"):
        monkeypatch.setattr(os, stage, _too_large)

    def write(file):
        file.write("new, and more")
        if stage == "write":
            _too_large()
        if stage == "flush":
            file.flush = _too_large  # the writer's own flush before fsync

    return write


@pytest.mark.parametrize("stage", ["write", "flush", "fsync", "replace"])
def test_an_error_midway_names_the_path_keeps_the_old_file_and_leaves_no_temporary(stage, tmp_path, monkeypatch):
    path = write_text(tmp_path / "a.txt", "old")
    with pytest.raises(OSError) as info:
        write_atomically(path, _failing_at(stage, monkeypatch))
    monkeypatch.undo()
    assert info.value.errno == errno.EFBIG and f"cannot write {path}: File too large" in str(info.value)
    assert ".tmp" not in str(info.value) and "the old file is unchanged" in str(info.value)
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["a.txt"]


def test_an_error_about_another_file_is_left_as_it_is(tmp_path):
    """An OSError the callback gets from some other file (a font, say) is not about the target: not renamed."""
    def reads_a_missing_font(file):
        (tmp_path / "no-such-font.ttf").read_bytes()

    with pytest.raises(FileNotFoundError) as info:
        write_atomically(tmp_path / "a.txt", reads_a_missing_font)
    assert info.value.filename == str(tmp_path / "no-such-font.ttf") and os.listdir(tmp_path) == []
