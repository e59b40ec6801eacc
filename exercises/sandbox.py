"""The learner's file run in a child process with a time limit per call and a memory cap: a loop that never
ends, an exit, a crash or a patched engine stays there, and the grader's expected values stay its own.
"""
# The grader sends the child a check point; the child answers with the learner's result there (plain numbers,
# as JSON, never a pickle of the learner's objects) or what went wrong; the grader compares it with its own.
from __future__ import annotations

import importlib
import importlib.util
import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from .grading import AnswerError

TIMEOUT = 10.0  # seconds for any one call of the learner's code (loading the file is one)
MEMORY = 2**30  # bytes of address space the child may map (RLIMIT_AS): 1 GiB
Ask = Callable[..., object]  # an exercise's ask(answer, *point): the learner's result at the point, as plain data


def in_process(ask: Ask, answer: object) -> Callable[..., object]:
    """The learner's results from ``answer`` run here (exercises.check in a notebook): no time limit, no
    isolation, but the same plain data as from the child, so grading reads them the same way."""
    def learner(*point: object) -> object:
        return json.loads(json.dumps(ask(answer, *point)))

    return learner


class Child:
    """The learner's file, loaded in a child process; calling it with a check point returns the learner's
    result there, or raises AnswerError saying what happened (timeout, exit, crash, exception)."""

    def __init__(self, path: Path, slug: str, answer: str, timeout: float = TIMEOUT, memory: int = MEMORY) -> None:
        self.path, self.timeout = path, timeout
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=serve, args=(child_end, str(path), slug, answer, memory), daemon=True)
        self.process.start()
        child_end.close()
        self.receive(f"loading your file {path}")

    def __call__(self, *point: object) -> object:
        try:
            self.connection.send(point)
        except OSError:
            raise AnswerError(self.ended(f"at the check point {shown(point)}")) from None
        return self.receive(f"at the check point {shown(point)}")

    def receive(self, doing: str) -> object:
        if not self.connection.poll(self.timeout):
            self.close()
            raise AnswerError(f"your code did not return within {self.timeout:g} s ({doing}). Is there a loop "
                              "that never ends? Grading stopped it there.")
        try:
            status, payload = json.loads(self.connection.recv_bytes())
        except (EOFError, OSError):
            raise AnswerError(self.ended(doing)) from None
        if status == "wrong":
            raise AnswerError(payload)
        return payload

    def ended(self, doing: str) -> str:
        """What it means that the child is gone: an exit code of the learner's, or a signal."""
        self.process.join(5)
        code = self.process.exitcode
        how = (f"was killed by signal {signal.Signals(-code).name}" if code is not None and code < 0
               else f"ended the process with exit code {code}")
        return (f"your code {how} ({doing}), so there was no answer to grade. Remove the exit (os._exit, "
                "sys.exit, quit) from your file: the grader calls your function; it needs no exit.")

    def close(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def shown(point: tuple[object, ...], width: int = 120) -> str:
    text = ", ".join(str(getattr(item, "describe", lambda item=item: repr(item))()) for item in point)
    return text if len(text) <= width else text[: width - 3] + "..."


def serve(connection: Connection, path: str, slug: str, answer: str, memory: int) -> None:
    """The child: cap its memory, load the learner's file, then answer check points until the pipe closes.
    Each reply is JSON: ["ok", result] or ["wrong", the message]."""
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy loads: one thread's buffers fit under the cap
    cap(memory)
    reply = Reply(connection)
    loaded = reply.guard(lambda: (load(Path(path), answer),), "your file could not be run")
    if loaded is None:
        return
    function = loaded[0]
    reply.send("ok", None)
    ask: Ask = importlib.import_module(f"{__package__}.{slug}.grader").ask
    while True:
        try:
            point = connection.recv()
        except EOFError:
            return
        reply.guard(partial(answer_at, reply, ask, function, point), "")


def answer_at(reply: Reply, ask: Ask, function: object, point: tuple[object, ...]) -> None:
    reply.send("ok", ask(function, *point))


def cap(memory: int) -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))


class Reply:
    """Sends the child's replies; turns whatever the learner's code raises or exits with into a "wrong" one."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def send(self, status: str, payload: object) -> None:
        try:
            data = json.dumps([status, payload])
        except (TypeError, ValueError) as error:  # not plain data: say so rather than fail in the parent
            data = json.dumps(["wrong", f"the answer could not be read back: {error}"])
        self.connection.send_bytes(data.encode())

    def guard(self, work: Callable[[], Any], context: str) -> Any:
        try:
            return work()
        except AnswerError as wrong:
            self.send("wrong", str(wrong))
        except SystemExit as leaving:
            self.send("wrong", f"your code called sys.exit({leaving.code!r}), which would end grading; the grader "
                               "calls your function and reads what it returns: return the answer, do not exit.")
        except MemoryError:
            self.send("wrong", f"your code ran out of memory (the cap is {MEMORY // 2**20} MiB): is a list growing "
                               "without end, or a huge one made at once?")
        except BaseException as error:  # the learner's own exception (or Ctrl-C), reported in one line
            self.send("wrong", (f"{context}: " if context else "") + f"{type(error).__name__}: {error}")
        return None


def load(path: Path, answer: str) -> object:
    """The learner's function (or class) from their file; AnswerError if the name is not there."""
    name = "_learner_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path  # a .py file always has a loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look a class's module up here
    sys.path.insert(0, str(path.parent))  # the learner's own helper modules, next to their file
    spec.loader.exec_module(module)
    if not hasattr(module, answer):
        raise AnswerError(f"your file {path} defines no {answer}; the grader looks for that name.")
    return getattr(module, answer)
