"""Graph messages in explain's terms: which edges make up a node's gradient, as upstream × local,
and the order in which backward completes the gradients (the order a wrong one is reported in).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from autograd import Explanation, Step, Value, explain

from .grading import Grader


def completion_order(root: Value, explanation: Explanation | None = None) -> list[Value]:
    """The nodes whose gradient backward computes, in the order each gradient becomes final."""
    steps = explanation if explanation is not None else explain(root)
    return [root, *(step.parent for step in steps if step.last)]


def gradients(root: Value) -> dict[int, float]:
    """id(node) -> d root / d node, as backward() would compute it (no grad is changed)."""
    explanation = explain(root)
    return {id(node): explanation.grad(node) for node in completion_order(root, explanation)}


def why(root: Value, node: Value, yours: float | None = None) -> str:
    """How the chain rule builds d root / d node: upstream × local summed over its uses, with
    explain's own lines, and a note when ``yours`` matches a typical slip (one use kept, no upstream)."""
    explanation = explain(root)
    steps = [step for step in explanation if step.parent is node]
    if not steps:
        return ""
    terms = " + ".join(f"{step.upstream:.4g} × {step.local:.4g}" for step in steps)
    total = explanation.grad(node)
    head = "upstream × local" if len(steps) == 1 else f"the sum of upstream × local over its {len(steps)} uses"
    root_name = explanation.names[id(root)]
    lines = [f"  {head} = {terms} = {total:.6g}", f"  as explain spells it, from {root_name} down:"]
    lines += [f"    {line}" for step in _path(explanation, steps) for line in str(step).splitlines()]
    slip = _slip(steps, yours) if yours is not None else ""
    return "\n".join(lines + ([f"  {slip}"] if slip else []))


def _path(explanation: Explanation, steps: list[Step], depth: int = 6) -> list[Step]:
    """The steps into a node, preceded by the steps that brought its upstream gradient down from the root,
    as long as that road is a single one (each node on it used once); at most ``depth`` steps above."""
    path = list(steps)
    while len(steps) == 1 and depth > 0:
        above = [step for step in explanation if step.parent is steps[0].node]
        if len(above) != 1:
            break
        path, steps, depth = above + path, above, depth - 1
    return path


def _slip(steps: list[Step], yours: float) -> str:
    """Name a typical mistake when ``yours`` is what it would give."""
    if any(not _same(step.upstream, 1.0) for step in steps) and _same(yours, sum(step.local for step in steps)):
        return "your value is the local derivative(s) alone: multiply each by its upstream gradient."
    if len(steps) > 1 and any(_same(yours, step.contribution) for step in steps):
        return ("your value is one use's contribution alone: the others were overwritten. A node used more than "
                "once collects a contribution from every use: accumulate with +=, not =.")
    step = steps[0]
    if len(steps) == 1 and not _same(step.local, 1.0) and _same(yours, step.upstream):
        _, node, parent = step.names
        return (f"your value is the upstream gradient alone: multiply it by the local derivative "
                f"d{node}/d{parent} = {step.local:.4g}.")
    return ""


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * (1.0 + abs(b))


def compare_gradients(grader: Grader, root: Value, nodes: dict[str, Value], yours: dict[str, float], at: str,
                      central: Callable[[], dict[str, float]] | None = None) -> None:
    """Compare the learner's d root/d node for each named node (``nodes`` maps name -> node), in the order
    backward completes them; ``central`` gives the inputs' central differences by name, for the message."""
    explanation = explain(root)
    root_name, names = explanation.names[id(root)], {id(node): name for name, node in nodes.items()}
    for node in completion_order(root, explanation):
        if id(node) in names:
            name = names[id(node)]
            grader.compare(f"d{root_name}/d{name}", at, yours[name], explanation.grad(node),
                           partial(_reason, root, node, yours[name], name, central))


def _reason(root: Value, node: Value, yours: float, name: str, central: Callable[[], dict[str, float]] | None) -> str:
    numbers = central() if central and not node.parents else {}
    witness = f"\n  central difference (nudging {name} by ±1e-6): {numbers[name]:.6g}" if name in numbers else ""
    return why(root, node, yours) + witness
