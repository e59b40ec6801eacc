"""explore(root): one self-contained HTML page that steps through the backward pass.

The graph is drawn by sight.layout (its own layout, no Graphviz); the page's HTML, CSS and
JavaScript are the files in sight/assets (package data). This file fills the template with
explain()'s steps as JSON and writes it with the project's one file writer.

Imports: arguments, files, graph, value, sight.steps, sight.layout.
"""
import html
import json
import math
import os
import re
from importlib import resources
from pathlib import Path
from typing import TypedDict

from ..arguments import check_count
from ..files import write_text
from ..graph import topological_order
from ..value import Value
from .layout import svg
from .steps import Explanation, Step, explain, format_number


# The page's data, as explore.js reads it from the JSON in the page.
class SeedData(TypedDict):
    """d root / d root: where the backward pass starts."""

    name: str
    grad: float
    grad_text: str
    text: str  # the explanation's first line


class NodeData(TypedDict):
    """One Value (node-i in the SVG) and its final gradient."""

    name: str
    grad: float
    constant: bool
    grad_text: str
    complete_at: int  # how many steps are applied before its gradient is final


class StepData(TypedDict):
    """One chain-rule step (explain's Step) on edge-k: node, parent and edge are numbers in the SVG."""

    edge: int
    node: int
    parent: int
    upstream: float
    local: float
    contribution: float
    total: float
    last: bool
    names: list[str]
    formula: str
    text: str
    total_text: str
    local_text: str
    upstream_text: str


class PageData(TypedDict):
    """The whole document: the root's node number, the seed, every node, every step in order."""

    root: int
    seed: SeedData
    nodes: list[NodeData]
    steps: list[StepData]


def _asset(name: str) -> str:
    """One of the page's files from the package (works from a wheel, a zip or the source tree)."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def explore(root: Value, path: str | os.PathLike[str] = "backprop.html", title: str | None = None,
            max_nodes: int = 200) -> Path:
    """Write an HTML page that walks the chain rule through ``root``'s graph, one edge per click.

    Returns the path written. Graphs over ``max_nodes`` Values are refused: read explain(root).
    """
    if not isinstance(root, Value):
        raise TypeError(f"explore takes the Value to differentiate; got {type(root).__name__} {root!r}.")
    check_count("max_nodes", max_nodes, 1)
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"explore draws graphs of up to {max_nodes} Values; this one has {len(order)}, too many to read "
            "as a picture. Print explain(root) to read its chain-rule steps as text, or pass a larger max_nodes."
        )
    explanation = explain(root)
    text = _render_page(order, explanation, title)
    return write_text(path, text)


def _render_page(order: list[Value], explanation: Explanation, title: str | None = None) -> str:
    """The whole page as a string: deterministic, so the same graph gives the same bytes."""
    names = explanation.names
    root_name = names[id(order[-1])]
    title = title if title is not None else f"Backpropagation through {root_name}"
    steps = len(explanation)
    parts = {
        "title": html.escape(title),
        "subtitle": html.escape(f"{len(order)} values, {steps} chain-rule step{'s' * (steps != 1)}: press Next"),
        "root": html.escape(root_name),
        "css": _asset("explore.css"),
        "script": _asset("explore.js"),
        "svg": svg(order, names, _label_chars(order, explanation)),
        "final": _final_rows(order, explanation),
        "data": _script_json(_page_data(order, explanation)),
    }
    # One pass, so a placeholder-like text inside a label is never substituted.
    return re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], _asset("explore.html"))


def _page_data(order: list[Value], explanation: Explanation) -> PageData:
    """What the page's script needs: the seed, every node's final gradient, every step."""
    index = {id(node): i for i, node in enumerate(order)}
    root = explanation.root
    seed_line = str(explanation).split("\n", 1)[0]
    steps = [_step_data(step, index, edge) for step, edge in zip(explanation, _step_edges(explanation, order, index))]
    complete_at = _completion(order, steps, index)
    nodes: list[NodeData] = [
        {"name": explanation.names[id(node)], "grad": explanation.grad(node), "constant": not node.requires_grad,
         "grad_text": format_number(explanation.grad(node)), "complete_at": complete_at[i]}
        for i, node in enumerate(order)
    ]
    seed = explanation.grad(root)
    return {"root": index[id(root)], "seed": {"name": explanation.names[id(root)], "grad": seed,
            "grad_text": format_number(seed), "text": seed_line}, "nodes": nodes, "steps": steps}


def _label_chars(order: list[Value], explanation: Explanation) -> list[int]:
    """Per node, the longest number its wire shows: its data, or a gradient (each running total, then the
    final one with its tick); a constant's wire says "constant" instead."""
    totals: dict[int, list[float]] = {}
    for step in explanation:
        totals.setdefault(id(step.parent), []).append(step.total)
    return [max(len(format_number(node.data)), len("constant") if not node.requires_grad else
                max((len(format_number(total)) for total in totals.get(id(node), [])), default=1),
                len(format_number(explanation.grad(node))) + 2) for node in order]


def _step_data(step: Step, index: dict[int, int], edge: int) -> StepData:
    numbers = (step.upstream, step.local, step.contribution, step.total)
    if not all(math.isfinite(x) for x in numbers):
        raise OverflowError(f"a gradient overflows in step {step}; backward() would fail here too. Rescale the inputs.")
    return {
        "edge": edge, "node": index[id(step.node)], "parent": index[id(step.parent)],
        "upstream": step.upstream, "local": step.local, "contribution": step.contribution,
        "total": step.total, "last": step.last, "names": list(step.names), "formula": step.formula,
        "text": str(step), "total_text": format_number(step.total), "local_text": format_number(step.local),
        "upstream_text": format_number(step.upstream),
    }


def _step_edges(explanation: Explanation, order: list[Value], index: dict[int, int]) -> list[int]:
    """The edge (sight.layout's edge-k) of each step: edges are numbered node by node, input by input."""
    first_edge: dict[int, int] = {}
    edge = 0
    for i, node in enumerate(order):
        first_edge[i] = edge
        edge += len(node.parents)
    return [first_edge[index[id(step.node)]] + step.index for step in explanation]


def _completion(order: list[Value], steps: list[StepData], index: dict[int, int]) -> list[int]:
    """For each node, how many steps must be applied before its gradient is final.

    The root's is at once (0); a node that receives steps is final after its last one; a node
    that receives none (every path to it has a zero gradient) once all its users are final.
    """
    complete_at = [0] * len(order)
    last_step = {step["parent"]: k + 1 for k, step in enumerate(steps)}
    for i in reversed(range(len(order))):  # users come after their parents in topological order
        if i in last_step:
            complete_at[i] = last_step[i]
        for parent in order[i].parents:
            p = index[id(parent)]
            complete_at[p] = max(complete_at[p], complete_at[i])
    return complete_at


def _script_json(data: PageData) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' survives, so no label can close the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _final_rows(order: list[Value], explanation: Explanation) -> str:
    """The done panel's table: each leaf's data and final gradient (constants have none)."""
    rows = []
    for node in order:
        if not node.parents and node.requires_grad:
            grad = explanation.grad(node)
            sign = "positive" if grad > 0 else "negative" if grad < 0 else "zero"
            name = html.escape(node.label or explanation.names[id(node)])
            rows.append(f'<tr><td>{name}</td><td class="number">{format_number(node.data)}</td>'
                        f'<td class="number {sign}">{format_number(grad)}</td></tr>')
    return "".join(rows)

