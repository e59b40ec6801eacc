"""Shared by the lesson tests: run a lesson's --fast mode once and keep what it printed."""
import contextlib
import io

import pytest


@pytest.fixture(scope="session")
def run_fast_lesson(tmp_path_factory):
    """A function: lesson module -> (its result, what it printed, its output folder)."""
    def run(lesson):
        folder, printed = tmp_path_factory.mktemp(lesson.__name__.rsplit(".", 1)[-1]), io.StringIO()
        with contextlib.redirect_stdout(printed):
            result = lesson.main(["--fast", "--out", str(folder)])
        return result, printed.getvalue(), folder

    return run
