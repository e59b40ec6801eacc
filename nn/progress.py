"""fit()'s progress: tqdm's bar redrawn in place on a terminal, one display updated in place in a
notebook, nothing at all in pipes and CI logs.

tqdm draws, times and throttles the bar everywhere. In a notebook it writes into one IPython
display (``NotebookLine``) instead of stderr: tqdm.auto's own notebook bar needs ipywidgets and
otherwise falls back to stderr, where every redraw becomes a separate output (224 for 200 updates,
measured), and its saved output stays at "0%" wherever the widget's JavaScript does not run
(GitHub, a docs page). A display updated in place keeps one output whose text is the final bar.

Imports: tqdm (when a bar is shown), IPython (in a notebook).
"""
import sys
from typing import Protocol, TextIO

BAR_FORMAT = "epoch {n_fmt}/{total_fmt} |{bar:24}| {desc}  {elapsed}"


class Bar(Protocol):
    """The part of tqdm's bar used here (tqdm ships no type hints)."""

    n: int  # the count drawn so far

    def set_description_str(self, desc: str, refresh: bool = True) -> None: ...

    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


class ProgressBar:
    """``epoch 12/100 |#####     | loss 0.3412  acc 91.0%  00:01``, redrawn in place.

    enabled=None shows it in a notebook, and elsewhere only when the stream is a terminal, so CI
    logs and pipes stay clean; True and False force it on or off. Redraws are limited to ten a
    second (tqdm's mininterval), plus the last one.
    """

    def __init__(self, total: int, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        stream = stream if stream is not None else sys.stderr
        notebook = in_notebook()
        self.enabled = (notebook or is_terminal(stream)) if enabled is None else bool(enabled)
        self.bar: Bar | None = None
        if self.enabled:
            from tqdm import tqdm  # type: ignore[import-untyped]  # tqdm ships no type hints

            self.bar = tqdm(total=total, file=NotebookLine() if notebook else stream, bar_format=BAR_FORMAT,
                            mininterval=0.1, leave=True, disable=False)

    def update(self, done: int, loss: float, accuracy: float | None = None) -> None:
        """Epoch ``done`` of the total has finished with this mean loss (and accuracy, when defined)."""
        if self.bar is None:
            return
        shown = f"  acc {accuracy:.1%}" if accuracy is not None else ""
        self.bar.set_description_str(f"loss {loss:.4f}{shown}", refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class NotebookLine:
    """A file for tqdm that shows what it writes as one display in a notebook, replaced at every write
    (tqdm writes ``"\\r" + bar``), so a whole run leaves a single output: its last line."""

    encoding = "utf-8"  # tells tqdm it may draw the bar with Unicode blocks

    def __init__(self) -> None:
        from IPython.display import display

        blank = {"text/plain": ""}
        self.handle = display(blank, raw=True, display_id=True)  # type: ignore[no-untyped-call]  # IPython has no hints

    def write(self, text: str) -> None:
        line = text.rsplit("\r", 1)[-1].rstrip()
        if line:
            self.handle.update({"text/plain": line}, raw=True)

    def flush(self) -> None:
        pass


def in_notebook() -> bool:
    """True inside a Jupyter kernel (Jupyter, JupyterLab, VS Code, Colab), where output is a display."""
    ipython = sys.modules.get("IPython")  # never imported here: a kernel has imported it already
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
