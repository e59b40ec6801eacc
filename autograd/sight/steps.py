"""explain(root): the backward pass spelled out, one chain-rule step per edge.

Each step reads ``dL/dx += dL/d#2 * d#2/dx = 1.0000 * -3.0000 = -3.0000   (d(x*w)/dx = w)``. The
steps are the edges of graph.chain_rule, the reference loop (same order and float operations as
backward(), so the same numbers), but nothing is changed: no Value's grad moves. Every node gets
a name no other node has (node_names), and each rule's formula is written with those names.

Imports: graph, value.
"""
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape
from typing import TypeAlias

from ..graph import chain_rule, topological_order
from ..value import Value

Names: TypeAlias = dict[int, str]  # id(node) -> the node's printed name (see node_names)


@dataclass(frozen=True)
class Step:
    """One edge of the backward pass: ``parent`` receives upstream * local from ``node``."""

    node: Value
    parent: Value
    upstream: float  # dL/d node, complete by the time this step runs
    local: float  # d node / d parent
    contribution: float  # upstream * local, added to dL/d parent
    total: float  # dL/d parent after this step
    last: bool  # no later step adds to this parent: total is its gradient
    names: tuple[str, str, str]  # (root, node, parent) as printed
    formula: str  # the op's rule for this input in the graph's names, e.g. "d(tanh(n))/dn = 1 - out**2"
    index: int = 0  # which input of node the parent is (a + a has inputs 0 and 1)

    def __str__(self) -> str:
        root, node, parent = self.names
        line = (f"d{root}/d{parent} += d{root}/d{node} * d{node}/d{parent} = "
                f"{format_number(self.upstream)} * {format_number(self.local)} = {format_number(self.contribution)}")
        rule = f"   ({self.formula})" if self.formula else ""
        total = f"\n    so d{root}/d{parent} = {format_number(self.total)}" if self.last else ""
        return line + rule + total


class Explanation:
    """The steps of one backward pass from ``root`` (as if every grad started at 0)."""

    def __init__(self, root: Value, steps: list[Step], grads: dict[int, float], names: Names) -> None:
        self.root, self.steps, self.grads, self.names = root, steps, grads, names  # grads: id(node) -> dL/d node

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def grad(self, value: Value) -> float:
        """d root / d value, as backward() would compute it."""
        return self.grads.get(id(value), 0.0)

    def __str__(self) -> str:
        root = self.names[id(self.root)]
        lines = [f"d{root}/d{root} = 1.0000   (start: the output changes one-for-one with itself)"]
        return "\n".join(lines + [str(step) for step in self.steps])

    # -- Jupyter's display: the text for the plain view, a table of the steps for the rich one ---------
    def __repr__(self) -> str:
        if len(self.steps) <= _SHOWN_STEPS:
            return str(self)
        shown = Explanation(self.root, self.steps[:_SHOWN_STEPS], self.grads, self.names)
        return f"{shown}\n... and {len(self.steps) - _SHOWN_STEPS} more steps: print(explanation) shows them all"

    def _repr_html_(self) -> str:
        root = self.names[id(self.root)]
        rows = [_html_row(index, step) for index, step in enumerate(self.steps[:_SHOWN_STEPS], 1)]
        if len(self.steps) > _SHOWN_STEPS:
            rows.append(f'<tr><td colspan="5">... and {len(self.steps) - _SHOWN_STEPS} more steps '
                        "(print the explanation to read them all)</td></tr>")
        header = "".join(f"<th>{name}</th>" for name in ("step", "chain rule", "upstream × local = adds",
                                                           "local derivative", f"d{escape(root)}/d… so far"))
        return (f"<p>The backward pass from <code>{escape(root)}</code>, one chain-rule step per edge "
                f"({len(self.steps)} steps), starting from d{escape(root)}/d{escape(root)} = 1. "
                "<b>Bold</b>: the input's gradient is complete.</p>"
                f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def explain(root: Value, grad: float = 1.0) -> Explanation:
    """Record the chain rule, edge by edge, in the order backward() applies it."""
    if not isinstance(root, Value):
        raise TypeError(f"explain takes the Value to differentiate (e.g. explain(loss)); got {type(root).__name__} "
                        f"{root!r}.")
    order = topological_order(root)
    names = node_names(order)
    grads = {id(node): 0.0 for node in order}
    grads[id(root)] = float(grad)
    steps: list[Step] = []
    for edge in chain_rule(root, float(grad)):
        grads[id(edge.parent)] = edge.total
        formula = written_formula(edge.node, edge.index, names)
        step_names = (names[id(root)], names[id(edge.node)], names[id(edge.parent)])
        steps.append(Step(edge.node, edge.parent, edge.upstream, edge.local, edge.contribution, edge.total, False,
                          step_names, formula, edge.index))
    return Explanation(root, _mark_last(steps), grads, names)


def node_names(order: list[Value]) -> Names:
    """id -> printable name, one per node, never the same for two nodes that are not equal constants:
    the names explain, draw and explore all show.

    A label is the name (in parentheses unless it is a plain name, so "x*w" reads dL/d(x*w)); a
    constant is named by its value (2 in 2 * x); any other node by its place in topological order,
    #0, #1, ..., and an unlabelled root is L. A made-up name is never one of the graph's labels, as
    typed or in parentheses (pictures show labels as typed): beside a label "#2" the unlabelled #2
    is #2'. When a label's name is taken already (two nodes labelled "out"), the later node adds its
    place: out#6.
    """
    labels = {text for node in order if node.label for text in (node.label, _readable(node.label))}
    names: Names = {}
    taken: set[str] = set()
    for i, node in enumerate(order):
        if _is_constant(node) and not node.label:
            names[id(node)] = f"{node.data:g}"
            continue
        if node.label:
            name = _readable(node.label)
            name = f"{name}#{i}" if name in taken else name
        else:
            name = "L" if i == len(order) - 1 else f"#{i}"
        while name in taken or (not node.label and name in labels):
            name += "'"
        names[id(node)] = name
        taken.add(name)
    return names


def _is_constant(node: Value) -> bool:
    return not node.requires_grad and not node.parents


def _readable(label: str) -> str:
    return label if not label or label.isidentifier() else f"({label})"


# A rule's formula for input i reads "d/d<symbol> = <expression>"; the symbols are the rule's
# names for its inputs (a, b; low, high; x0, w0, b) and out is its output.
FORMULA = re.compile(r"d/d(\w+) = (.+)")
LONGEST_EXPRESSION = 32  # beyond this, d(...) names the node instead of writing out its op


def written_formula(node: Value, index: int, names: Names) -> str:
    """The rule's formula for input ``index`` with the graph's names in place of the rule's symbols:
    "d/da = b" of x*w reads "d(x*w)/dx = w". A formula in another form is shown as the rule has it."""
    count, rule = len(node.parents), node.rule
    if rule is None:  # a leaf: no inputs, so no formula
        return ""
    written = rule.formula(index, count)
    match = FORMULA.fullmatch(written)
    symbols = {found.group(1): i for i in range(count) if (found := FORMULA.fullmatch(rule.formula(i, count)))}
    if match is None or symbols.get(match.group(1)) != index:
        return f"{node.op}: {written}" if written else ""
    operands = [_atom(names[id(parent)]) for parent in node.parents]
    expression = rule.write(operands)  # as the rule writes itself: x*w, #2 + b, -x, tanh(n), x0*w0 + x1*w1 + b
    shown = f"({expression})" if len(expression) <= LONGEST_EXPRESSION else names[id(node)]
    replacements = {symbol: operands[i] for symbol, i in symbols.items()}
    replacements["out"] = names[id(node)] if node.label else _atom(expression)
    body = match.group(2)
    if body in replacements:  # the derivative is one operand: d(x*w)/dx = w, d(x*(-3))/dx = -3
        body = names[id(node.parents[symbols[body]])] if body in symbols else replacements[body]
    else:
        body = re.sub(r"\b\w+\b", lambda word: replacements.get(word.group(0), word.group(0)), body)
    return f"d{shown}/d{names[id(node.parents[index])]} = {body}"


def _atom(text: str) -> str:
    """``text`` as one operand: as it is when it is a name, a number >= 0 or a call, else in parentheses."""
    call = re.match(r"\w+\(", text)
    if re.fullmatch(r"[\w.#]+", text) or _encloses(text, 0) or (call and _encloses(text, call.end() - 1)):
        return text
    return f"({text})"


def _encloses(text: str, start: int) -> bool:
    """True when the bracket opening at ``start`` closes at the end of ``text``."""
    if not text.startswith("(", start):
        return False
    depth = 0
    for position in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if depth == 0:
            return position == len(text) - 1
    return False


def _mark_last(steps: list[Step]) -> list[Step]:
    seen: set[int] = set()
    marked: list[Step] = []
    for step in reversed(steps):
        last = id(step.parent) not in seen
        seen.add(id(step.parent))
        marked.append(replace(step, last=last))
    return marked[::-1]


def format_number(x: float) -> str:
    """Four decimals, or scientific notation for the huge and the tiny (shared by draw and explore)."""
    x += 0.0  # -0.0 prints as 0.0000
    return f"{x:.4f}" if x == 0 or 1e-3 <= abs(x) < 1e5 else f"{x:.4e}"


_SHOWN_STEPS = 200  # a notebook's display of a larger graph stops here; print() shows everything


def _html_row(index: int, step: Step) -> str:
    root, node, parent = (escape(name) for name in step.names)
    total = f"<b>{format_number(step.total)}</b>" if step.last else format_number(step.total)
    cells = (str(index), f"d{root}/d{parent} += d{root}/d{node} × d{node}/d{parent}",
             f"{format_number(step.upstream)} × {format_number(step.local)} = {format_number(step.contribution)}",
             escape(step.formula or step.node.op), total)
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
