"""The command line: python -m autograd "tanh(x*w + b)" x=2 w=-3 b=6.88 [--out graph.svg] [--html page.html]

Builds the expression, runs backward, prints values, gradients and the chain rule
step by step, and writes a drawing or an interactive page.

Imports: graph, sight, cli.expression.
"""
import argparse
import sys

from ..graph import topological_order
from ..sight import explain, explore, render
from .expression import FUNCTIONS, ExpressionError, build

EXAMPLE = 'python -m autograd "tanh(x*w + b)" x=2 w=-3 b=6.88 --out graph.svg --html page.html'


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code (0 ok, 1 math error, 2 bad input)."""
    arguments = _parser().parse_args(argv)
    try:
        variables = _variables(arguments.values)
        out = build(arguments.expression, variables)
        if out.parents:
            out.label = "out"  # shorter than the whole expression in every dout/dx
        out.backward()
        _report(arguments.expression, out, variables)
        _write_pictures(out, arguments.out, arguments.html)
    except ExpressionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (ArithmeticError, ValueError, OSError) as error:  # math domain, too-large graph, unwritable file
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograd", description="Differentiate an expression and show the chain rule.",
        epilog=f"example: {EXAMPLE}")
    parser.add_argument("expression", help=f"numbers, names, + - * / **, and the functions {' '.join(FUNCTIONS)}")
    parser.add_argument("values", nargs="*", metavar="name=value", help="a value for every name, e.g. x=2")
    parser.add_argument("--out", help="write a drawing of the graph (.svg, .png, .pdf or .dot)")
    parser.add_argument("--html", help="write an interactive page that steps through backward")
    return parser


def _variables(pairs: list[str]) -> dict[str, float]:
    variables = {}
    for pair in pairs:
        name, equals, number = pair.partition("=")
        if not equals or not name.isidentifier():
            raise ExpressionError(f"{pair!r} is not name=value; write e.g. x=2.5.")
        if name in variables:
            raise ExpressionError(f"{name} is given twice.")
        try:
            variables[name] = float(number)
        except ValueError:
            raise ExpressionError(f"{name}={number!r}: the value must be a number.") from None
    return variables


def _report(expression: str, out, variables: dict) -> None:
    print(f"{out.label} = {expression} = {out.data:.6g}\n")
    width = max([len(name) for name in variables] + [1])
    leaves = {node.label: node for node in _leaves(out)}
    print(f"gradients d{out.label}/d(name):")
    for name in variables:
        grad = leaves[name].grad if name in leaves else 0.0
        note = "" if name in leaves else "   (not used in the expression)"
        print(f"  {name:<{width}} = {variables[name]:<10.6g} grad {grad:.6g}{note}")
    print("\nbackward, one chain-rule step at a time:")
    print(explain(out))


def _leaves(out) -> list:
    return [node for node in topological_order(out) if not node.parents and node.label]


def _write_pictures(out, drawing: str | None, page: str | None) -> None:
    if drawing:
        print(f"\nwrote {render(out, drawing)}")
    if page:
        print(f"wrote {explore(out, page)}")
