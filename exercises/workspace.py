"""The learner's working folder: starter copies (never overwritten), loading a copy to grade it, and
.progress.json (hints shown, which copy passed), written atomically through autograd.files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import TypedDict

from autograd.files import write_text

from .catalog import Exercise
from .grading import AnswerError

DEFAULT_FOLDER = "my_exercises"
PROGRESS_FILE = ".progress.json"


class Entry(TypedDict, total=False):
    """One exercise's record in .progress.json, under its slug; a key is missing until it has something to say."""

    hints: int  # how many hints were shown
    passed: str  # the sha256 of the copy that last passed


def copy_path(folder: str | Path, exercise: Exercise) -> Path:
    return Path(folder).expanduser() / exercise.file_name


def start(exercise: Exercise, folder: str | Path) -> tuple[Path, bool]:
    """Copy the starter into ``folder``; (its path, True) if copied, (its path, False) if a copy was already there."""
    path = copy_path(folder, exercise)
    if path.exists() or path.is_symlink():
        return path, False
    write_text(path, exercise.starter_text())
    return path, True


def load_answer(exercise: Exercise, folder: str | Path) -> object:
    """The learner's function (or class) from their copy. A file that does not run, or lacks the name,
    is the learner's to fix: an AnswerError that says what happened."""
    path = copy_path(folder, exercise)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist yet. Start the exercise with: "
                                f"python -m exercises start {exercise.number}")
    name = f"_learner_{exercise.slug}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path  # a .py file always has a loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # while it runs: dataclasses and pickling look a class's module up here
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as error:
        raise AnswerError(f"your file {path} could not be run: {type(error).__name__}: {error}") from None
    finally:
        sys.modules.pop(name, None)
    if not hasattr(module, exercise.answer):
        raise AnswerError(f"your file {path} defines no {exercise.answer}; the grader looks for that name.")
    return getattr(module, exercise.answer)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Progress:
    """What the working folder remembers: per exercise, how many hints were shown and the digest of the
    copy that last passed (so "done" needs no regrading, and an edit after passing is noticed)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()
        self.path = self.folder / PROGRESS_FILE
        self.entries = self._read()

    def _read(self) -> dict[str, Entry]:
        if not self.path.exists():
            return {}
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ValueError(f"{self.path} cannot be read ({error}); delete it to start the hint count afresh "
                             "(your exercise files are not in it).") from None
        return entries if isinstance(entries, dict) else {}

    def hints_shown(self, exercise: Exercise) -> int:
        return int(self.entries.get(exercise.slug, {}).get("hints", 0))

    def take_hint(self, exercise: Exercise) -> tuple[int, str] | None:
        """(its number, the next hint), counted as shown; None when every hint has been shown."""
        hints, shown = exercise.hints(), self.hints_shown(exercise)
        if shown >= len(hints):
            return None
        self.entries.setdefault(exercise.slug, {})["hints"] = shown + 1
        self.save()
        return shown + 1, hints[shown]

    def record(self, exercise: Exercise, passed: bool) -> None:
        """Remember whether the copy, as it is now, passed."""
        entry = self.entries.setdefault(exercise.slug, {})
        if passed:
            entry["passed"] = digest(copy_path(self.folder, exercise))
        else:
            entry.pop("passed", None)
        self.save()

    def status(self, exercise: Exercise) -> str:
        """"done" (the copy passed and has not changed since), "started" (a copy exists) or ""."""
        path = copy_path(self.folder, exercise)
        if not path.is_file():
            return ""
        passed = self.entries.get(exercise.slug, {}).get("passed")
        return "done" if passed and passed == digest(path) else "started"

    def save(self) -> None:
        write_text(self.path, json.dumps(self.entries, indent=2, sort_keys=True) + "\n")
