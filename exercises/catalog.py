"""The list of exercises: every sub-package named eNN_topic, with its title, goal, answer name,
hints and starter text. Graders are imported only when something is graded.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import ModuleType

from .grading import AnswerError, Verdict
from .sandbox import TIMEOUT, Child, in_process

PACKAGE = "exercises"
FOLDER_NAME = re.compile(r"e(\d\d)_\w+")


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``slug`` is its folder (e01_tanh_derivative); ``answer`` the name the grader reads."""

    number: int
    slug: str
    title: str
    goal: str
    answer: str

    @property
    def file_name(self) -> str:
        """The learner's copy in the working folder."""
        return f"{self.slug}.py"

    def starter_text(self) -> str:
        return resources.files(f"{PACKAGE}.{self.slug}").joinpath("starter.py").read_text(encoding="utf-8")

    def hints(self) -> tuple[str, ...]:
        hints: tuple[str, ...] = importlib.import_module(f"{PACKAGE}.{self.slug}.hints").HINTS
        return hints

    def grade(self, answer: object, reveal: bool = False) -> Verdict:
        """The Verdict on ``answer`` (the learner's function or class), run in this process: what
        ``exercises.check`` does in a notebook. No time limit, and a patched engine is not kept out;
        ``grade_file`` runs a file in a child process, with both. ``reveal``: a wrong verdict shows the formula."""
        grader = self.grader()
        verdict: Verdict = grader.grade(in_process(grader.ask, answer))
        return verdict.reveal(reveal)

    def grade_file(self, path: Path, timeout: float = TIMEOUT, reveal: bool = False) -> Verdict:
        """The Verdict on the learner's file: its answer runs in a child process (``timeout`` seconds a call,
        memory capped), the expected values are computed here."""
        grader = self.grader()
        try:
            with Child(path, self.slug, self.answer, timeout) as learner:
                verdict: Verdict = grader.grade(learner)
        except AnswerError as wrong:  # the file itself: it did not load
            return Verdict.wrong(self.heading, wrong)
        return verdict.reveal(reveal)

    def grader(self) -> ModuleType:
        """The exercise's grader module: ``ask(answer, *point)`` (the learner's side) and ``grade(learner)``."""
        try:
            return importlib.import_module(f"{PACKAGE}.{self.slug}.grader")
        except ModuleNotFoundError as error:
            if error.name != "hypothesis":
                raise
            raise ModuleNotFoundError("grading draws its test points with hypothesis, which is not installed: "
                                      "pip install hypothesis (make demo installs it, with the dev extra).",
                                      name="hypothesis") from None

    @property
    def heading(self) -> str:
        return f"Exercise {self.number} ({self.title})"


def all_exercises() -> list[Exercise]:
    """Every exercise, by number."""
    folder = Path(__file__).parent
    found = []
    for info in pkgutil.iter_modules([str(folder)]):
        match = FOLDER_NAME.fullmatch(info.name)
        if info.ispkg and match:
            module = importlib.import_module(f"{PACKAGE}.{info.name}")
            found.append(Exercise(int(match.group(1)), info.name, module.TITLE, module.GOAL, module.ANSWER))
    return sorted(found, key=lambda exercise: exercise.number)


def find(key: object) -> Exercise:
    """The exercise numbered ``key`` (1, "1", "01") or named by its folder ("e01_tanh_derivative")."""
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise TypeError(f"name an exercise by its number (1) or folder name; got {type(key).__name__} {key!r}.")
    exercises = all_exercises()
    text = str(key).strip()
    for exercise in exercises:
        if text == exercise.slug or (text.isdigit() and int(text) == exercise.number):
            return exercise
    raise ValueError(f"there is no exercise {key!r}; the exercises are numbered 1 to {len(exercises)} "
                      "(python -m exercises lists them).")


def heading_of(module_name: str) -> str:
    """"Exercise 1 (tanh's local derivative)" for the module exercises.e01_tanh_derivative.grader."""
    return find(module_name.split(".")[1]).heading
