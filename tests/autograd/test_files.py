"""The one file writer (autograd/files.py): whole files or none, paths treated the same way for
everything the project writes, errors about the user's path."""
import os
import stat

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
