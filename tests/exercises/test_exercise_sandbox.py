"""The grader can't be hung or fooled by accident (issue 22, item 2): the learner's file runs in a child process
with a time limit and a memory cap, the expected values come from the grader's own process, every failure is a
"wrong" verdict saying what happened (never a traceback, never exit 0), and the folder and progress-file cases
get a clear message with the way forward."""
import json

import pytest

from exercises.cli import main

pytestmark = pytest.mark.slow  # each test starts Python processes (the learner's child, or python -m)

TANH = "import math\n\n\ndef tanh_derivative(x):\n    return {body}\n"
RIGHT = TANH.format(body="1.0 - math.tanh(x) ** 2")


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def checked(tmp_path, capsys, source: str, *options: str) -> tuple[int, str]:
    """The exit code and everything printed when ``source`` is graded as exercise 1's copy."""
    (tmp_path / "e01_tanh_derivative.py").write_text(source)
    code = main(["check", "1", "--folder", str(tmp_path), *options])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize(("source", "said"), [
    ("def tanh_derivative(x):\n    while True:\n        pass\n", "did not return within 1 s"),
    ("while True:\n    pass\n", "did not return within 1 s"),
    ("import sys\n\n\ndef tanh_derivative(x):\n    sys.exit(0)\n", "sys.exit(0)"),
    ("import os\nos._exit(7)\n", "exit code 7"),
    (TANH.format(body="10 ** 400"), "too large"),
    (TANH.format(body="'0.5'"), "it must return a number"),
    (TANH.format(body="[x][3]"), "IndexError: list index out of range"),
    (TANH.format(body="len([0] * 10 ** 10)"), "MemoryError"),
    ("from autograd import Value\nValue.tanh = lambda self: self\n\n\ndef tanh_derivative(x):\n    return 1.0\n",
     "expected 0.7864"),
])
def test_every_way_the_learners_code_fails_is_a_wrong_verdict_that_says_what_happened(tmp_path, capsys, source,
                                                                                       said):
    code, text = checked(tmp_path, capsys, source, "--timeout", "1")
    assert code == 1, text
    assert "Exercise 1 (a local derivative): wrong" in text and said in text, text
    assert "Traceback" not in text


def test_the_time_limit_is_10_s_unless_told(tmp_path, capsys):
    from exercises.cli import parser
    assert parser().parse_args(["check", "1"]).timeout == 10.0


def test_the_right_answer_still_passes_in_the_child_process(tmp_path, capsys):
    code, text = checked(tmp_path, capsys, RIGHT)
    assert code == 0 and "correct" in text, text


def test_start_into_a_file_says_it_is_not_a_folder(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["start", "1", "--folder", str(tmp_path / "notes.txt")]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "--folder" in err and "Traceback" not in err
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("damage", ["{not json", '{"e01_tanh_derivative": 5}', "[1, 2]",
                                    '{"e01_tanh_derivative": {"hints": "x"}}'])
def test_a_damaged_progress_file_is_named_with_the_way_forward(tmp_path, capsys, damage):
    (tmp_path / ".progress.json").write_text(damage)
    (tmp_path / "e01_tanh_derivative.py").write_text(RIGHT)
    for command in (["list"], ["check", "1"], ["check", "1", "--hint"]):
        assert main([*command, "--folder", str(tmp_path)]) == 2, command
        err = capsys.readouterr().err
        assert ".progress.json" in err and "delete it" in err, err
    assert json.loads("{}") == {}


def test_a_copy_that_is_a_folder_is_named_as_such_by_check_and_start(tmp_path, capsys):
    (tmp_path / "e01_tanh_derivative.py").mkdir()
    for command in (["check", "1"], ["start", "1"]):
        assert main([*command, "--folder", str(tmp_path)]) == 2, command
        err = capsys.readouterr().err
        assert "is a folder, not a file" in err and "remove or rename it" in err, err


def test_a_copy_that_is_a_dangling_symlink_is_named_as_such_by_check_and_start(tmp_path, capsys):
    (tmp_path / "e01_tanh_derivative.py").symlink_to(tmp_path / "gone.py")
    for command in (["check", "1"], ["start", "1"]):
        assert main([*command, "--folder", str(tmp_path)]) == 2, command
        err = capsys.readouterr().err
        assert "a link to" in err and "which does not exist" in err, err
