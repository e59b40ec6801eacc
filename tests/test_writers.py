"""Every file the project writes is written the same safe way (through autograd.files): models,
drawings, pages, lesson pictures and the command line's outputs, each checked on the same cases."""
import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import Value, explore, render
from autograd.cli import main as cli
from demos.common import pyplot, save_figure
from nn import Neuron, load, save

ROOT = Path(__file__).resolve().parents[1]


def _out():
    x = Value(2.0, label="x")
    y = (x * 3.0).tanh()
    y.backward()
    return y


def _figure():
    plt = pyplot()
    if plt is None:
        pytest.skip("matplotlib is not installed")
    figure, axes = plt.subplots()
    axes.plot([0, 1], [1, 0])
    return figure


WRITERS = {  # name -> (suffix, write(path) -> the path written)
    "save": (".json", lambda path: save(Neuron(2, seed=0), path)),
    "render": (".dot", lambda path: render(_out(), path)),
    "explore": (".html", lambda path: explore(_out(), path)),
    "lesson picture": (".png", lambda path: save_figure(_figure(), path.parent, path.name)),
    "command line": (".html", lambda path: cli(["x*2", "x=1", "--html", str(path)]) or path),
}


@pytest.mark.parametrize("name", WRITERS)
def test_a_symlink_is_written_through_not_replaced(name, tmp_path):
    """save and render used to replace the link with a file; explore followed it."""
    suffix, write = WRITERS[name]
    target, link = tmp_path / f"real{suffix}", tmp_path / f"link{suffix}"
    target.write_text("old")
    link.symlink_to(target)
    write(link)
    assert link.is_symlink() and target.read_bytes() != b"old" and target.stat().st_size > 0


@pytest.mark.parametrize("name", WRITERS)
def test_a_fifo_is_refused_and_left_as_it_is(name, tmp_path, capsys):
    """save(model, "/dev/full") as root used to turn the device into a JSON file."""
    suffix, write = WRITERS[name]
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)
    try:
        result = write(fifo)
    except ValueError as error:
        assert "not a regular file" in str(error) and str(fifo) in str(error)
    else:
        assert name == "command line" and result == 2 and "not a regular file" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.stat().st_mode) and os.listdir(tmp_path) == [fifo.name]


@pytest.mark.parametrize("name", WRITERS)
def test_tilde_missing_folders_and_the_umask_are_honoured(name, tmp_path, monkeypatch):
    """Lesson pictures used to be written 0600; a missing folder was an error for save only."""
    suffix, write = WRITERS[name]
    monkeypatch.setenv("HOME", str(tmp_path))
    previous = os.umask(0o022)
    try:
        write(os.path.join("~", "new", "folder", f"file{suffix}") if name != "lesson picture"
              else tmp_path / "new" / "folder" / f"file{suffix}")
    finally:
        os.umask(previous)
    written = tmp_path / "new" / "folder" / f"file{suffix}"
    assert written.is_file() and stat.S_IMODE(written.stat().st_mode) == 0o644
    assert os.listdir(written.parent) == [written.name]  # no temporary left behind


def test_a_saved_model_loads_back_through_a_symlink(tmp_path):
    model = Neuron(3, seed=1)
    (tmp_path / "real.json").write_text("{}")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    save(model, tmp_path / "link.json")
    assert load(tmp_path / "link.json").state_dict() == model.state_dict()


def test_a_lessons_out_folder_expands_tilde(tmp_path, monkeypatch):
    from demos.common import lesson_arguments

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert lesson_arguments("A lesson.", ["--out", "~/pictures"]).out == tmp_path / "pictures"
    assert (tmp_path / "pictures").is_dir() and not (tmp_path / "~").exists()


@pytest.mark.parametrize("name", WRITERS)
def test_a_write_protected_file_is_refused_and_kept(name, tmp_path, capsys):
    """Every writer used to replace a 0444 file that open(path, "w") refuses (issue 21, item 3)."""
    suffix, write = WRITERS[name]
    path = tmp_path / f"kept{suffix}"
    path.write_text("old")
    path.chmod(0o444)
    try:
        result = write(path)
    except PermissionError as error:
        assert f"{path} is write-protected (mode 0444)" in str(error)
    else:
        assert name == "command line" and result == 2 and "write-protected" in capsys.readouterr().err
    assert path.read_text() == "old" and os.listdir(tmp_path) == [path.name]


@pytest.mark.parametrize("name", WRITERS)
def test_a_disk_error_midway_names_the_users_path(name, tmp_path, monkeypatch, capsys):
    """'OSError [Errno 27] File too large' named no file (issue 21, item 4)."""
    suffix, write = WRITERS[name]
    path = tmp_path / f"old{suffix}"
    path.write_text("old")

    def too_large(descriptor):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(os, "fsync", too_large)
    try:
        result = write(path)
    except OSError as error:
        message = str(error)
    else:
        assert name == "command line" and result == 1
        message = capsys.readouterr().err
    assert f"cannot write {path}: File too large" in message and ".tmp" not in message
    assert path.read_text() == "old" and os.listdir(tmp_path) == [path.name]


def test_a_real_file_size_limit_midway_names_the_path_and_keeps_the_old_model(tmp_path):
    """A genuine EFBIG from the kernel (RLIMIT_FSIZE, as `ulimit -f` sets), not a monkeypatched one."""
    pytest.importorskip("resource")
    old = save(Neuron(2, seed=0), tmp_path / "model.json").read_bytes()
    code = ("import resource, signal, sys\n"
            "from nn import MLP, save\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so write() fails with EFBIG instead of killing us\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
            "try:\n    save(MLP(2, [64, 64, 1], seed=0), sys.argv[1])\n"
            "except OSError as error:\n    print(error.errno, error)\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "model.json")], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.stdout.startswith(f"{errno.EFBIG} [Errno {errno.EFBIG}] cannot write {tmp_path / 'model.json'}: "
                                    "File too large"), result.stdout + result.stderr
    assert (tmp_path / "model.json").read_bytes() == old and os.listdir(tmp_path) == ["model.json"]
