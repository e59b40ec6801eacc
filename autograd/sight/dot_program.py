"""Running Graphviz's dot for draw() and render(): a time limit, and layout settings that keep dot fast.

Why dot can be slow on a small graph: dot puts every node on a rank (a column, for rankdir LR) and
turns an edge that crosses k ranks into a chain of k invisible nodes; placing them (network simplex)
and routing curves through them grows faster than their count. In ``x*y + x*y + ...`` the sums form
a chain as deep as the terms are many, and x and y feed every depth, so the invisible nodes grow as
terms squared: 50 terms, about 10,000 of them, 2 s; 60 terms 10 s; 80 terms, minutes (all under
draw's 500 Values). ``crossed_ranks`` counts them before dot runs; past FAST_AFTER, draw() asks for
straight edges, a bounded network simplex and edge labels placed after layout (no ranks of their
own): 60 terms then take 0.4 s. A small picture never reaches the bound and is drawn as before.
Whatever the graph, dot is stopped after ``timeout`` seconds, with every process it started.

Imports: value, sight.layout.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess

from ..value import Value
from .layout import columns

DEFAULT_TIMEOUT = 20.0  # seconds: what a drawing of up to 500 Values needs, with room for a slow machine
FAST_AFTER = 800  # crossed ranks: beyond this the default layout takes over a second (0.4 s at 800, 2 s at 2,300)
FAST_LAYOUT = {"splines": "line", "nslimit": "1", "mclimit": "0.5"}  # straight edges; position: 1 pass per node


class DrawingTimeoutError(TimeoutError):
    """dot did not finish within ``timeout`` seconds and was stopped."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(
            f"Graphviz's dot took longer than timeout={timeout:g} s to lay out this graph and was stopped; "
            "nothing was written. Pass a larger timeout, write the DOT source instead (render(root, 'graph.dot')), "
            "or step through the graph with explore(root, 'page.html'), which needs no dot.")


def crossed_ranks(order: list[Value]) -> int:
    """How many ranks dot's edges cross in draw()'s picture (each is an invisible node dot must place).

    A Value in column c (sight.layout's columns: the longest path from the leaves, a leaf just before
    its first use) sits on rank 2c, its op node on 2c - 1; an edge from a parent in column p to that op
    crosses 2(c - p - 1) ranks. dot's own ranking can only shorten edges, so this is an upper bound.
    """
    index = {id(node): i for i, node in enumerate(order)}
    column = columns(order, index)
    return sum(2 * (column[i] - column[index[id(parent)]] - 1) for i, node in enumerate(order)
               for parent in node.parents)


def run_dot(source: str, format: str, timeout: float) -> bytes:
    """dot's output for ``source`` in ``format``: FileNotFoundError without dot, CalledProcessError when it
    fails, DrawingTimeoutError (after stopping it and anything it started) when it runs past ``timeout``."""
    command = [shutil.which("dot") or "dot", f"-T{format}"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=os.name == "posix")  # its own process group: stopped as one
    try:
        output, errors = process.communicate(source.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise DrawingTimeoutError(timeout) from None
    except BaseException:  # Ctrl-C while dot runs: stop it too
        _stop(process)
        raise
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command, output, errors)
    return output


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill dot and every process in its group, then collect them (no orphan, no zombie of ours)."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:  # it ended on its own meanwhile
        pass
    process.communicate()
