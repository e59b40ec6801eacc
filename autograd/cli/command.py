"""The command line: python -m autograd "tanh(x*w + b)" x=2 w=-3 b=6.88 [--out graph.svg] [--html page.html]

Builds the expression, runs backward, prints values, gradients and the chain rule step by
step, and writes a drawing or an interactive page. Options may stand anywhere among the
name=value pairs. Exit codes: 0 done; 2 for anything typed wrong, an output that cannot be
written included (checked before any work is done); 1 for a math error in the expression
(log(0), ...), or a drawing that dot did not finish within --draw-timeout seconds.

Imports: arguments, files, graph, value, sight, sight.drawing, sight.dot_program, cli.expression.
"""
import argparse
import os
import sys
import tempfile
import unicodedata
from pathlib import Path

from ..arguments import check_count, check_number
from ..files import writable_path
from ..graph import topological_order
from ..sight import explain, explore, render
from ..sight.dot_program import DEFAULT_TIMEOUT, DrawingTimeoutError
from ..sight.drawing import SUFFIXES
from ..value import Value
from .expression import ExpressionError, build, operator_symbols, vocabulary

EXAMPLE = 'python -m autograd "tanh(x*w + b)" x=2 w=-3 b=6.88 --out graph.svg --html page.html'
OPTIONS = ("-h", "--help", "--out", "--html", "--max-nodes", "--draw-timeout", "--")
DRAW_LIMIT, PAGE_LIMIT = 500, 200  # the Values draw() and explore() accept by default


class UsageError(ValueError):
    """Something typed on the command line is not usable (the message says what and why)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 ok, 1 math error, 2 bad input)."""
    try:
        arguments = _expression_first(sys.argv[1:] if argv is None else argv)
        return _run(_parser().parse_intermixed_args(arguments))  # a flag may stand between name=value pairs
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(arguments: argparse.Namespace) -> int:
    try:
        _check_settings(arguments)
        _check_outputs(arguments.out, arguments.html)
        variables = _variables(arguments.values)
        out = build(arguments.expression, variables)
        _check_size(out, arguments)
    except (ExpressionError, UsageError) as error:
        return _fail(error, 2)
    except (ArithmeticError, ValueError) as error:  # the forward pass itself: log(0), overflow, ...
        return _fail(error, 1)
    try:
        if out.parents:
            out.label = _root_name(variables)  # shorter than the whole expression in every dout/dx
        out.backward()
        _report(arguments.expression, out, variables)
        _write_pictures(out, arguments)
    except BrokenPipeError:
        raise  # handled by main: not an error of the expression
    except DrawingTimeoutError as error:
        return _fail(f"drawing took too long; use --html or .dot (--out graph.dot). Graphviz's dot was stopped "
                     f"after {error.timeout:g} s; --draw-timeout SECONDS allows more.", 1)
    except (ArithmeticError, ValueError, OSError) as error:  # a math error in backward, an unwritable file
        return _fail(error, 1)
    return 0


def _root_name(variables: dict[str, float]) -> str:
    """What the result is called: "out", unless a variable already is (then "f", "f1", ...)."""
    for name in ("out", "f", *(f"f{i}" for i in range(1, len(variables) + 2))):
        if name not in variables:
            return name
    return "result"


def _fail(error: Exception | str, code: int) -> int:
    print(f"error: {error}", file=sys.stderr)
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograd", description="Differentiate an expression and show the chain rule.",
        epilog=f"example: {EXAMPLE}   (an expression that starts with '-' works as it is, or after --)")
    words = vocabulary()
    allowed = f"numbers, names, {operator_symbols(words)}, and the functions {' '.join(words.functions)}"
    parser.add_argument("expression", help=allowed.replace("%", "%%"))  # argparse reads % as a format: x % y
    parser.add_argument("values", nargs="*", metavar="name=value", help="a value for every name, e.g. x=2")
    parser.add_argument("--out", help=f"write a drawing of the graph ({', '.join(SUFFIXES)})")
    parser.add_argument("--html", help="write an interactive page that steps through backward (.html)")
    parser.add_argument("--max-nodes", default="2000", metavar="N",
                        help="refuse expressions whose graph has more than N Values (default 2000)")
    parser.add_argument("--draw-timeout", default=str(DEFAULT_TIMEOUT), metavar="SECONDS",
                        help=f"stop Graphviz's dot after SECONDS when drawing --out (default {DEFAULT_TIMEOUT:g})")
    return parser


def _expression_first(argv: list[str]) -> list[str]:
    """"-x**2" is an expression, not an option: a leading space keeps argparse from reading it as one
    (the expression parser ignores the space). A "--" before it says the same, and goes: argparse's
    intermixed parsing mistakes what follows "--" for extra arguments."""
    argv = argv[1:] if argv[:1] == ["--"] else argv
    if argv and argv[0].startswith("-") and argv[0].split("=")[0] not in OPTIONS:
        return [" " + argv[0], *argv[1:]]
    return argv


def _check_settings(arguments: argparse.Namespace) -> None:
    """--max-nodes and --draw-timeout as numbers (argparse reads them as text, so every mistake gets our message)."""
    try:
        arguments.max_nodes = check_count("--max-nodes", _number(arguments.max_nodes, int), 1)
    except (TypeError, ValueError):
        raise UsageError(f"--max-nodes must be a whole number >= 1, such as --max-nodes 500; "
                         f"got {arguments.max_nodes!r}.") from None
    try:
        arguments.draw_timeout = check_number("--draw-timeout", _number(arguments.draw_timeout, float), 0.0,
                                              low_open=True)
    except (TypeError, ValueError):
        raise UsageError(f"--draw-timeout must be a number of seconds > 0, such as --draw-timeout 60; "
                         f"got {arguments.draw_timeout!r}.") from None


def _number(text: str, kind: type[int] | type[float]) -> object:
    try:
        return kind(text)
    except ValueError:
        return text  # not a number: the check says so


def _check_outputs(drawing: str | None, page: str | None) -> None:
    """Each output path: its suffix, then whether a file can be written there at all (tried in its folder)."""
    for path, suffixes, option in ((drawing, SUFFIXES, "--out"), (page, (".html", ".htm"), "--html")):
        if path is None:
            continue
        name = Path(path).name.lower()
        if name in suffixes:  # ".svg": Path reads it as a hidden file's name, with no suffix at all
            raise UsageError(f"{option} {path!r} has no file name before its suffix; write e.g. graph{name}.")
        if not name.endswith(suffixes):
            raise UsageError(f"{option} {path!r}: the file name must end in {', '.join(suffixes)}.")
        try:
            _try_folder(writable_path(path))
        except (TypeError, ValueError, OSError) as error:
            raise UsageError(f"{option}: {error}") from None


def _try_folder(path: Path) -> None:
    """Create (and drop) a nameless temporary file in the nearest existing folder of ``path``: the one honest
    test that a file can be written there (permissions say nothing for root, or on a read-only mount)."""
    folder = next(parent for parent in path.absolute().parents if parent.exists())
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise OSError(error.errno, f"{path} cannot be written: no file can be created in {folder} "
                                   f"({error.strerror or error}). Give a path in a folder you can write.") from None


def _variables(pairs: list[str]) -> dict[str, float]:
    variables: dict[str, float] = {}
    for pair in pairs:
        name, equals, number = pair.partition("=")
        name = unicodedata.normalize("NFKC", name.strip())  # as Python reads names in the expression
        if not equals or not name.isidentifier():
            raise UsageError(f"{pair!r} is not name=value; write e.g. x=2.5.")
        if name in variables:
            raise UsageError(f"{name} is given twice.")
        try:
            value = float(number)
        except ValueError:
            raise UsageError(f"{name}={number!r}: the value must be a number.") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise UsageError(f"{name}={number[:30]!r}: the value must be a finite number (a Value always is).")
        variables[name] = value
    return variables


def _check_size(out: Value, arguments: argparse.Namespace) -> None:
    count = len(topological_order(out))
    limits: list[tuple[int, str]] = [(arguments.max_nodes, "--max-nodes")]
    limits += [(DRAW_LIMIT, "a drawing (--out)")] if arguments.out else []
    limits += [(PAGE_LIMIT, "the page (--html)")] if arguments.html else []
    for limit, what in limits:
        if count > limit:
            raise UsageError(f"the expression's graph has {count} Values, more than {limit} for {what}; "
                             "shorten the expression, or leave the picture out.")


def _report(expression: str, out: Value, variables: dict[str, float]) -> None:
    print(f"{out.label or 'out'} = {expression.strip()} = {out.data:.6g}\n")
    if not variables:
        print("no variables, so nothing to differentiate: give names values, e.g. \"x*x\" x=3.")
        return
    width = max([len(name) for name in variables] + [1])
    leaves = {node.label: node for node in _leaves(out)}
    print(f"gradients d{out.label}/d(name):")
    for name in variables:
        grad = leaves[name].grad if name in leaves else 0.0
        note = "" if name in leaves else "   (not used in the expression)"
        print(f"  {name:<{width}} = {variables[name]:<10.6g} grad {grad:.6g}{note}")
    print("\nbackward, one chain-rule step at a time:")
    print(explain(out))


def _leaves(out: Value) -> list[Value]:
    return [node for node in topological_order(out) if not node.parents and node.label]


def _write_pictures(out: Value, arguments: argparse.Namespace) -> None:
    """The page first: it needs no dot, so a drawing that takes too long cannot cost it."""
    if arguments.html or arguments.out:
        print()
    if arguments.html:
        print(f"wrote {explore(out, arguments.html)}")
    if arguments.out:
        print(f"wrote {render(out, arguments.out, timeout=arguments.draw_timeout)}")
