"""The learner's side of a bug hunt: where its engine copy lives, copying it there once, importing it back.

Imports: autograd (its one file writer), hunts.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from autograd.files import write_text

from .hunts import HUNTS, Hunt, planted_source

DEFAULT_FOLDER = Path("my_exercises")

HEADER = """\
# Bug hunt {number} of {total} (chainrule exercises): one classic mistake is planted in this engine.
#
# Symptom: {symptom}
#
# Find it, fix it in this file, then name it:
#     python -m exercises bughunt answer {number} NAME{folder_option}
# The answer checks this file's behaviour as well as the name: your fix must work.
# (python -m exercises bughunt help lists the names to choose from.)
#
# chainrule's tools help. Build an expression with chainrule's Value and read the right answers:
#     from autograd import Value, explain, explore, gradcheck, render
#     f = lambda x, y: (x * y + x).tanh()
#     print(gradcheck(f, [0.5, -1.5]))                      # backward() against central differences
#     out = f(Value(0.5, label="x"), Value(-1.5, label="y"))
#     print(explain(out))                                   # the chain rule, one edge at a time
#     print(render(out, "graph.svg"))                       # the graph as a picture
#     print(explore(out))                                   # a web page that steps through backward()
# Then run this engine on the same f (python, in this folder):
#     import engine
#     from exercises.bughunt import gradcheck_engine
#     print(gradcheck_engine(engine, f, [0.5, -1.5]))       # this engine's backward() against central differences
#     x, y = engine.Value(0.5), engine.Value(-1.5); out = f(x, y); out.backward(); print(x.grad, y.grad)

"""


def engine_path(number: int, folder: Path | None = None) -> Path:
    """Where hunt ``number``'s copy lives: FOLDER/bughunt_N/engine.py (FOLDER is ./my_exercises by default)."""
    return (DEFAULT_FOLDER if folder is None else folder) / f"bughunt_{number}" / "engine.py"


def planted_file(hunt: Hunt, folder: Path | None = None) -> str:
    """The learner's starting file: the header (symptom, how to answer, the tools), then the planted engine."""
    folder_option = "" if folder is None else f" --folder {folder}"
    header = HEADER.format(number=hunt.number, total=len(HUNTS), symptom=hunt.symptom, folder_option=folder_option)
    return header + planted_source(hunt.number)


def start(hunt: Hunt, folder: Path | None = None) -> tuple[Path, bool]:
    """Copy hunt's planted engine to its place; returns (path, copied). An existing copy is never touched."""
    path = engine_path(hunt.number, folder)
    if path.exists() or path.is_symlink():
        return path, False
    write_text(path, planted_file(hunt, folder))
    return path, True


class EngineLoadError(Exception):
    """The learner's engine file is missing or does not import; the message says which and why."""


def load_engine(path: Path, number: int) -> ModuleType:
    """Import the learner's engine file as a fresh module (never cached, so each check sees the latest edit)."""
    if not path.is_file():
        raise EngineLoadError(f"there is no engine at {path}: start the hunt with "
                              f"python -m exercises bughunt start {number} (and the same --folder, if you gave one).")
    spec = importlib.util.spec_from_file_location(f"bughunt_{number}_engine", path)
    assert spec is not None and spec.loader is not None, path  # a .py file always has a loader
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a syntax error or anything the edited file raises on import
        raise EngineLoadError(f"{path} does not import: {type(error).__name__}: {error}") from error
    return module
