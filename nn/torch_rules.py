"""An activation Rule on torch tensors, for to_torch: the namespace ``m`` made of torch's functions (tensor_math),
RuleActivation (the rule as a torch.nn.Module whose backward is the rule's own local derivative), and the check that
a rule computes on a whole tensor what it computes on floats. import_torch imports torch, or says how to install it.

torch is optional: imported inside these functions only, so importing this module never imports it.

Imports: autograd, torch (lazily, on the first call that needs it).
"""
import functools
import math
from collections.abc import Callable
from typing import Any

from autograd import Rule
from autograd.maths import PRIMITIVES
from autograd.maths.floats import FLOAT_MATH

INSTALL_TORCH = ("pip install torch (on Linux, PyPI's wheel is the CUDA build, several GB; the CPU-only one: pip "
                 "install torch --index-url https://download.pytorch.org/whl/cpu), or from the clone: "
                 "make test-torch TORCH_INDEX=https://download.pytorch.org/whl/cpu")
PROBES = (-3.0, -1.0, -0.25, 0.0, 0.5, 2.0)  # where a rule's tensor reading is compared with its float one


def import_torch(who: str) -> Any:
    """The torch module, or ModuleNotFoundError naming ``who`` needs it and how to install it."""
    try:
        import torch
    except ImportError as error:
        raise ModuleNotFoundError(f"{who} needs PyTorch, which is not installed here. Install it into this "
                                  f"environment: {INSTALL_TORCH}.", name="torch") from error
    return torch


@functools.cache
def tensor_math() -> Any:
    """The namespace ``m`` on torch tensors: a rule run on it computes a whole batch at once (as the numpy one
    does for trace). torch's functions have the names rules use; plain numbers become tensors beside them."""
    torch = import_torch("nn.to_torch")

    def on_tensors(function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*arguments: Any) -> Any:
            like = next((a for a in arguments if isinstance(a, torch.Tensor)), None)
            dtype = torch.float64 if like is None or like.dtype == torch.bool else like.dtype
            return function(*(a if isinstance(a, torch.Tensor) else torch.as_tensor(a, dtype=dtype)
                              for a in arguments))
        return staticmethod(call)

    functions = {name: on_tensors(getattr(torch, name)) for name in PRIMITIVES if name != "dot"}
    dot = staticmethod(lambda xs, ws: sum((x * w for x, w in zip(xs[1:], ws[1:])), xs[0] * ws[0]))
    return type("TensorMath", (), {**functions, "dot": dot, "__doc__": "torch's functions, named as rules use."})()


def check_on_tensors(rule: Rule) -> None:
    """Refuse, saying why, a rule that does not give on tensors what it gives on floats (at PROBES): one written
    with Python's ``if`` or ``math`` on its operand instead of ``m``, which a whole tensor cannot go through."""
    torch = import_torch("nn.to_torch")
    readings = [reading for reading in map(functools.partial(_float_reading, rule), PROBES) if reading is not None]
    z = torch.tensor([x for x, _, _ in readings], dtype=torch.float64)
    expected = torch.tensor([[out, slope] for _, out, slope in readings], dtype=torch.float64)
    try:
        out = rule.forward(tensor_math(), z)
        (slope,) = rule.local_grads(tensor_math(), z, out)
        agree = torch.allclose(torch.stack([out, slope * torch.ones_like(z)], 1), expected, rtol=1e-12, atol=1e-15)
    except Exception as error:  # whatever the rule's own code raises on a tensor, said with the rule's name
        problem = f"raises {type(error).__name__} ({error})"
    else:
        problem = "" if agree else "gives other numbers than on floats"
    if problem:
        raise ValueError(f"to_torch: the activation rule {rule.name!r} ({type(rule).__name__}) {problem} when run on "
                         "a tensor of several numbers. Write its forward and local_grads with m (m.where(m.gt(a, 0), "
                         "...), m.exp, ...) rather than Python's if or math, so they compute a whole tensor at once.")


def _float_reading(rule: Rule, x: float) -> tuple[float, float, float] | None:
    """(x, f(x), f'(x)) from the rule on floats, as the engine computes them; None outside its domain."""
    try:
        out = float(rule.forward(FLOAT_MATH, x))
        slope = float(rule.local_grads(FLOAT_MATH, x, out)[0])
    except (ArithmeticError, ValueError, TypeError):
        return None
    return (x, out, slope) if math.isfinite(out) and math.isfinite(slope) else None


@functools.cache
def rule_activation_class() -> type:
    """RuleActivation, the torch.nn.Module of an activation rule: its forward is the rule's forward on the tensor,
    its backward multiplies by the rule's local derivative (a torch.autograd.Function), so torch's gradients are
    the rule's own. Made on first use, since torch is imported only then."""
    torch = import_torch("nn.to_torch")
    function: Any = torch.autograd.Function
    module: Any = torch.nn.Module

    class ApplyRule(function):  # type: ignore[misc]  # torch is Any to mypy (pyproject.toml): no base to check
        @staticmethod
        def forward(context: Any, z: Any, rule: Rule) -> Any:
            out = rule.forward(tensor_math(), z)
            context.save_for_backward(z, out)
            context.rule = rule
            return out

        @staticmethod
        def backward(context: Any, grad: Any) -> tuple[Any, None]:
            z, out = context.saved_tensors
            (slope,) = context.rule.local_grads(tensor_math(), z, out)
            return grad * slope, None

    class RuleActivation(module):  # type: ignore[misc]  # as above
        """An activation Rule as a torch module (to_torch makes it; from_torch reads it back as the rule)."""

        def __init__(self, rule: Rule) -> None:
            super().__init__()
            self.rule = rule

        def forward(self, z: Any) -> Any:
            return ApplyRule.apply(z, self.rule)

        def extra_repr(self) -> str:
            return f"rule={self.rule.name!r}"

    return RuleActivation
