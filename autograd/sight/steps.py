"""explain(root): the backward pass spelled out, one chain-rule step per edge.

Each step reads ``dL/da += dL/dc * dc/da = 1.0000 * -3.0000 = -3.0000``. The steps are the
edges of graph.chain_rule, the reference loop (same order and float operations as backward(),
so the same numbers), but nothing is changed: no Value's grad moves.

Imports: graph, value.
"""
from dataclasses import dataclass, replace

from ..graph import chain_rule, topological_order
from ..value import Value


@dataclass(frozen=True)
class Step:
    """One edge of the backward pass: ``parent`` receives upstream * local from ``node``."""

    node: object
    parent: object
    upstream: float  # dL/d node, complete by the time this step runs
    local: float  # d node / d parent
    contribution: float  # upstream * local, added to dL/d parent
    total: float  # dL/d parent after this step
    last: bool  # no later step adds to this parent: total is its gradient
    names: tuple  # (root, node, parent) as printed
    formula: str  # the op's rule for this input, e.g. "d/da = 1 - out**2"
    index: int = 0  # which input of node the parent is (a + a has inputs 0 and 1)

    def __str__(self) -> str:
        root, node, parent = self.names
        line = (f"d{root}/d{parent} += d{root}/d{node} * d{node}/d{parent} = "
                f"{format_number(self.upstream)} * {format_number(self.local)} = {format_number(self.contribution)}")
        rule = f"   ({self.node.op}: {self.formula})" if self.formula else ""
        total = f"\n    so d{root}/d{parent} = {format_number(self.total)}" if self.last else ""
        return line + rule + total


class Explanation:
    """The steps of one backward pass from ``root`` (as if every grad started at 0)."""

    def __init__(self, root, steps: list[Step], grads: dict, names: dict) -> None:
        self.root, self.steps, self.grads, self.names = root, steps, grads, names

    def __iter__(self):
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    def grad(self, value) -> float:
        """d root / d value, as backward() would compute it."""
        return self.grads.get(id(value), 0.0)

    def __str__(self) -> str:
        root = self.names[id(self.root)]
        lines = [f"d{root}/d{root} = 1.0000   (start: the output changes one-for-one with itself)"]
        return "\n".join(lines + [str(step) for step in self.steps])


def explain(root: Value, grad: float = 1.0) -> Explanation:
    """Record the chain rule, edge by edge, in the order backward() applies it."""
    if not isinstance(root, Value):
        raise TypeError(f"explain takes the Value to differentiate (e.g. explain(loss)); got {type(root).__name__} "
                        f"{root!r}.")
    order = topological_order(root)
    names = node_names(order)
    grads = {id(node): 0.0 for node in order}
    grads[id(root)] = float(grad)
    steps = []
    for edge in chain_rule(root, float(grad)):
        grads[id(edge.parent)] = edge.total
        formula = edge.node.rule.formula(edge.index, len(edge.node.parents))
        step_names = (names[id(root)], names[id(edge.node)], names[id(edge.parent)])
        steps.append(Step(edge.node, edge.parent, edge.upstream, edge.local, edge.contribution, edge.total, False,
                          step_names, formula, edge.index))
    return Explanation(root, _mark_last(steps), grads, names)


def node_names(order: list) -> dict:
    """id -> printable name: the label when there is one, a constant's value (2 in 2 * x), else
    n0, n1, ... by position in topological order.

    "L" names an unlabelled root (the loss in dL/dx); a label that is not a plain name,
    such as "x*w", is put in parentheses so "dL/d(x*w)" reads unambiguously.
    """
    names = {id(node): _readable(node.label) or (f"{node.data:g}" if _is_constant(node) else f"n{i}")
             for i, node in enumerate(order)}
    if order and not order[-1].label:
        names[id(order[-1])] = "L"
    return names


def _is_constant(node: Value) -> bool:
    return not node.requires_grad and not node.parents


def _readable(label: str) -> str:
    return label if not label or label.isidentifier() else f"({label})"


def _mark_last(steps: list[Step]) -> list[Step]:
    seen, marked = set(), []
    for step in reversed(steps):
        last = id(step.parent) not in seen
        seen.add(id(step.parent))
        marked.append(replace(step, last=last))
    return marked[::-1]


def format_number(x: float) -> str:
    """Four decimals, or scientific notation for the huge and the tiny (shared by draw and explore)."""
    x += 0.0  # -0.0 prints as 0.0000
    return f"{x:.4f}" if x == 0 or 1e-3 <= abs(x) < 1e5 else f"{x:.4e}"
