"""A one-line progress bar for training loops, shown only on a terminal.

Imports: the standard library only.
"""
import sys
import time


class ProgressBar:
    """``epoch  12/100 |#####-----| loss 0.3412  acc 91.0%  1.2s``, redrawn in place.

    enabled=None shows it only when the stream is a terminal, so CI logs and pipes
    stay clean; redraws are limited to ten a second, plus the last one.
    """

    def __init__(self, total: int, enabled: bool | None = None, stream=None, width: int = 24) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else bool(enabled)
        self.total, self.width = total, width
        self.started = self.last_drawn = time.perf_counter()

    def update(self, done: int, loss: float, accuracy: float | None = None) -> None:
        now = time.perf_counter()
        if not self.enabled or (now - self.last_drawn < 0.1 and done < self.total):
            return
        self.last_drawn = now
        filled = round(self.width * done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        shown = f"  acc {accuracy:6.1%}" if accuracy is not None else ""
        self.stream.write(f"\repoch {done:>{len(str(self.total))}}/{self.total} |{bar}| "
                          f"loss {loss:.4f}{shown}  {now - self.started:.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
