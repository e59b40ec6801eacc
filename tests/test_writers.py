"""Every file the project writes is written the same safe way (through autograd.files): models,
drawings, pages, lesson pictures and the command line's outputs, each checked on the same cases."""
import os
import stat

import pytest

from autograd import Value, explore, render
from autograd.cli import main as cli
from demos.common import pyplot, save_figure
from nn import Neuron, load, save


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
