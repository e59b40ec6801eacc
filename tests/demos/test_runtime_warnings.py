"""No numpy RuntimeWarning reaches a learner (issue 10, section 3): every lesson runs clean with
RuntimeWarnings turned into errors, as `python -W error::RuntimeWarning -m demos.NAME` would."""
import contextlib
import importlib
import io
import pkgutil
import types
import warnings

import numpy as np
import pytest

import demos

LESSONS = sorted(info.name for info in pkgutil.iter_modules(demos.__path__)
                 if hasattr(importlib.import_module(f"demos.{info.name}"), "main"))


def _run_full(lesson, folder) -> None:
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        lesson.main(["--out", str(folder)])


def test_the_lessons_are_found():
    assert {"moons", "learning_rate", "logistic_regression", "softmax"} <= set(LESSONS) and "common" not in LESSONS


@pytest.mark.parametrize("name", LESSONS)
def test_every_lessons_fast_mode_runs_clean_with_runtime_warnings_as_errors(name, run_fast_lesson):
    run_fast_lesson(importlib.import_module(f"demos.{name}"))  # the fixture turns RuntimeWarnings into errors


def test_a_runtime_warning_in_a_lesson_would_fail_the_check(run_fast_lesson):
    noisy = types.ModuleType("demos.noisy")
    noisy.main = lambda argv: np.log(np.zeros(1))  # "divide by zero encountered in log"
    with pytest.raises(RuntimeWarning, match="divide by zero"):
        run_fast_lesson(noisy)


def test_the_learning_rate_lesson_runs_clean_in_full(tmp_path):
    """The issue's reproduction, `python -m demos.learning_rate`: its diverging run once printed
    "invalid value encountered in reduce" from trace's finiteness check."""
    _run_full(importlib.import_module("demos.learning_rate"), tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_runs_clean_in_full_with_runtime_warnings_as_errors(name, tmp_path):
    _run_full(importlib.import_module(f"demos.{name}"), tmp_path)
