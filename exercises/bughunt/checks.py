"""The behavioural checks that grade a bug hunt's fix, with chainrule as the answer key.

Each check runs an engine module (the clean one, a planted copy, the learner's copy) and returns
None when it behaves, or a sentence with the numbers when it does not.

Imports: autograd, probe.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeAlias

import autograd

from .probe import gradcheck_engine

POINT = (0.5, -1.5)  # x, y: away from every op's edge, tanh far from saturating
CHAIN_LENGTH = 1500  # ops in the deep chain: 3,000 nodes, more than Python's default recursion limit
SAMPLES = [([1.0, 0.5], 0.8), ([-0.5, 1.0], -0.4), ([0.3, -1.2], 0.1), ([-1.0, -0.7], -0.9)]
STEPS, LEARNING_RATE = 5, 0.5  # train()'s arguments in the training check
SIGMOID_POINTS = (-1000.0, -30.0, 0.3, 30.0, 1000.0)

# An expression of x and y. It runs on the Values of both engines: chainrule's, and the hunt's, a module
# loaded at run time (whose Value class mypy cannot know: hence Any).
Expression: TypeAlias = Callable[[Any, Any], Any]


def diamond(x: Any, y: Any) -> Any:
    """a = x * y feeds b = tanh(a) and the product b * a: two paths meet again."""
    a = x * y
    b = a.tanh()
    return b * a + b


# Graphs that use a Value more than once, each with its formula as shown to the learner.
EXPRESSIONS: tuple[tuple[str, Expression], ...] = (
    ("x + x", lambda x, y: x + x),
    ("(x * y + x).tanh()", lambda x, y: (x * y + x).tanh()),
    ("(x ** 2 + y.exp()) * y.sigmoid() / x", lambda x, y: (x**2 + y.exp()) * y.sigmoid() / x),
    ("a = x * y; b = a.tanh(); b * a + b", diamond),
)


def check_reuse(engine: ModuleType) -> str | None:
    """Forward values against chainrule's, gradients against central differences."""
    at = f"at x = {POINT[0]}, y = {POINT[1]}"
    for formula, f in EXPRESSIONS:
        yours = f(*[engine.Value(x) for x in POINT]).data
        expected = f(*[autograd.Value(x) for x in POINT]).data
        if not math.isclose(yours, expected, rel_tol=1e-9, abs_tol=1e-12):
            return f"{formula} {at}: your engine computes {yours:.10g}, chainrule computes {expected:.10g}."
        report = gradcheck_engine(engine, f, POINT)
        if not report:
            return f"gradcheck of {formula} {at}: {report.failures[0]}."
    return None


def check_deep(engine: ModuleType) -> str | None:
    """backward() through a long chain: h = h * 0.999 + 0.01, so dh/dx = 0.999 ** CHAIN_LENGTH."""
    x = engine.Value(0.5)
    h = x
    for _ in range(CHAIN_LENGTH):
        h = h * 0.999 + 0.01
    what = f"backward() through a chain of {CHAIN_LENGTH} steps h = h * 0.999 + 0.01"
    try:
        h.backward()
    except RecursionError as error:
        return f"{what} raised RecursionError ({error})."
    expected = 0.999**CHAIN_LENGTH
    if not math.isclose(x.grad, expected, rel_tol=1e-9):
        return f"{what}: your dh/dx is {x.grad:.10g}; it is 0.999 ** {CHAIN_LENGTH} = {expected:.10g}."
    return None


def check_twice(engine: ModuleType) -> str | None:
    """A second backward() on one graph, the inputs zeroed in between, must give the first pass's gradients."""
    x, y = (engine.Value(number) for number in POINT)
    out = diamond(x, y)
    out.backward()
    first = (x.grad, y.grad)
    x.grad = y.grad = 0.0
    out.backward()
    if not all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15) for a, b in zip(first, (x.grad, y.grad))):
        return (f"a = x * y; b = a.tanh(); out = b * a + b at x = {POINT[0]}, y = {POINT[1]}: out.backward() gives "
                f"dout/dx = {first[0]:.10g}, dout/dy = {first[1]:.10g}; after x.grad = y.grad = 0, a second "
                f"out.backward() gives dout/dx = {x.grad:.10g}, dout/dy = {y.grad:.10g}.")
    return None


def check_training(engine: ModuleType) -> str | None:
    """train()'s losses, step by step, against the same gradient descent run on chainrule's Values."""
    neuron = engine.Neuron(2, seed=1)
    start = [parameter.data for parameter in neuron.parameters()]
    yours = engine.train(neuron, SAMPLES, steps=STEPS, learning_rate=LEARNING_RATE)
    expected = reference_losses(start)
    for step, (mine, right) in enumerate(zip(yours, expected), start=1):
        if not math.isclose(mine, right, rel_tol=1e-9, abs_tol=1e-12):
            return (f"train(Neuron(2, seed=1), {len(SAMPLES)} samples, steps={STEPS}, "
                    f"learning_rate={LEARNING_RATE}): losses {_numbers(yours)}; from the same start "
                    f"chainrule's are {_numbers(expected)}: loss {step} is the first to differ "
                    f"({mine:.6g} against {right:.6g}).")
    if len(yours) != len(expected):
        return f"train(..., steps={STEPS}) returned {len(yours)} losses, not {len(expected)}."
    return None


def reference_losses(start: list[float]) -> list[float]:
    """The mean squared error of tanh(w · x + b) before each gradient-descent step, computed by chainrule."""
    *weights, bias = parameters = [autograd.Value(number) for number in start]
    losses = []
    for _ in range(STEPS):
        errors = [(_neuron(weights, bias, inputs) - target) ** 2 for inputs, target in SAMPLES]
        loss = sum(errors, autograd.Value(0.0)) / len(SAMPLES)
        for parameter in parameters:
            parameter.grad = 0.0
        loss.backward()
        for parameter in parameters:
            parameter.data -= LEARNING_RATE * parameter.grad
        losses.append(loss.data)
    return losses


def _neuron(weights: list[autograd.Value], bias: autograd.Value, inputs: list[float]) -> autograd.Value:
    total = bias
    for weight, x in zip(weights, inputs):
        total = total + weight * x
    return total.tanh()


def check_sigmoid(engine: ModuleType) -> str | None:
    """sigmoid and its derivative at ordinary and extreme inputs, against chainrule's."""
    for a in SIGMOID_POINTS:
        expected = autograd.Value(a)
        expected.sigmoid().backward()
        x = engine.Value(a)
        try:
            out = x.sigmoid()
            out.backward()
        except (ArithmeticError, ValueError) as error:
            return (f"Value({a}).sigmoid() raised {type(error).__name__} ({error}); its value is "
                    f"{autograd.Value(a).sigmoid().data:.6g} and its derivative {expected.grad:.6g}.")
        right = autograd.Value(a).sigmoid().data
        if not (math.isclose(out.data, right, rel_tol=1e-9, abs_tol=1e-15)
                and math.isclose(x.grad, expected.grad, rel_tol=1e-9, abs_tol=1e-15)):
            return (f"Value({a}).sigmoid(): yours is {out.data:.10g} with derivative {x.grad:.10g}; "
                    f"chainrule's is {right:.10g} with derivative {expected.grad:.10g}.")
    return None


def _numbers(values: list[float]) -> str:
    return ", ".join(f"{value:.6g}" for value in values)


CHECKS: dict[str, tuple[str, Callable[[ModuleType], str | None]]] = {
    "reuse": ("gradients of graphs that use a value twice, against central differences", check_reuse),
    "deep": (f"backward() through a chain {CHAIN_LENGTH} steps long", check_deep),
    "twice": ("a second backward() on the same graph", check_twice),
    "training": ("a training loop's losses, step by step, against chainrule", check_training),
    "sigmoid": ("sigmoid at -1000, -30, 0.3, 30 and 1000", check_sigmoid),
}


def run_check(engine: ModuleType, name: str) -> str | None:
    """Check ``name`` on ``engine``; whatever the engine raises becomes the failure's sentence."""
    try:
        return CHECKS[name][1](engine)
    except Exception as error:  # the learner's code may raise anything: report it, never crash the grader
        return f"{CHECKS[name][0]}: your engine raised {type(error).__name__}: {error}"


def failures(engine: ModuleType) -> dict[str, str]:
    """Every failing check's name and sentence, in CHECKS order."""
    results = {name: run_check(engine, name) for name in CHECKS}
    return {name: message for name, message in results.items() if message is not None}
