"""python -m exercises: list, start (never overwriting), check (exit codes, "done"), --hint one at a time,
the bughunt hand-off, and the package working with exercises/solutions/ deleted."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exercises.catalog import find
from exercises.cli import main

ROOT = Path(__file__).resolve().parents[2]
RIGHT_ANSWER = "import math\n\n\ndef tanh_derivative(x):\n    return 1.0 - math.tanh(x) ** 2\n"


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run in-process commands from a temporary folder, so a default ./my_exercises/ never lands in the repo."""
    monkeypatch.chdir(tmp_path)


def run(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exercises", *argv], cwd=cwd, capture_output=True, text=True)


def test_python_m_exercises_lists_every_exercise_with_its_goal_from_the_repository_root(tmp_path):
    result = run("--folder", str(tmp_path / "mine"))
    assert result.returncode == 0, result.stderr
    for number in range(1, 12):
        assert f"  {number:2d}  -        {find(number).goal}" in result.stdout
    assert "(0 of 11 done)" in result.stdout and not (tmp_path / "mine").exists()  # listing writes nothing


def test_start_copies_the_starter_once_and_never_overwrites_the_learners_work(tmp_path, capsys):
    assert main(["start", "1", "--folder", str(tmp_path)]) == 0
    copy = tmp_path / "e01_tanh_derivative.py"
    assert copy.read_text() == find(1).starter_text()
    copy.write_text(RIGHT_ANSWER)
    capsys.readouterr()
    assert main(["start", "1", "--folder", str(tmp_path)]) == 0
    assert copy.read_text() == RIGHT_ANSWER
    assert "already exists: it is left as it is" in capsys.readouterr().out


def test_check_grades_the_copy_exits_1_when_wrong_and_0_when_right_and_list_shows_done(tmp_path, capsys):
    main(["start", "1", "--folder", str(tmp_path)])
    assert main(["check", "1", "--folder", str(tmp_path)]) == 1
    assert "not written yet" in capsys.readouterr().out
    (tmp_path / "e01_tanh_derivative.py").write_text(RIGHT_ANSWER)
    assert main(["check", "1", "--folder", str(tmp_path)]) == 0
    assert "Exercise 1 (a local derivative): correct" in capsys.readouterr().out
    main(["list", "--folder", str(tmp_path)])
    assert "   1  done     " in capsys.readouterr().out
    (tmp_path / "e01_tanh_derivative.py").write_text(RIGHT_ANSWER + "# edited after it passed\n")
    main(["list", "--folder", str(tmp_path)])
    assert "   1  started  " in capsys.readouterr().out


def test_a_copy_that_does_not_run_or_lacks_the_function_is_a_wrong_answer_saying_so(tmp_path, capsys):
    (tmp_path / "e01_tanh_derivative.py").write_text("def tanh_derivative(x):\n    return 1 -\n")
    assert main(["check", "1", "--folder", str(tmp_path)]) == 1
    assert "could not be run: SyntaxError" in capsys.readouterr().out
    (tmp_path / "e01_tanh_derivative.py").write_text("def slope(x):\n    return 0.0\n")
    assert main(["check", "1", "--folder", str(tmp_path)]) == 1
    assert "defines no tanh_derivative" in capsys.readouterr().out


def test_the_folder_may_be_named_before_or_after_the_command(tmp_path):
    assert main(["--folder", str(tmp_path / "before"), "start", "1"]) == 0
    assert main(["start", "1", "--folder", str(tmp_path / "after")]) == 0
    assert (tmp_path / "before" / "e01_tanh_derivative.py").exists()
    assert (tmp_path / "after" / "e01_tanh_derivative.py").exists()


def test_check_without_a_copy_or_with_an_unknown_number_is_a_usage_error(tmp_path, capsys):
    assert main(["check", "2", "--folder", str(tmp_path)]) == 2
    assert "python -m exercises start 2" in capsys.readouterr().err
    assert main(["start", "99", "--folder", str(tmp_path)]) == 2
    assert "there is no exercise '99'" in capsys.readouterr().err


def test_hints_come_one_at_a_time_and_are_remembered_in_the_working_folder(tmp_path, capsys):
    hints = find(4).hints()
    for number, text in enumerate(hints, start=1):
        assert main(["check", "4", "--hint", "--folder", str(tmp_path)]) == 0
        out = capsys.readouterr().out
        assert f"hint {number} of {len(hints)}:\n  {text}" in out
        assert all(other not in out for other in hints if other != text)
        progress = json.loads((tmp_path / ".progress.json").read_text())
        assert progress == {"e04_topological_order": {"hints": number}}
    main(["check", "4", "--hint", "--folder", str(tmp_path)])
    assert f"all {len(hints)} hints are shown already" in capsys.readouterr().out


def test_bughunt_is_handed_its_arguments(tmp_path):
    package = copy_package(tmp_path, with_bughunt=False)
    (package / "bughunt").mkdir()
    (package / "bughunt" / "__init__.py").write_text(
        '"""A stand-in."""\n\n\ndef main(argv):\n    print("bughunt got", argv)\n    return 7\n')
    result = run("bughunt", "start", "2", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (7, "bughunt got ['start', '2']\n")


def copy_package(tmp_path: Path, with_bughunt: bool) -> Path:
    """The exercises package copied into tmp_path without its solutions (and without the bug hunts)."""
    ignored = ["solutions", "__pycache__", *([] if with_bughunt else ["bughunt"])]
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises", ignore=shutil.ignore_patterns(*ignored))
    return tmp_path / "exercises"


def test_the_package_works_with_its_solutions_deleted(tmp_path):
    copy_package(tmp_path, with_bughunt=False)
    listed = run(cwd=tmp_path)
    assert listed.returncode == 0 and "  11  -" in listed.stdout and "Bug hunts" not in listed.stdout
    assert run("start", "3", cwd=tmp_path).returncode == 0
    checked = run("check", "3", cwd=tmp_path)
    assert checked.returncode == 1 and "not written yet" in checked.stdout, checked.stderr
    hunted = run("bughunt", cwd=tmp_path)
    assert hunted.returncode == 2 and "exercises/bughunt/ is missing" in hunted.stderr


def test_the_cli_never_imports_the_solutions(tmp_path):
    code = ("import sys; from exercises.cli import main; main(['list', '--folder', sys.argv[1]]); "
            "main(['check', '1', '--folder', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.startswith('exercises.solutions')))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr


def test_without_hypothesis_grading_says_how_to_install_it(tmp_path):
    copy_package(tmp_path, with_bughunt=False)
    (tmp_path / "hypothesis.py").write_text('raise ModuleNotFoundError("no hypothesis here", name="hypothesis")\n')
    assert run("start", "1", cwd=tmp_path).returncode == 0
    checked = run("check", "1", cwd=tmp_path)
    assert checked.returncode == 2 and "pip install hypothesis" in checked.stderr, checked.stderr
