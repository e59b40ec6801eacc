"""`python -m exercises bughunt ...`: list the hunts, start one, answer one (the name and the fix).

Imports: checks, hunts, workspace.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import checks
from .hunts import HUNTS, Hunt, hunt
from .workspace import EngineLoadError, engine_path, load_engine, start

USAGE = """\
usage: python -m exercises bughunt [list | start N | answer N NAME | help] [--folder DIR]

Bug hunts: one classic mistake is planted in a copy of a tiny autograd engine. Find it with
chainrule's tools (gradcheck, explain, draw), fix it in your copy, then name it.

  list             the hunts, one symptom each (what `bughunt` alone shows)
  start N          copy hunt N's engine to DIR/bughunt_N/engine.py; an existing copy is never overwritten
  answer N NAME    check your copy: the name you give the bug, and your fix (both must be right)
  --answer N NAME  the same as answer
  help             this text
  --folder DIR     your working folder (default ./my_exercises)

Names to choose from: {names}.
A few synonyms are accepted too (for example "+=" or "stale").
"""


def main(argv: list[str]) -> int:
    """Run one bughunt command; 0 when it succeeded (an answer: right and fixed), 1 when not, 2 for bad usage."""
    try:
        words, folder = _split_folder(list(argv))
        if words[:1] == ["--answer"]:
            words[0] = "answer"
        command, *rest = words or ["list"]
        if command in ("help", "-h", "--help"):
            print(USAGE.format(names=", ".join(h.name for h in HUNTS)))
            return 0
        if command == "list" and not rest:
            return show_list(folder)
        if command == "start" and len(rest) == 1:
            return start_hunt(_hunt(rest[0]), folder)
        if command == "answer" and len(rest) >= 2:
            return answer(_hunt(rest[0]), " ".join(rest[1:]), folder)
        raise ValueError(f"unknown or incomplete command: bughunt {' '.join(argv)}.")
    except ValueError as error:
        print(f"bughunt: {error}\nSee: python -m exercises bughunt help", file=sys.stderr)
        return 2


def _split_folder(words: list[str]) -> tuple[list[str], Path | None]:
    """The words without `--folder DIR` (or `--folder=DIR`), and DIR."""
    folder = None
    for i, word in enumerate(words):
        if word == "--folder":
            if i + 1 == len(words):
                raise ValueError("--folder needs a folder name, e.g. --folder my_exercises.")
            folder = Path(words[i + 1])
            return words[:i] + words[i + 2:], folder
        if word.startswith("--folder="):
            return words[:i] + words[i + 1:], Path(word.split("=", 1)[1])
    return words, folder


def _hunt(word: str) -> Hunt:
    if not word.isdigit():
        raise ValueError(f"N must be a hunt's number, 1 to {len(HUNTS)}; got {word!r}.")
    return hunt(int(word))


def show_list(folder: Path | None) -> int:
    print("Bug hunts: one classic mistake planted in a tiny engine. Find it, fix it, name it.")
    for item in HUNTS:
        started = "  (started)" if engine_path(item.number, folder).exists() else ""
        print(f"  {item.number}. {item.symptom}{started}")
    print("Start one with: python -m exercises bughunt start N    (more: python -m exercises bughunt help)")
    return 0


def start_hunt(item: Hunt, folder: Path | None) -> int:
    path, copied = start(item, folder)
    if not copied:
        print(f"{path} already exists, and your work in it is kept (nothing was copied). To start again from "
              "the planted bug, move that file away and run start again.")
        return 0
    option = "" if folder is None else f" --folder {folder}"
    print(f"Bug hunt {item.number} is ready in {path}\nSymptom: {item.symptom}\n"
          f"The top of the file says how to look. When it is fixed: "
          f"python -m exercises bughunt answer {item.number} NAME{option}")
    return 0


def answer(item: Hunt, name: str, folder: Path | None) -> int:
    """Grade the name and the fix: the hunt's own checks first, then every other check."""
    path = engine_path(item.number, folder)
    try:
        engine = load_engine(path, item.number)
    except EngineLoadError as error:
        print(error)
        return 1
    failing = checks.failures(engine)
    own = next((failing[check] for check in item.checks if check in failing), None)
    other = next(iter(failing.values()), None)
    print(verdict(item, name, own, other))
    return 0 if item.accepts(name) and not failing else 1


def verdict(item: Hunt, name: str, own: str | None, other: str | None) -> str:
    """What the learner reads: the name's verdict, then the engine's (with the first failing check's numbers)."""
    if not item.accepts(name):
        if own:
            return f"{name!r} is not the bug planted in hunt {item.number}, and the engine still shows it: {own}"
        return (f"{name!r} is not the bug planted in hunt {item.number}, though your engine passes its checks now. "
                "What did you change? The names to choose from: python -m exercises bughunt help.")
    if own:
        return f"Named right, but the engine still shows the bug: {own}"
    if other:
        return f"Named right, and the bug is gone, but the engine now fails another check: {other}"
    return f"Right: {item.name}, and your fixed engine passes all {len(checks.CHECKS)} checks.\n{item.lesson}"
