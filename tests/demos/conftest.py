"""Shared by the lesson tests: run a lesson's --fast mode once and keep what it printed,
and read the numbers back out of that text to compare with the tests' own calculations.
Every run turns numpy's RuntimeWarnings into errors: none may reach a learner."""
import contextlib
import io
import re
import warnings

import pytest

# A number standing on its own: -1.111, +0.28, 5.071e+05 (not the 1 of a name like x1).
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture(scope="session")
def run_fast_lesson(tmp_path_factory):
    """A function: lesson module -> (its result, what it printed, its output folder). Each lesson
    runs once per session (the warnings test and the lesson's own tests share the run), with
    RuntimeWarnings as errors."""
    runs = {}

    def run(lesson):
        if lesson not in runs:
            folder, printed = tmp_path_factory.mktemp(lesson.__name__.rsplit(".", 1)[-1]), io.StringIO()
            with contextlib.redirect_stdout(printed), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                result = lesson.main(["--fast", "--out", str(folder)])
            runs[lesson] = result, printed.getvalue(), folder
        return runs[lesson]

    return run


@pytest.fixture(scope="session")
def numbers_in():
    """A function: text -> the numbers written in it, in order, as floats."""
    return lambda text: [float(number) for number in NUMBER.findall(text)]


def pytest_collection_modifyitems(items):
    """With make quick's two workers (--dist loadgroup), the tests of one lesson run on one worker, so
    each lesson's --fast run is made once, not once per worker; different lessons share the two workers.
    A lesson's tests are those of its test file, and the warnings check parametrized by its name. Each is
    also marked slow: it runs a whole lesson, which `make quick` leaves to `make test`."""
    for item in items:
        if "demos" in item.path.parts and "tests" in item.path.parts:
            item.add_marker(pytest.mark.xdist_group(f"lesson-{_lesson_of(item)}"))
            item.add_marker(pytest.mark.slow)


def _lesson_of(item) -> str:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and isinstance(callspec.params.get("name"), str):
        return callspec.params["name"]  # test_runtime_warnings.py, parametrized by the lesson's name
    return item.path.stem.removeprefix("test_")

