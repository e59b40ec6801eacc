"""Models and losses agree: the loss fit picks for what a model outputs (its ``output_kind``),
and the refusal, naming the right loss, of one that does not fit (or of targets that do not fit
the loss fit picked); and a loss function of one's own returns a Value. Checked before any step,
so the eager and the traced fit accept and refuse the same things.

Imports: autograd, losses, module, outputs.
"""
from autograd import Value

from .losses import LOSSES, ONE, ROW, LossEntry, LossFunction
from .module import Module
from .outputs import CLASS_LOGITS, LOGIT, OUTPUTS, PROBABILITY, SCORES, describe

DEFAULTS = {PROBABILITY: "bce", LOGIT: "bce_with_logits", CLASS_LOGITS: "cross_entropy"}
ASK = ("Pass loss=: 'bce' for a probability, 'bce_with_logits' for a logit, 'cross_entropy' for class logits, "
       "'mse' for a regression, or your own function loss(outputs, targets) -> Value.")


def choose_loss(model: Module, loss: str | LossFunction | None, width: int) -> tuple[LossEntry | None, LossFunction]:
    """The loss table's entry and the function to call. A custom function has no entry (and no check);
    None picks the loss that matches the model's output; a named loss must match it."""
    kind: str | None = getattr(model, "output_kind", None)
    name = type(model).__name__
    if kind is not None and kind not in OUTPUTS:
        raise ValueError(f"{name}.output_kind must be one of {', '.join(OUTPUTS)} or None (unknown); got {kind!r}.")
    if loss is None:
        if kind not in DEFAULTS:
            raise ValueError(f"fit cannot choose a loss for {name}: it outputs {describe(kind)}. {ASK}")
        return LOSSES[DEFAULTS[kind]], LOSSES[DEFAULTS[kind]].function
    if callable(loss):
        return None, loss
    if not isinstance(loss, str):
        raise TypeError(f"loss must be the name of a loss ({', '.join(LOSSES)}) or a function "
                        f"loss(outputs, targets) -> Value; got {type(loss).__name__} {loss!r}.")
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}, or pass a function "
                         "loss(outputs, targets) -> Value.")
    entry = LOSSES[loss]
    problem = _mismatch(entry, kind, width)
    if problem:
        raise ValueError(f"loss={loss!r} does not fit {name}: {problem}")
    return entry, entry.function


def _mismatch(entry: LossEntry, kind: str | None, width: int) -> str:
    """Why ``entry`` cannot train a model of this output kind and width, and what to use; '' when it can."""
    if entry.outputs_per_sample == ONE and width > 1:
        fix = ("give the model a linear last layer (output_activation=None) and use loss='cross_entropy', "
               "or pass your own loss function" if kind == SCORES else "use loss='cross_entropy'")
        return f"it takes one output per sample, and the model gives {width} ({describe(kind)}): {fix}."
    if entry.outputs_per_sample == ROW and width == 1:
        right = DEFAULTS.get(kind, "bce_with_logits") if kind is not None else "bce_with_logits"
        return (f"it takes a row of class logits (two or more outputs per sample), and the model gives one "
                f"({describe(kind)}): use loss={right!r}, or a model with one linear output per class.")
    if kind is None or kind in entry.accepts:
        return ""
    if entry.name == "bce_with_logits" and kind == PROBABILITY:
        return ("it applies a sigmoid to the model's output, which is already a probability (its last step is a "
                "sigmoid), so the sigmoid would run twice. Use loss='bce' (or leave loss out: fit picks it).")
    if entry.accepts == (PROBABILITY,):
        return (f"it takes probabilities, and the model outputs {describe(kind)}. Use loss='bce_with_logits', "
                "or give the model a sigmoid output (output_activation='sigmoid').")
    if kind == SCORES:
        return (f"it takes class logits, and the model outputs {describe(kind)}: give it a linear last layer "
                "(output_activation=None), or pass your own loss function.")
    right = f": use loss={DEFAULTS[kind]!r}" if kind in DEFAULTS else ""
    return f"it is made for {describe(entry.expects)}, and the model outputs {describe(kind)}{right}."


def chosen_loss_refused(model: Module, entry: LossEntry, error: ValueError) -> ValueError:
    """The refusal of targets that do not fit the loss fit chose (loss=None): it says that fit chose it, and why,
    before the loss's own words, so the user is not blamed for a loss they never asked for."""
    kind: str | None = getattr(model, "output_kind", None)
    if entry.outputs_per_sample == ROW:
        numbers, regression = "0..k-1", "give the model one output and pass loss='mse'"
    else:
        numbers, regression = "0/1", "pass loss='mse'"
        if kind == PROBABILITY:
            regression += ", with a linear output (output_activation=None)"
    return ValueError(f"fit chose loss={entry.name!r} because {type(model).__name__} outputs {describe(kind)}, and "
                      f"that loss takes class labels {numbers}: {error} Classes: number them {numbers}. "
                      f"A regression (targets of any size): {regression}.")


def check_loss_value(function: LossFunction, returned: object) -> None:
    """What a loss function of one's own returned, called once before any step: a Value computed from the
    outputs (a float cannot be differentiated, a Value made from nothing gives every weight a gradient of 0)."""
    name = getattr(function, "__name__", type(function).__name__)
    if not isinstance(returned, Value):
        raise TypeError(f"the loss function {name} returned {type(returned).__name__} {returned!r}; it must return a "
                        "Value, the batch's mean loss computed from the outputs (e.g. nn.mse(outputs, targets)), "
                        "for backward() to reach the weights.")
    if not returned.parents:
        raise ValueError(f"the loss function {name} returned {returned!r}, which does not depend on the outputs: "
                         "backward() would give every weight a gradient of 0. Compute the loss from the outputs "
                         "it is given.")
