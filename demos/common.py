"""What every lesson shares: its command line (--fast, --out DIR) and saving plots.

matplotlib is optional (the ``plot`` extra) and imported lazily with the Agg backend,
so lessons run on machines without a screen; without it they still print. Imports
the standard library, and matplotlib when a plot is made.
"""
import argparse
from pathlib import Path

from autograd.files import write_atomically

PLOT_HINT = "(no matplotlib, so no pictures: pip install 'chainrule[plot]' inside .venv to get them)"


def lesson_arguments(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """Parse --fast (a quick version, used by the tests) and --out DIR (default out/)."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a quick, smaller run (used by the tests)")
    parser.add_argument("--out", type=lambda text: Path(text).expanduser(), default=Path("out"),
                        help="folder for pictures and files (default: out/)")
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    return arguments


def pyplot():
    """matplotlib.pyplot on the Agg backend (files, no window), or None when it is not installed."""
    try:
        import matplotlib
    except ImportError:
        print(PLOT_HINT)
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot

    return matplotlib.pyplot


def save_figure(figure, folder: Path, name: str) -> Path:
    """Write ``figure`` to folder/name atomically (a half-written PNG never appears), then close it."""
    path = Path(folder) / name
    try:
        write_atomically(path, lambda file: figure.savefig(file, format=path.suffix[1:], dpi=110, bbox_inches="tight"),
                         binary=True)
    finally:
        figure.clf()
        import matplotlib.pyplot

        matplotlib.pyplot.close(figure)
    print(f"wrote {path}")
    return path
