"""Checking gradients: central differences, and a report comparing them with backward().

The numerical gradient needs nothing but the forward pass, so it is an independent witness
for every derivative rule. When an input's gradient is wrong, the report also checks each
node's rule on its own (its local_grads against central differences of its forward) and
names the rule that disagrees.

Imports: value, graph, rule, arguments.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape

from .arguments import check_number
from .graph import local_derivatives, topological_order
from .rule import FLOAT_MATH
from .value import Value

Function = Callable[..., Value]


def numerical_grad(f: Function, inputs: object, eps: float = 1e-6) -> list[float]:
    """d f / d input_i ~ (f(.., x_i + eps, ..) - f(.., x_i - eps, ..)) / (2 eps), for each i.

    ``f`` is called as ``f(*values)`` on fresh Values and must return a Value.
    The error of a central difference shrinks like eps**2 (a one-sided one like eps).
    """
    eps = check_number("eps", eps, 0.0, low_open=True, example=1e-6)
    point = [value.data for value in as_values(inputs)]
    grads = []
    for i in range(len(point)):
        plus = _evaluate(f, point, i, eps)
        minus = _evaluate(f, point, i, -eps)
        grads.append((plus - minus) / (2.0 * eps))
    return grads


def gradcheck(f: Function, inputs: object, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3) -> GradcheckReport:
    """Compare backward()'s gradients of ``f(*inputs)`` with numerical ones.

    An input passes when |analytic - numerical| <= atol + rtol * |numerical|
    (PyTorch's tolerance). The report prints as a table and is truthy if all pass.
    """
    atol = check_number("atol", atol, 0.0, example=1e-5)
    rtol = check_number("rtol", rtol, 0.0, example=1e-3)
    originals = as_values(inputs)
    leaves = [Value(value.data, label=value.label or f"x{i}") for i, value in enumerate(originals)]
    out = checked_output(f(*leaves))
    out.backward()
    numerical = numerical_grad(f, originals, eps)
    rows = [compare(leaf.label, leaf.grad, number, atol, rtol) for leaf, number in zip(leaves, numerical)]
    rows = [row if row.ok else _with_kink_note(row, f, originals, i, eps, atol, rtol) for i, row in enumerate(rows)]
    suspects = () if all(row.ok for row in rows) else tuple(_suspect_rules(out, atol, rtol))
    return GradcheckReport(rows, eps, atol, rtol, suspects)


@dataclass(frozen=True)
class GradcheckRow:
    """One input's verdict."""

    label: str
    analytic: float
    numerical: float
    abs_error: float
    rel_error: float
    ok: bool
    note: str = ""  # why a failing input may not be a wrong rule (it sits on a kink)


@dataclass(frozen=True)
class GradcheckReport:
    """All inputs' verdicts; truthy only if every input passed. ``suspects`` names the rules
    whose local derivatives disagree with their own forward, when something failed."""

    rows: list[GradcheckRow]
    eps: float
    atol: float
    rtol: float
    suspects: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return all(row.ok for row in self.rows)

    def __iter__(self) -> Iterator[GradcheckRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def failures(self) -> list[str]:
        """A sentence per failing input (its label, both values and the tolerance), then per suspect rule."""
        return [
            f"input {row.label!r}: analytic {row.analytic:.10g} vs numerical {row.numerical:.10g}, "
            f"|difference| {row.abs_error:.3g} > atol + rtol*|numerical| = "
            f"{self.atol:g} + {self.rtol:g}*{abs(row.numerical):.6g} = {self.atol + self.rtol * abs(row.numerical):.3g}"
            + (f" ({row.note})" if row.note else "")
            for row in self.rows
            if not row.ok
        ] + list(self.suspects)

    def __str__(self) -> str:
        header = f"{'input':<12} {'analytic':>14} {'numerical':>14} {'abs error':>10} {'rel error':>10}  ok"
        lines = [header, "-" * len(header)]
        for row in self.rows:
            lines.append(
                f"{row.label[:12]:<12} {row.analytic:>14.8g} {row.numerical:>14.8g} "
                f"{row.abs_error:>10.2e} {row.rel_error:>10.2e}  {'yes' if row.ok else 'NO'}"
            )
        verdict = "all gradients match" if self else "MISMATCH: " + "; ".join(self.failures)
        lines.append(f"{verdict} (eps={self.eps:g}, atol={self.atol:g}, rtol={self.rtol:g})")
        return "\n".join(lines)

    # -- Jupyter's display: the table as text, and as an HTML table with the verdict ------------------
    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        header = "".join(f"<th>{name}</th>" for name in ("input", "analytic", "numerical", "abs error",
                                                           "rel error", "ok"))
        rows = "".join(
            f"<tr><td>{escape(row.label)}</td><td>{row.analytic:.8g}</td><td>{row.numerical:.8g}</td>"
            f"<td>{row.abs_error:.2e}</td><td>{row.rel_error:.2e}</td><td>{'yes' if row.ok else '<b>NO</b>'}</td></tr>"
            for row in self.rows)
        settings = f"eps={self.eps:g}, atol={self.atol:g}, rtol={self.rtol:g}"
        if self:
            verdict = f"<p><b>All gradients match</b> ({settings}).</p>"
        else:
            items = "".join(f"<li>{escape(failure)}</li>" for failure in self.failures)
            verdict = f"<p><b>MISMATCH</b> ({settings}):</p><ul>{items}</ul>"
        return f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>{verdict}"


def _suspect_rules(out: Value, atol: float, rtol: float) -> Iterator[str]:
    """Each node whose rule's local_grads disagree with a central difference of the rule's own forward."""
    seen = set()
    for node in topological_order(out):
        if not node.parents or node.rule is None:
            continue
        inputs = [parent.data for parent in node.parents]
        try:
            analytic = local_derivatives(node)
        except (ArithmeticError, TypeError):
            continue
        for index, claimed in enumerate(analytic):
            if claimed is None:  # a constant input: its derivative is never used
                continue
            slope = _local_slope(node.rule.forward, inputs, index)
            if slope is not None and abs(claimed - slope) > atol + rtol * abs(slope) and node.rule.name not in seen:
                seen.add(node.rule.name)
                yield (f"suspect: rule {node.rule.name!r} at {node.rule.show(*inputs)}: its local_grads give "
                       f"derivative {index} = {claimed:.10g}, but its forward's central difference is {slope:.10g}")


def _local_slope(forward: Callable[..., float], inputs: list[float], index: int, eps: float = 1e-6) -> float | None:
    """d forward / d input ``index`` by central differences on floats; None where forward cannot be
    evaluated on both sides, or where it has a kink (the one-sided slopes disagree)."""
    step = eps * max(1.0, abs(inputs[index]))
    try:
        values = [forward(FLOAT_MATH, *_shifted(inputs, index, shift)) for shift in (-step, 0.0, step)]
    except (ArithmeticError, ValueError):
        return None
    left, right = (values[1] - values[0]) / step, (values[2] - values[1]) / step
    if abs(left - right) > 1e-3 * max(1.0, abs(left), abs(right)):
        return None
    return (values[2] - values[0]) / (2.0 * step)


def _shifted(inputs: list[float], index: int, shift: float) -> list[float]:
    return [x + shift if i == index else x for i, x in enumerate(inputs)]


def compare(label: str, analytic: float, numerical: float, atol: float, rtol: float) -> GradcheckRow:
    """One verdict: does ``analytic`` match ``numerical`` within atol + rtol * |numerical|?"""
    abs_error = abs(analytic - numerical)
    rel_error = abs_error / abs(numerical) if numerical != 0 else (0.0 if abs_error == 0 else math.inf)
    return GradcheckRow(label, analytic, numerical, abs_error, rel_error, abs_error <= atol + rtol * abs(numerical))


def as_values(inputs: object) -> list[Value]:
    """The inputs of a check as Values: one Value or number, or a non-empty list of them."""
    if isinstance(inputs, (Value, numbers.Real)):
        inputs = [inputs]
    if not isinstance(inputs, Sequence) or isinstance(inputs, str) or len(inputs) == 0:
        raise TypeError(f"inputs must be a non-empty list of Values or numbers; got {inputs!r}.")
    return [x if isinstance(x, Value) else Value(x) for x in inputs]


def _evaluate(f: Function, point: list[float], index: int, shift: float) -> float:
    values = [Value(x + shift if i == index else x) for i, x in enumerate(point)]
    try:
        return checked_output(f(*values)).data
    except (ArithmeticError, ValueError) as error:
        if shift == 0.0:
            raise
        raise DomainStepError(point[index], shift, index, error) from error


class DomainStepError(ValueError):
    """A numerical step left f's domain: f is defined at the point but not a step ``eps`` away."""

    def __init__(self, x: float, shift: float, index: int, error: Exception) -> None:
        side = "+" if shift > 0 else "-"
        step = abs(shift)
        smaller = abs(x) / 100 if x != 0.0 else step / 100
        super().__init__(
            f"gradcheck's numerical step left the domain: input {index} is {x!r}, and at {x!r} {side} eps "
            f"(eps={step:g}) f fails: {error} The point is closer than eps to the edge of the domain: pass a "
            f"smaller eps (e.g. eps={smaller:.1g}), or check a point farther from the edge.")


def _with_kink_note(row: GradcheckRow, f: Function, point: list[Value], index: int, eps: float,
                    atol: float, rtol: float) -> GradcheckRow:
    """A failing row whose one-sided slopes differ sits on a kink: say so, with both slopes."""
    numbers = [value.data for value in point]
    middle = _evaluate(f, numbers, index, 0.0)
    try:
        left = (middle - _evaluate(f, numbers, index, -eps)) / eps
        right = (_evaluate(f, numbers, index, eps) - middle) / eps
    except DomainStepError:
        return row
    if abs(left - right) <= atol + rtol * max(abs(left), abs(right)):
        return row
    note = (f"it sits on a kink: the slope is {left:.6g} from the left and {right:.6g} from the right, so the "
            f"central difference ({row.numerical:.6g}) is neither; backward takes {row.analytic:.6g} there, "
            "as PyTorch does. Check a point off the kink")
    return GradcheckRow(row.label, row.analytic, row.numerical, row.abs_error, row.rel_error, row.ok, note)


def checked_output(out: object) -> Value:
    """f's result, if it is a Value (the scalar to differentiate); else a TypeError saying so."""
    if not isinstance(out, Value):
        raise TypeError(f"f must return a Value (the scalar to differentiate); it returned "
                        f"{type(out).__name__} {out!r}.")
    return out
