"""The command line: python -m autograd "tanh(x*w + b)" x=2 w=-3 b=6.88 [--out graph.svg] [--html page.html]

Builds the expression, runs backward, prints values, gradients and the chain rule step by
step, and writes a drawing or an interactive page. Exit codes: 0 done; 2 for anything typed
wrong (checked before any work is done); 1 for a math error in the expression (log(0), ...).

Imports: files, graph, value, sight, sight.drawing, cli.expression.
"""
import argparse
import os
import sys
import unicodedata

from ..files import writable_path
from ..graph import topological_order
from ..sight import explain, explore, render
from ..sight.drawing import SUFFIXES
from ..value import Value
from .expression import ExpressionError, build, operator_symbols, vocabulary

EXAMPLE = 'python -m autograd "tanh(x*w + b)" x=2 w=-3 b=6.88 --out graph.svg --html page.html'
OPTIONS = ("-h", "--help", "--out", "--html", "--max-nodes", "--")
DRAW_LIMIT, PAGE_LIMIT = 500, 200  # the Values draw() and explore() accept by default


class UsageError(ValueError):
    """Something typed on the command line is not usable (the message says what and why)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 ok, 1 math error, 2 bad input)."""
    try:
        return _run(_parser().parse_args(_expression_first(sys.argv[1:] if argv is None else argv)))
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(arguments: argparse.Namespace) -> int:
    try:
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
        _write_pictures(out, arguments.out, arguments.html)
    except BrokenPipeError:
        raise  # handled by main: not an error of the expression
    except (ArithmeticError, ValueError, OSError) as error:  # a math error in backward, an unwritable file
        return _fail(error, 1)
    return 0


def _root_name(variables: dict[str, float]) -> str:
    """What the result is called: "out", unless a variable already is (then "f", "f1", ...)."""
    for name in ("out", "f", *(f"f{i}" for i in range(1, len(variables) + 2))):
        if name not in variables:
            return name
    return "result"


def _fail(error: Exception, code: int) -> int:
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
    parser.add_argument("--max-nodes", type=int, default=2000, metavar="N",
                        help="refuse expressions whose graph has more than N Values (default 2000)")
    return parser


def _expression_first(argv: list[str]) -> list[str]:
    """"-x**2" is an expression, not an option: a leading space keeps argparse from reading it as one
    (the expression parser ignores the space)."""
    if argv and argv[0].startswith("-") and argv[0].split("=")[0] not in OPTIONS:
        return [" " + argv[0], *argv[1:]]
    return argv


def _check_outputs(drawing: str | None, page: str | None) -> None:
    for path, suffixes, option in ((drawing, SUFFIXES, "--out"), (page, (".html", ".htm"), "--html")):
        if path is None:
            continue
        if not path.lower().endswith(suffixes):
            raise UsageError(f"{option} {path!r}: the file name must end in {', '.join(suffixes)}.")
        try:
            writable_path(path)
        except (TypeError, ValueError, OSError) as error:
            raise UsageError(f"{option}: {error}") from None


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
    limits = [(arguments.max_nodes, "--max-nodes")]
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


def _write_pictures(out: Value, drawing: str | None, page: str | None) -> None:
    if drawing:
        print(f"\nwrote {render(out, drawing)}")
    if page:
        print(f"wrote {explore(out, page)}")
