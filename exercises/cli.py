"""The command line: python -m exercises [list | start N | check N [--hint | --reveal]] [--folder DIR], and
python -m exercises bughunt ..., handed to exercises.bughunt.main (imported only then).
"""
from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
from pathlib import Path

from . import workspace
from .catalog import Exercise, all_exercises, find
from .grading import Verdict
from .sandbox import TIMEOUT

BUGHUNT = f"{__package__}.bughunt"


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit code is 0 (done, or correct), 1 (a wrong answer) or 2 (a usage error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bughunt"]:
        return bughunt(argv[1:])
    try:
        return run(parser().parse_args(argv))
    except KeyboardInterrupt:  # Ctrl-C: the child process is stopped already (sandbox.Child closes on the way out)
        print("\nexercises: interrupted; nothing was graded.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run(arguments: argparse.Namespace) -> int:
    folder = getattr(arguments, "folder", workspace.DEFAULT_FOLDER)
    try:
        if arguments.command == "start":
            return start(find(arguments.exercise), folder)
        if arguments.command == "check":
            exercise = find(arguments.exercise)
            if arguments.hint:
                return hint(exercise, folder)
            return check(exercise, folder, arguments.timeout, arguments.reveal)
        return list_exercises(folder)
    except (ValueError, FileNotFoundError, ModuleNotFoundError) as error:
        print(f"exercises: {error}", file=sys.stderr)
        return 2


def parser() -> argparse.ArgumentParser:
    # --folder goes before or after the command; SUPPRESS keeps a command's parser from resetting it to the default
    folder = argparse.ArgumentParser(add_help=False)
    folder.add_argument("--folder", default=argparse.SUPPRESS,
                        help=f"your working folder (default: ./{workspace.DEFAULT_FOLDER}/)")
    top = argparse.ArgumentParser(prog="python -m exercises", parents=[folder],
                                  description="Self-grading exercises on the chain rule, graded against the engine.")
    commands = top.add_subparsers(dest="command")
    commands.add_parser("list", parents=[folder], help="list the exercises and which are done (the default)")
    start_command = commands.add_parser("start", parents=[folder], help="copy exercise N's starter to your folder")
    start_command.add_argument("exercise", help="the exercise's number")
    check_command = commands.add_parser("check", parents=[folder], help="grade your copy of exercise N")
    check_command.add_argument("exercise", help="the exercise's number")
    ladder = check_command.add_mutually_exclusive_group()
    ladder.add_argument("--hint", action="store_true", help="show the next hint instead (one at a time)")
    ladder.add_argument("--reveal", action="store_true",
                        help="a wrong verdict also shows the formula (as it does once the last hint is shown)")
    check_command.add_argument("--timeout", type=seconds, default=TIMEOUT,
                               help=f"seconds one call of your code may take (default {TIMEOUT:g})")
    commands.add_parser("bughunt", help="find and fix a planted bug (python -m exercises bughunt --help)")
    return top


def list_exercises(folder: str) -> int:
    exercises, progress = all_exercises(), workspace.Progress(folder)
    statuses = [progress.status(exercise) for exercise in exercises]
    print(f"chainrule exercises, graded against the engine. Your copies: {folder}/ "
          f"({statuses.count('done')} of {len(exercises)} done)\n")
    print("   #  status   goal")
    for exercise, status in zip(exercises, statuses):
        print(f"  {exercise.number:2d}  {status or '-':7s}  {exercise.goal}")
    print("\nStart one:  python -m exercises start N     (copies its starter; never overwrites your copy)")
    print("Grade it:   python -m exercises check N     (stuck? add --hint, for one hint at a time)")
    if has_bughunts():
        print("Bug hunts:  python -m exercises bughunt")
    return 0


def start(exercise: Exercise, folder: str) -> int:
    path, copied = workspace.start(exercise, folder)
    if not copied:
        print(f"{path} already exists: it is left as it is (your work is never overwritten). "
              f"To start over, delete or rename it first.")
        return 0
    print(f"{exercise.heading}: copied the starter to {path}.\nGoal: {exercise.goal}.\n"
          f"Write {exercise.answer} there, then: python -m exercises check {exercise.number}")
    return 0


def seconds(text: str) -> float:
    """--timeout's value: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"--timeout takes a positive number of seconds, such as 10; got {text!r}")
    return value


def check(exercise: Exercise, folder: str, timeout: float = TIMEOUT, reveal: bool = False) -> int:
    """Grade the copy; a wrong verdict shows its formula with --reveal or once every hint has been shown."""
    progress = workspace.Progress(folder)  # a damaged progress file is reported before any grading
    left = len(exercise.hints()) - progress.hints_shown(exercise)
    verdict = exercise.grade_file(workspace.existing_copy(exercise, folder), timeout, reveal=reveal or left <= 0)
    print(verdict)
    progress.record(exercise, passed=bool(verdict))
    if not verdict:
        print(f"\n{stuck(exercise, left, verdict)}")
        return 1
    print(f"\nNext: python -m exercises start {exercise.number + 1}" if exercise.number < len(all_exercises())
          else "\nThat was the last exercise. Try the bug hunts: python -m exercises bughunt")
    return 0


def stuck(exercise: Exercise, left: int, verdict: Verdict) -> str:
    """The way up the ladder from a wrong verdict: the next hint, then the formula."""
    command = f"python -m exercises check {exercise.number}"
    if left > 0:
        more = f"{left} hint{'s' if left != 1 else ''} left"
        formula = "" if verdict.revealed or not verdict.formula else f"; {command} --reveal shows the formula"
        return f"Stuck? {command} --hint   ({more}{formula})"
    return "No hints left, and the formula is shown above." if verdict.formula else "No hints left."


def hint(exercise: Exercise, folder: str) -> int:
    progress = workspace.Progress(folder)
    taken, total = progress.take_hint(exercise), len(exercise.hints())
    if taken is None:
        print(f"{exercise.heading}: all {total} hints are shown already; the last one was:\n  "
              f"{exercise.hints()[-1]}\nThe reference solution is exercises/solutions/{exercise.slug}.py, "
              "if your copy of the package has it.")
        return 0
    number, text = taken
    print(f"{exercise.heading}, hint {number} of {total}:\n  {text}")
    if number < total:
        print(f"(the next one: python -m exercises check {exercise.number} --hint)")
    return 0


def has_bughunts() -> bool:
    """Whether this copy of the package has exercises/bughunt/ (instructors may delete it). Asked of the folder,
    not the import system: an editable install would find the clone's copy of a deleted sub-package."""
    return (Path(__file__).parent / "bughunt" / "__init__.py").is_file()


def bughunt(argv: list[str]) -> int:
    """Hand the arguments to exercises.bughunt.main, imported only now."""
    if not has_bughunts():
        print("exercises: the bug hunts are not in this copy of the package (exercises/bughunt/ is missing).",
              file=sys.stderr)
        return 2
    code: int = importlib.import_module(BUGHUNT).main(argv)
    return code
