"""Exercises from any folder (issue 22, item 1): with the package installed as `make` installs it (editable, no
PYTHONPATH), `python -m exercises` and a bug hunt's own recipe run from a folder outside the clone, and the
learner's folder is ignored by git and by ruff."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test starts Python processes (the learner's child, or python -m)

ROOT = Path(__file__).resolve().parents[2]


def outside(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` run with the venv's python from ``cwd``, with no PYTHONPATH to find the clone by."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run([sys.executable, *command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_python_m_exercises_lists_starts_and_checks_from_a_folder_outside_the_clone(tmp_path):
    listed = outside("-m", "exercises", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "chainrule exercises" in listed.stdout and "  11  " in listed.stdout
    assert outside("-m", "exercises", "start", "1", cwd=tmp_path).returncode == 0
    copy = tmp_path / "my_exercises" / "e01_tanh_derivative.py"
    assert copy.is_file()
    checked = outside("-m", "exercises", "check", "1", cwd=tmp_path / "my_exercises")  # from inside it, too
    assert checked.returncode == 2 and "does not exist yet" in checked.stderr  # its ./my_exercises/ is empty
    checked = outside("-m", "exercises", "check", "1", "--folder", ".", cwd=tmp_path / "my_exercises")
    assert checked.returncode == 1 and "not written yet" in checked.stdout, checked.stderr


def test_a_bug_hunts_own_recipe_runs_from_the_learners_folder(tmp_path):
    assert outside("-m", "exercises", "bughunt", "start", "3", cwd=tmp_path).returncode == 0
    hunt = next((tmp_path / "my_exercises").glob("bughunt_3*"))
    code = ("import engine; from exercises.bughunt import gradcheck_engine; "
            "f = lambda x, y: (x * y + x).tanh(); print(gradcheck_engine(engine, f, [0.5, -1.5]))")
    result = outside("-c", code, cwd=hunt if hunt.is_dir() else hunt.parent)
    assert result.returncode == 0, result.stderr


def test_the_learners_folder_is_ignored_by_git_and_by_ruff():
    ignored = subprocess.run(["git", "check-ignore", "-q", "my_exercises/e01_tanh_derivative.py"], cwd=ROOT)
    assert ignored.returncode == 0, "my_exercises/ is not in .gitignore"
    text = (ROOT / "pyproject.toml").read_text()
    exclude = next(line for line in text.splitlines() if line.startswith("extend-exclude"))
    assert "my_exercises" in exclude, exclude
