"""Every exercise: the reference solution passes, the untouched starter fails saying what to write, and the
catalog is complete (eleven exercises in the seed notes' order, each with hints and a one-line goal)."""
import ast
from pathlib import Path

import pytest

from exercises import check
from exercises.catalog import all_exercises, find
from exercises.grading import STATUSES

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = all_exercises()
NUMBERS = [exercise.number for exercise in EXERCISES]


def test_there_are_eleven_exercises_in_the_seed_notes_order():
    assert list(range(1, 12)) == NUMBERS
    answers = [exercise.answer for exercise in EXERCISES]
    assert answers == ["tanh_derivative", "neuron_gradients", "backward", "topological_sort", "network_gradients",
                       "bce_gradient", "sgd_step", "softmax_cross_entropy", "train_logistic_regression",
                       "newton_step", "Swish"]
    for exercise in EXERCISES:
        assert "\n" not in exercise.goal and len(exercise.goal) <= 100, exercise.goal
        assert len(exercise.hints()) >= 3, exercise.slug


@pytest.mark.parametrize("number", NUMBERS)
def test_the_reference_solution_is_correct(number, solution):
    verdict = check(number, solution(number))
    assert verdict.status == "correct", str(verdict)
    assert verdict and str(verdict).startswith(f"Exercise {number} (")


@pytest.mark.parametrize("number", NUMBERS)
def test_the_untouched_starter_fails_saying_what_to_write(number, starter):
    verdict = check(number, starter(number))
    assert verdict.status == "wrong" and not verdict
    assert "is not written yet: it raised NotImplementedError" in str(verdict)
    assert "Replace that line with your code." in str(verdict)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_starter_names_its_check_command_and_its_answer(number):
    exercise = find(number)
    text = exercise.starter_text()
    assert f"python -m exercises check {number}" in text and f"{exercise.answer}" in text
    assert text.startswith(f'"""Exercise {number}: ')


def test_a_verdict_is_exactly_one_of_three_and_prints_as_its_message():
    verdict = check(1, lambda x: 1.0)
    assert verdict.status in STATUSES and repr(verdict) == str(verdict)
    with pytest.raises(AssertionError):
        type(verdict)("title", "almost correct", "")


def test_exercises_are_named_by_number_or_folder_and_unknown_ones_are_refused():
    assert find("1") is not None and find("e01_tanh_derivative").number == 1 and find(11).answer == "Swish"
    with pytest.raises(ValueError, match="numbered 1 to 11"):
        find(12)
    with pytest.raises(TypeError):
        find(1.0)


OURS = sorted(path for path in (ROOT / "exercises").rglob("*.py") if "bughunt" not in path.parts)


@pytest.mark.parametrize("path", OURS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_opens_with_a_docstring_and_stays_short(path):
    text = path.read_text()
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert text.startswith('"""') and 1 <= len(docstring.splitlines()) <= 3, (
        f"{path.relative_to(ROOT)} must open with a 1-3 line docstring saying what it is")
    assert len(text.splitlines()) <= 220, f"{path.relative_to(ROOT)} is long: split it"
