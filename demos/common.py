"""What every lesson shares: its command line (--fast, --out DIR), saving plots, and showing pictures
inline when the lesson runs as a notebook.

matplotlib is optional (the ``plot`` extra) and imported lazily with the Agg backend,
so lessons run on machines without a screen; without it they still print. Imports
the standard library, and matplotlib when a plot is made (IPython in a notebook).
"""
import argparse
import sys
from pathlib import Path

from autograd.files import write_atomically

PLOT_HINT = "(no matplotlib, so no pictures: pip install 'chainrule[plot]' inside .venv to get them)"


def lesson_arguments(doc: str | None, argv: list[str] | None) -> argparse.Namespace:
    """Parse --fast (a quick version, used by the tests) and --out DIR (default out/).

    In a notebook ``main()`` takes no command line: the kernel's own arguments are not the lesson's."""
    if argv is None and in_notebook():
        argv = []
    parser = argparse.ArgumentParser(description=(doc or "A chainrule lesson.").strip().splitlines()[0])
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
    """Write ``figure`` to folder/name atomically (a half-written PNG never appears), then close it;
    in a notebook, show the picture below the cell too."""
    path = Path(folder) / name
    try:
        write_atomically(path, lambda file: figure.savefig(file, format=path.suffix[1:], dpi=110, bbox_inches="tight"),
                         binary=True)
    finally:
        figure.clf()
        import matplotlib.pyplot

        matplotlib.pyplot.close(figure)
    print(f"wrote {path}")
    show_picture(path)
    return path


def show_picture(path: Path) -> None:
    """In a notebook, show the PNG or SVG file at ``path`` below the cell; elsewhere do nothing."""
    if not in_notebook():
        return
    from IPython.display import SVG, Image, display

    display(SVG(filename=str(path)) if Path(path).suffix == ".svg" else Image(filename=str(path)))


def in_notebook() -> bool:
    """True inside a Jupyter kernel (Jupyter, VS Code, Colab); the lesson runs as a notebook there."""
    ipython = sys.modules.get("IPython")  # never imported here: a kernel has imported it already
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None
