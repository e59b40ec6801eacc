"""Checking gradients: central differences, and a report comparing them with backward().

The numerical gradient needs nothing but the forward pass, so it is an independent
witness for every derivative rule. Imports value only.
"""
import math
import numbers
from dataclasses import dataclass
from typing import Callable, Sequence

from .value import Value


def numerical_grad(f: Callable[..., Value], inputs, eps: float = 1e-6) -> list[float]:
    """d f / d input_i ~ (f(.., x_i + eps, ..) - f(.., x_i - eps, ..)) / (2 eps), for each i.

    ``f`` is called as ``f(*values)`` on fresh Values and must return a Value.
    The error of a central difference shrinks like eps**2 (a one-sided one like eps).
    """
    eps = _positive("eps", eps)
    point = [value.data for value in _as_values(inputs)]
    grads = []
    for i in range(len(point)):
        plus = _evaluate(f, point, i, eps)
        minus = _evaluate(f, point, i, -eps)
        grads.append((plus - minus) / (2.0 * eps))
    return grads


def gradcheck(f: Callable[..., Value], inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3) -> "GradcheckReport":
    """Compare backward()'s gradients of ``f(*inputs)`` with numerical ones.

    An input passes when |analytic - numerical| <= atol + rtol * |numerical|
    (PyTorch's tolerance). The report prints as a table and is truthy if all pass.
    """
    atol, rtol = _positive("atol", atol, allow_zero=True), _positive("rtol", rtol, allow_zero=True)
    originals = _as_values(inputs)
    leaves = [Value(value.data, label=value.label or f"x{i}") for i, value in enumerate(originals)]
    _checked_output(f(*leaves)).backward()
    numerical = numerical_grad(f, originals, eps)
    rows = [_row(leaf.label, leaf.grad, number, atol, rtol) for leaf, number in zip(leaves, numerical)]
    return GradcheckReport(rows, eps, atol, rtol)


@dataclass(frozen=True)
class GradcheckRow:
    """One input's verdict."""

    label: str
    analytic: float
    numerical: float
    abs_error: float
    rel_error: float
    ok: bool


@dataclass(frozen=True)
class GradcheckReport:
    """All inputs' verdicts; truthy only if every input passed."""

    rows: list
    eps: float
    atol: float
    rtol: float

    def __bool__(self) -> bool:
        return all(row.ok for row in self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def failures(self) -> list[str]:
        """A sentence per failing input: its label, both values and the tolerance."""
        return [
            f"input {row.label!r}: analytic {row.analytic:.10g} vs numerical {row.numerical:.10g}, "
            f"|difference| {row.abs_error:.3g} > atol + rtol*|numerical| = "
            f"{self.atol:g} + {self.rtol:g}*{abs(row.numerical):.6g} = {self.atol + self.rtol * abs(row.numerical):.3g}"
            for row in self.rows
            if not row.ok
        ]

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


def _row(label: str, analytic: float, numerical: float, atol: float, rtol: float) -> GradcheckRow:
    abs_error = abs(analytic - numerical)
    rel_error = abs_error / abs(numerical) if numerical != 0 else (0.0 if abs_error == 0 else math.inf)
    return GradcheckRow(label, analytic, numerical, abs_error, rel_error, abs_error <= atol + rtol * abs(numerical))


def _as_values(inputs) -> list[Value]:
    if isinstance(inputs, (Value, numbers.Real)):
        inputs = [inputs]
    if not isinstance(inputs, Sequence) or isinstance(inputs, str) or len(inputs) == 0:
        raise TypeError(f"inputs must be a non-empty list of Values or numbers; got {inputs!r}.")
    return [x if isinstance(x, Value) else Value(x) for x in inputs]


def _evaluate(f, point: list[float], index: int, shift: float) -> float:
    values = [Value(x + shift if i == index else x) for i, x in enumerate(point)]
    return _checked_output(f(*values)).data


def _checked_output(out: object) -> Value:
    if not isinstance(out, Value):
        raise TypeError(f"f must return a Value (the scalar to differentiate); it returned {type(out).__name__} {out!r}.")
    return out


def _positive(name: str, number: float, allow_zero: bool = False) -> float:
    if not isinstance(number, numbers.Real) or not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        wanted = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {wanted}; got {number!r}.")
    return float(number)
