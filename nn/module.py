"""Module: the base of every model. Finds parameters, zeroes grads, saves and loads state.

A Module's parameters are the Values stored on it, directly or in sub-Modules and
lists of them, found in attribute order.

Imports: autograd, shapes.
"""
import math
import numbers
import sys
from collections.abc import Iterator
from html import escape
from typing import Protocol, TypeAlias, TypeVar

from autograd import Value
from autograd.arguments import check_number

from .shapes import Output, Sample

FLOAT_MAX = sys.float_info.max
SHOWN_PARTS = 20  # rows of a Module's table in a notebook

# A constructor argument as config() gives it, ready for JSON: a count, a name, layer widths, or None.
ConfigValue: TypeAlias = float | str | list[int] | None

OutputT = TypeVar("OutputT", bound=Output, covariant=True)


class Forward(Protocol[OutputT]):
    """Anything with a forward(x): calling a Module returns what its own forward returns."""

    def forward(self, x: Sample) -> OutputT: ...


class Module:
    """Base class of models: parameters(), zero_grad(), state_dict() and friends.

    Subclasses store Values (parameters), Modules, or lists of either as attributes;
    nothing needs registering. ``named_parameters()`` names them by attribute path,
    e.g. ``layers.0.neurons.3.w.1`` for weight 1 of neuron 3 of the first layer.
    """

    training: bool = True

    @property
    def output_kind(self) -> str | None:
        """What the model outputs: one of nn.outputs.OUTPUTS ("probability", "logit", "score", "class_logits",
        "scores"), which fit uses to pick its loss and accuracy to read classes. None: unknown, so fit asks
        for loss=. A model of your own may declare it, e.g. ``output_kind = "logit"`` in its class body."""
        return None

    def __call__(self: Forward[OutputT], x: Sample) -> OutputT:
        """``forward(x)``: a Neuron's call is a Value; a Layer's or an MLP's the Value of its one output, or a list
        of Values for several (as micrograd's, and as their forward says)."""
        return self.forward(x)

    def forward(self, x: Sample) -> Output:
        raise NotImplementedError(f"{type(self).__name__} must define forward(x)")

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Value]]:
        """(dotted name, parameter) pairs, in attribute order."""
        for name, item in vars(self).items():
            yield from _named(item, prefix + name)

    def parameters(self) -> list[Value]:
        return [parameter for _, parameter in self.named_parameters()]

    def zero_grad(self) -> None:
        """Reset every parameter's grad to 0 (leaves accumulate across backward calls)."""
        for parameter in self.parameters():
            parameter.grad = 0.0

    def train(self, mode: bool = True) -> "Module":
        """Set training mode (here and in sub-Modules); returns self, as in PyTorch."""
        for module in self.modules():
            module.training = mode
        return self

    def eval(self) -> "Module":
        return self.train(False)

    def modules(self) -> list["Module"]:
        """This Module and every Module inside it, depth first."""
        found: list[Module] = []
        stack: list[Module] = [self]
        while stack:
            module = stack.pop()
            found.append(module)
            children = [item for value in vars(module).values() for item in _flat(value) if isinstance(item, Module)]
            stack.extend(reversed(children))
        return found

    def state_dict(self) -> dict[str, float]:
        """Every parameter's number by dotted name (plain floats: ready for JSON)."""
        return {name: parameter.data for name, parameter in self.named_parameters()}

    def load_state_dict(self, state: dict[str, float], strict: bool = True) -> None:
        """Copy numbers from ``state`` into the parameters of the same name.

        Everything is validated before anything changes, so a bad state leaves the
        model untouched. strict=True demands exactly the same names.
        """
        own = dict(self.named_parameters())
        _check_state(state, own, strict)
        for name, number in state.items():
            if name in own:
                own[name].data = float(number)

    def label_parameters(self) -> None:
        """Label every parameter with its dotted name, so drawings and explanations show it."""
        for name, parameter in self.named_parameters():
            parameter.label = name

    def config(self) -> dict[str, ConfigValue]:
        """The constructor arguments that rebuild this model (used by nn.save)."""
        raise NotImplementedError(f"{type(self).__name__} does not define config(), so it cannot be saved")

    # -- Jupyter's display: the one-line summary, then what the model is made of -----------------------
    def __repr__(self) -> str:
        """``MyModel(3 parameters)`` for a model of your own (the built-in ones say more)."""
        return f"{type(self).__name__}({len(self.parameters())} parameters)"

    def _repr_html_(self) -> str:
        """Its parts as a table: each sub-Module with its parameter count, each parameter of its own with
        its number and gradient (the first SHOWN_PARTS of them)."""
        parts = list(_parts(self))
        rows = [f"<tr><td><code>{escape(name)}</code></td><td>{escape(what)}</td><td>{detail}</td></tr>"
                for name, what, detail in parts[:SHOWN_PARTS]]
        if len(parts) > SHOWN_PARTS:
            rows.append(f'<tr><td colspan="3">... and {len(parts) - SHOWN_PARTS} more</td></tr>')
        summary = f"<p><code>{escape(repr(self))}</code></p>"
        return summary + (f"<table><tbody>{''.join(rows)}</tbody></table>" if rows else "")


def _parts(module: Module) -> Iterator[tuple[str, str, str]]:
    """(name, what it is, detail) for each sub-Module and each parameter stored directly on ``module``."""
    for name, item in vars(module).items():
        for index, element in enumerate(_flat(item)):
            path = f"{name}.{index}" if isinstance(item, (list, tuple)) else name
            if isinstance(element, Module):
                yield path, repr(element), f"{len(element.parameters())} parameters"
            elif isinstance(element, Value):
                yield path, "parameter", f"data {element.data:.4g}, grad {element.grad:.4g}"


def _flat(item: object) -> list[object]:
    return list(item) if isinstance(item, (list, tuple)) else [item]


def _named(item: object, name: str) -> Iterator[tuple[str, Value]]:
    if isinstance(item, Value):
        yield name, item
    elif isinstance(item, Module):
        yield from item.named_parameters(name + ".")
    elif isinstance(item, (list, tuple)):
        for index, element in enumerate(item):
            yield from _named(element, f"{name}.{index}")


def _check_state(state: object, own: dict[str, Value], strict: bool) -> None:
    if not isinstance(state, dict):
        raise TypeError("load_state_dict expects a dict of name -> number (from state_dict()); "
                        f"got {type(state).__name__}.")
    if strict:
        missing = [name for name in own if name not in state]
        unexpected = [name for name in state if name not in own]
        if missing or unexpected:
            raise ValueError(
                f"state does not match the model: missing {missing[:5]}{'...' if len(missing) > 5 else ''}, "
                f"unexpected {unexpected[:5]}{'...' if len(unexpected) > 5 else ''}. "
                "Build the model with the same architecture, or pass strict=False to load the names that match."
            )
    for name, number in state.items():
        try:
            _check_float(f"state[{name!r}]", number)
        except (TypeError, ValueError) as error:  # the same kind of error, saying that nothing changed
            raise type(error)(f"{error} The model was left unchanged.") from None


def _check_float(name: str, number: object) -> None:
    """A finite number that a float can hold: an int beyond 1.8e308 is refused before float() overflows."""
    if isinstance(number, numbers.Integral) and not isinstance(number, bool) and abs(int(number)) > FLOAT_MAX:
        digits = int(abs(int(number)).bit_length() * math.log10(2))
        raise ValueError(f"{name} must be a finite number that fits a float (at most about 1.8e308); got an int "
                         f"of about 10**{digits}.")
    check_number(name, number)
