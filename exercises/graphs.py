"""Small random graphs for the graph exercises: a recipe (leaf numbers and steps) that builds the same
graph afresh each time it is asked, describes itself ("n1 = a + a; L = n1 * b"), and a hypothesis
strategy drawing recipes in which nodes are reused, diamonds form and constants appear.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from autograd import Value

from .grading import show

LEAF_NAMES = ("a", "b", "c")
BINARY: dict[str, Callable[[Value, Value], Value]] = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
                                                      "*": lambda a, b: a * b}
UNARY: dict[str, Callable[[Value], Value]] = {"tanh": lambda a: a.tanh(), "sin": lambda a: a.sin(),
                                              "3 *": lambda a: 3.0 * a}
OPERATIONS = (*BINARY, *UNARY)


@dataclass(frozen=True)
class Recipe:
    """``steps[k] = (op, i, j)`` makes node k + len(leaves) from nodes i and j (j unused by a unary op)."""

    leaves: tuple[float, ...]
    steps: tuple[tuple[str, int, int], ...]

    def build(self) -> list[Value]:
        """Every node made, leaves first; the last is the root, labelled L, the others a, b, c and n1, n2, ..."""
        nodes = [Value(number, label=name) for name, number in zip(LEAF_NAMES, self.leaves)]
        for k, (op, i, j) in enumerate(self.steps, start=1):
            node = BINARY[op](nodes[i], nodes[j]) if op in BINARY else UNARY[op](nodes[i])
            node.label = "L" if k == len(self.steps) else f"n{k}"
            nodes.append(node)
        return nodes

    def describe(self) -> str:
        names = [*LEAF_NAMES[: len(self.leaves)], *(f"n{k}" for k in range(1, len(self.steps))), "L"]
        made = []
        for k, (op, i, j) in enumerate(self.steps):
            formula = f"{names[i]} {op} {names[j]}" if op in BINARY else f"{op}({names[i]})"
            formula = f"3 * {names[i]}" if op == "3 *" else formula
            made.append(f"{names[len(self.leaves) + k]} = {formula}")
        leaves = [f"{name} = {show(number)}" for name, number in zip(LEAF_NAMES, self.leaves)]
        return "; ".join(leaves + made)


# Reuse as in the topological-order lesson (b = a + a; c = b + b), a square, a diamond, shared middles.
EDGE_RECIPES = (
    Recipe((1.0,), (("+", 0, 0), ("+", 1, 1))),
    Recipe((3.0,), (("*", 0, 0),)),
    Recipe((2.0, 1.5), (("*", 0, 1), ("+", 2, 0), ("*", 3, 2))),
    Recipe((1.0,), (("3 *", 0, 0), ("+", 0, 1), ("*", 1, 2))),
    Recipe((0.5, 2.0, -1.5), (("*", 0, 1), ("tanh", 3, 0), ("-", 4, 2), ("*", 5, 3), ("+", 6, 4))),
)


@st.composite
def recipes(draw: st.DrawFn, max_steps: int = 7) -> Recipe:
    """A random recipe: 1-3 leaves in [-2, 2], 1-``max_steps`` steps on any earlier nodes (so reuse is common)."""
    count = draw(st.integers(1, len(LEAF_NAMES)))
    leaves = tuple(draw(st.floats(-2.0, 2.0, allow_nan=False, allow_subnormal=False)) for _ in range(count))
    steps = []
    for k in range(draw(st.integers(1, max_steps))):
        available = st.integers(0, count + k - 1)
        steps.append((draw(st.sampled_from(OPERATIONS)), draw(available), draw(available)))
    return Recipe(leaves, tuple(steps))
