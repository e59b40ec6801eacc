"""History: what fit() recorded in each epoch (loss, accuracy, the validation ones, seconds),
and ``plot()``, its curves drawn with matplotlib (the optional ``plot`` extra, imported lazily),
which Jupyter shows below the summary line.

Imports: matplotlib (when a plot is drawn), IPython (when Jupyter shows a plot).
"""
import base64
import io
import math
from collections.abc import Callable
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

    loss and accuracy are counted during the epoch, as it trains: each batch's outputs just before
    its step (with the whole data set as one batch, the weights the epoch starts with). So they lag
    the weights the epoch ends with, which ``accuracy(model, X, y)`` measures after fit; the last
    epoch's accuracy can read lower (or higher) than it. ``validation=(X, y)`` measures the training
    data at each epoch's end weights, for one more forward pass an epoch (measured: 35-60% more time
    per full-batch epoch, which is why fit does not do it unasked).

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
        as a matplotlib Figure made through pyplot, so pyplot knows it as any figure of its own: in a script
        ``plt.show()`` shows it, ``plt.savefig(...)`` saves it; Jupyter shows it below the cell, once.
        ``figure.savefig("curves.png")`` writes it anywhere."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError(f"History.plot() draws with matplotlib, which is not installed: {PLOT_INSTALL} "
                              "(the plot extra), then call it again.") from None
        figure = plt.figure(figsize=self._size(), layout="constrained")
        self._draw(figure)
        if "inline" in plt.get_backend():  # Jupyter's: it shows every open figure at the cell's end
            setattr(figure, "_ipython_display_", _display_once(figure))  # noqa: B010 (an instance attribute)
        return figure

    def _size(self) -> tuple[float, float]:
        """Inches: one panel for the loss, a second beside it for the accuracy when there is one."""
        return (10 if any(value is not None for value in self.accuracy) else 5, 3.8)

    def _draw(self, figure: "Figure") -> None:
        """The curves, on an empty ``figure``."""
        has_accuracy = any(value is not None for value in self.accuracy)
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

    def _repr_html_(self) -> str | None:
        """Jupyter's display: the summary line above the curves, when matplotlib is there to draw them
        (without it, or before any epoch, Jupyter shows the summary line alone)."""
        if not self.loss:
            return None
        try:  # a Figure of its own, not pyplot's: pyplot would show it a second time below the cell
            from matplotlib.figure import Figure
        except ImportError:
            return None
        figure = Figure(figsize=self._size(), layout="constrained")
        self._draw(figure)
        picture = io.BytesIO()
        figure.savefig(picture, format="png", dpi=72)
        encoded = base64.b64encode(picture.getvalue()).decode("ascii")
        return f'<p><code>{escape(repr(self))}</code></p><img src="data:image/png;base64,{encoded}" alt="{PLOT_ALT}">'


def _display_once(figure: "Figure") -> Callable[[], None]:
    """How Jupyter shows a figure of plot(): as a picture, taken from pyplot first. Jupyter's inline backend
    shows every figure pyplot holds at the cell's end, so ``history.plot()``, shown as the cell's value,
    would appear twice; whichever display comes first (the value, or the backend's for
    ``figure = history.plot()``) shows it, and the backend has nothing left to show."""

    def display_once() -> None:
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        plt.close(figure)
        picture = io.BytesIO()
        figure.savefig(picture, format="png", bbox_inches="tight")
        display(Image(data=picture.getvalue(), format="png"))  # type: ignore[no-untyped-call]  # no hints in IPython

    return display_once


def _gaps(values: list[float | None]) -> list[float]:
    """None (no number that epoch) as NaN, which matplotlib leaves out of the curve, as it does None."""
    return [math.nan if value is None else value for value in values]
