"""The learner's working folder: starter copies (never overwritten), loading a copy to grade it, and
.progress.json (hints shown, which copy passed), written atomically through autograd.files. A --folder that is a file, a
copy that is a folder or a dangling link, a damaged progress file: each refused with the way forward.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TypedDict

from autograd.files import write_text

from .catalog import Exercise

DEFAULT_FOLDER = "my_exercises"
PROGRESS_FILE = ".progress.json"


class Entry(TypedDict, total=False):
    """One exercise's record in .progress.json, under its slug; a key is missing until it has something to say."""

    hints: int  # how many hints were shown
    passed: str  # the sha256 of the copy that last passed


def copy_path(folder: str | Path, exercise: Exercise) -> Path:
    return Path(folder).expanduser() / exercise.file_name


def working_folder(folder: str | Path) -> Path:
    """``folder`` as a Path, refused (ValueError) when it is a file: --folder names a folder."""
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(f"--folder {folder} is a file, not a folder. Give a folder for your copies (it is made "
                         f"if missing), such as --folder {DEFAULT_FOLDER}.")
    return path


def copy_problem(path: Path, exercise: Exercise) -> str:
    """Why ``path`` cannot be the learner's copy (a folder, a dangling link), with the way out; "" if it can."""
    again = f"then: python -m exercises start {exercise.number}"
    if path.is_dir():
        return f"{path} is a folder, not a file: remove or rename it, {again}"
    if path.is_symlink() and not path.exists():
        return (f"{path} is a link to {path.readlink()}, which does not exist: restore that file, or remove the "
                f"link and {again}")
    return ""


def start(exercise: Exercise, folder: str | Path) -> tuple[Path, bool]:
    """Copy the starter into ``folder``; (its path, True) if copied, (its path, False) if a copy was already there."""
    path = working_folder(folder) / exercise.file_name
    problem = copy_problem(path, exercise)
    if problem:
        raise ValueError(problem)
    if path.exists():
        return path, False
    write_text(path, exercise.starter_text())
    return path, True


def existing_copy(exercise: Exercise, folder: str | Path) -> Path:
    """The learner's copy, to grade; FileNotFoundError or ValueError, with the way forward, if there is none."""
    path = working_folder(folder) / exercise.file_name
    problem = copy_problem(path, exercise)
    if problem:
        raise ValueError(problem)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist yet. Start the exercise with: "
                                f"python -m exercises start {exercise.number}")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def valid(entries: object) -> bool:
    """Whether ``entries`` (read from .progress.json) is what Progress writes: {slug: {"hints": n, "passed": hex}}."""
    if not isinstance(entries, dict):
        return False
    for entry in entries.values():
        if not isinstance(entry, dict) or not set(entry) <= {"hints", "passed"}:
            return False
        hints, passed = entry.get("hints", 0), entry.get("passed", "")
        if isinstance(hints, bool) or not isinstance(hints, int) or hints < 0 or not isinstance(passed, str):
            return False
    return True


class Progress:
    """What the working folder remembers: per exercise, how many hints were shown and the digest of the
    copy that last passed (so "done" needs no regrading, and an edit after passing is noticed)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = working_folder(folder)
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
        if not valid(entries):
            raise ValueError(f"{self.path} is damaged (it is not the record this program writes); delete it to "
                             "start the hint count afresh (your exercise files are not in it).")
        return entries  # type: ignore[no-any-return]  # valid() checked it is a dict of Entry

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
