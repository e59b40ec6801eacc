"""History: what fit() recorded in each epoch (loss, accuracy, the validation ones, seconds),
and ``plot()``, its curves drawn with matplotlib (the optional ``plot`` extra, imported lazily),
which Jupyter shows below the summary line.

Imports: matplotlib (when a plot is drawn).
"""
import base64
import io
import math
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOT_INSTALL = "pip install 'chainrule[plot]'"
PLOT_ALT = "the loss (and accuracy) per epoch"


@dataclass
class History:
    """What happened in each epoch: mean loss, accuracy and seconds taken, and with
    ``fit(..., validation=(X_val, y_val))`` the loss and accuracy on that data after the epoch.

    accuracy is None for every epoch when it is undefined: for a regression loss (mse)
    and for a custom loss function. val_loss and val_accuracy stay empty without validation."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float | None] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float | None] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds)

    def __repr__(self) -> str:
        if not self.loss:
            return "History(0 epochs)"
        accuracy = ""
        if self.accuracy[-1] is not None:  # None for every epoch of mse or a custom loss
            accuracy = f", accuracy {self.accuracy[0]:.1%} -> {self.accuracy[-1]:.1%}"
        validation = f", validation loss {self.val_loss[-1]:.4g}" if self.val_loss else ""
        return (f"History({self.epochs} epochs: loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g}{accuracy}"
                f"{validation}, {self.total_seconds:.2f} s)")

    def plot(self) -> "Figure":
        """The loss curves (left) and, when defined, the accuracy curves (right), training and validation,
        as a matplotlib Figure (shown by Jupyter; ``figure.savefig("curves.png")`` writes it)."""
        try:
            from matplotlib.figure import Figure
        except ImportError:
            raise ImportError(f"History.plot() draws with matplotlib, which is not installed: {PLOT_INSTALL} "
                              "(the plot extra), then call it again.") from None
        has_accuracy = any(value is not None for value in self.accuracy)
        figure = Figure(figsize=(10 if has_accuracy else 5, 3.8), layout="constrained")
        axes = figure.subplots(1, 2 if has_accuracy else 1, squeeze=False)[0]
        epochs = list(range(1, self.epochs + 1))
        curves = [(axes[0], "loss", self.loss, self.val_loss)]
        if has_accuracy:
            curves.append((axes[1], "accuracy", _gaps(self.accuracy), _gaps(self.val_accuracy)))
        for axis, name, training, validation in curves:
            axis.plot(epochs, training, "o-", markersize=3, label=f"training {name}")
            if any(not math.isnan(value) for value in validation):
                axis.plot(epochs, validation, "o--", markersize=3, label=f"validation {name}")
            axis.set(xlabel="epoch", ylabel=name, title=f"{name} per epoch")
            axis.grid(alpha=0.3)
            axis.legend()
        return figure

    def _repr_html_(self) -> str | None:
        """Jupyter's display: the summary line above the curves, when matplotlib is there to draw them
        (without it, or before any epoch, Jupyter shows the summary line alone)."""
        if not self.loss:
            return None
        try:
            figure = self.plot()
        except ImportError:
            return None
        picture = io.BytesIO()
        figure.savefig(picture, format="png", dpi=72)
        encoded = base64.b64encode(picture.getvalue()).decode("ascii")
        return f'<p><code>{escape(repr(self))}</code></p><img src="data:image/png;base64,{encoded}" alt="{PLOT_ALT}">'


def _gaps(values: list[float | None]) -> list[float]:
    """None (no number that epoch) as NaN, which matplotlib leaves out of the curve, as it does None."""
    return [math.nan if value is None else value for value in values]
