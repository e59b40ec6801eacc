"""Shared by the lesson tests: run a lesson's --fast mode once and keep what it printed,
and read the numbers back out of that text to compare with the tests' own calculations."""
import contextlib
import io
import re

import pytest

# A number standing on its own: -1.111, +0.28, 5.071e+05 (not the 1 of a name like x1).
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture(scope="session")
def run_fast_lesson(tmp_path_factory):
    """A function: lesson module -> (its result, what it printed, its output folder)."""
    def run(lesson):
        folder, printed = tmp_path_factory.mktemp(lesson.__name__.rsplit(".", 1)[-1]), io.StringIO()
        with contextlib.redirect_stdout(printed):
            result = lesson.main(["--fast", "--out", str(folder)])
        return result, printed.getvalue(), folder

    return run


@pytest.fixture(scope="session")
def numbers_in():
    """A function: text -> the numbers written in it, in order, as floats."""
    return lambda text: [float(number) for number in NUMBER.findall(text)]
