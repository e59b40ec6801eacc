"""Shared by the exercise tests: every exercise, its reference solution (skipping, with the reason, when
exercises/solutions/ was deleted) and its untouched starter."""
import importlib

import pytest

from exercises.catalog import find


@pytest.fixture
def solution():
    """A function: exercise number -> the reference solution's answer (skips without exercises/solutions/)."""
    def answer(number: int):
        exercise = find(number)
        reason = "exercises/solutions/ was removed (instructors may delete it); the reference-solution tests need it"
        module = pytest.importorskip(f"exercises.solutions.{exercise.slug}", reason=reason)
        return getattr(module, exercise.answer)

    return answer


@pytest.fixture
def starter():
    """A function: exercise number -> the untouched starter's answer, imported from the exercise's folder."""
    def answer(number: int):
        exercise = find(number)
        return getattr(importlib.import_module(f"exercises.{exercise.slug}.starter"), exercise.answer)

    return answer
