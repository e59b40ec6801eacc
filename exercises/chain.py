"""Graph messages in explain's terms: where a node sits in the chain, which edges make up its gradient, as
upstream × local (numbers only; the local derivatives' formulas are what --reveal adds), and the order in which
backward completes the gradients (the order a wrong one is reported in).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
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


def place(root: Value, node: Value) -> str:
    """Where d root / d node sits in the chain: how many steps back from the root, along which nodes, or
    the uses it gathers its gradient from (the verdict's "where:" line)."""
    explanation = explain(root)
    steps = [step for step in explanation if step.parent is node]
    root_name, name = explanation.names[id(root)], explanation.names[id(node)]
    if not steps:
        return ""
    if len(steps) > 1:
        users = ", ".join(step.names[1] for step in steps)
        return (f"d{root_name}/d{name}: {name} is used {len(steps)} times (by {users}), so its gradient gathers a "
                "contribution from each use.")
    path = _path(explanation, steps)
    road = " → ".join([path[0].names[1], *(step.names[2] for step in path)])
    far = "one step" if len(path) == 1 else f"{len(path)} steps"
    return f"d{root_name}/d{name} sits {far} back from {path[0].names[1]}, down the chain {road}."


def why(root: Value, node: Value, yours: float | None = None, note: str = "") -> str:
    """How the chain rule builds d root / d node, in numbers: upstream × local summed over its uses, with
    explain's own lines (their formulas left out: see ``formulas``), and ``note`` or, when ``yours`` matches a
    typical slip (one use kept, no upstream), that slip's note."""
    explanation = explain(root)
    steps = [step for step in explanation if step.parent is node]
    if not steps:
        return ""
    terms = " + ".join(f"{step.upstream:.4g} × {step.local:.4g}" for step in steps)
    total = explanation.grad(node)
    head = "upstream × local" if len(steps) == 1 else f"the sum of upstream × local over its {len(steps)} uses"
    root_name = explanation.names[id(root)]
    lines = [f"  {head} = {terms} = {total:.6g}", f"  as explain spells it, from {root_name} down:"]
    plain = [replace(step, formula="") for step in _path(explanation, steps)]  # numbers only: formulas on --reveal
    lines += [f"    {line}" for step in plain for line in str(step).splitlines()]
    note = note or (_slip(steps, yours) if yours is not None else "")
    return "\n".join(lines + ([f"  {note}"] if note else []))


def formulas(root: Value, node: Value) -> str:
    """What --reveal adds: explain's lines down to the node with each local derivative's formula."""
    explanation = explain(root)
    steps = [step for step in explanation if step.parent is node]
    root_name = explanation.names[id(root)]
    lines = [f"  explain's steps from {root_name} down, each local derivative with its formula:"]
    return "\n".join(lines + [f"    {line}" for step in _path(explanation, steps) for line in str(step).splitlines()])


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
                      central: Callable[[], dict[str, float]] | None = None, note: Callable[[], str] | None = None,
                      formula: Callable[[], str] | None = None) -> None:
    """Compare the learner's d root/d node for each named node (``nodes`` maps name -> node), in the order
    backward completes them; ``central`` gives the inputs' central differences by name, for the message; ``note``
    names the slip the whole answer matches, if any; ``formula`` adds the exercise's own closed form on --reveal."""
    explanation = explain(root)
    root_name, names = explanation.names[id(root)], {id(node): name for name, node in nodes.items()}
    for node in completion_order(root, explanation):
        if id(node) in names:
            name = names[id(node)]
            grader.compare(f"d{root_name}/d{name}", at, yours[name], explanation.grad(node),
                           partial(_reason, root, node, yours[name], name, central, note),
                           where=partial(place, root, node), formula=partial(_formula, root, node, formula))


def _reason(root: Value, node: Value, yours: float, name: str, central: Callable[[], dict[str, float]] | None,
            note: Callable[[], str] | None) -> str:
    numbers = central() if central and not node.parents else {}
    witness = f"\n  central difference (nudging {name} by ±1e-6): {numbers[name]:.6g}" if name in numbers else ""
    return why(root, node, yours, note() if note else "") + witness


def _formula(root: Value, node: Value, formula: Callable[[], str] | None) -> str:
    return formulas(root, node) + (f"\n{formula()}" if formula else "")
