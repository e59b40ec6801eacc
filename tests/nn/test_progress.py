"""fit()'s progress (issue 13): one display updated in place in a notebook (run in a real kernel), a bar
redrawn in place on a terminal (a pseudo-terminal here), and nothing at all in a pipe."""
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.support.notebooks import execute, notebook_from_cells, outputs

ROOT = Path(__file__).resolve().parents[2]
# 150 epochs slowed to about 1.5 s in all: time for some fifteen redraws at tqdm's ten a second.
TRAINING = """
import time
from nn import MLP, fit, make_moons
X, y = make_moons(60, seed=0)
history = fit(MLP(2, [4, 1], seed=0), X, y, epochs=150, progress={progress},
              on_epoch=lambda epoch, history: time.sleep({pause}))
"""


def _fit_in(command: list[str], **popen) -> subprocess.CompletedProcess:
    code = TRAINING.format(progress="None", pause=0.01) + "print('done')"
    return subprocess.run([*command, "-c", code], cwd=ROOT, timeout=120, **popen)


@pytest.mark.slow
def test_a_notebook_gets_one_display_updated_in_place_not_an_output_per_redraw(tmp_path):
    cells = [TRAINING.format(progress=progress, pause=0.01) for progress in ("None", "True")] + [
        TRAINING.format(progress="False", pause=0), "print(history)"]
    shown = outputs(execute(notebook_from_cells(cells), cwd=tmp_path))
    for cell in shown[:2]:  # progress=None in a notebook means shown, as progress=True does
        (display,) = cell
        assert display.output_type == "display_data"
        assert display.data["text/plain"].startswith("epoch 150/150 |") and "loss 0." in display.data["text/plain"]
    assert shown[2] == []  # progress=False: nothing
    assert shown[3][0].text.startswith("History(150 epochs")


@pytest.mark.slow
def test_a_pipe_gets_nothing():
    result = _fit_in([sys.executable], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("done\n", "")


@pytest.mark.slow
def test_a_terminal_gets_the_bar_redrawn_in_place():
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24 rows of 100 columns
    code = TRAINING.format(progress="None", pause=0.01) + "print('done')"
    with subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=terminal) as process:
        os.close(terminal)  # the child holds it now: reading ends when the child does
        written = _read_all(controller)
        printed = process.stdout.read()
    os.close(controller)
    assert process.returncode == 0 and printed == b"done\n"
    redraws = written.split("\r")
    assert len(redraws) > 3 and "epoch 150/150 |" in redraws[-1]  # each redraw overwrites the line
    assert redraws[-1].endswith("\n") and written.count("\n") == 1  # one line left behind, finished


def _read_all(descriptor: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # EIO: the other side is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
