"""Typed expressions such as "tanh(x*w + b)" turned into Value graphs, safely.

The text is parsed by Python's ast module and only a whitelist of node kinds is walked:
numbers, names given values, + - * / **, and the op functions. Nothing is ever passed to
eval. The walk is iterative (an explicit stack), so a long flat sum is no deeper than a short one.

Imports: value.
"""
import ast
import math
import numbers
from collections.abc import Callable

from ..value import Value, constant

# name -> (how many arguments it takes, the Value method that applies it): the methods take 1 to 3 arguments
FUNCTIONS: dict[str, tuple[tuple[int, ...], Callable[..., Value]]] = {
    "exp": ((1,), Value.exp), "log": ((1,), Value.log), "tanh": ((1,), Value.tanh), "sigmoid": ((1,), Value.sigmoid),
    "relu": ((1,), Value.relu), "leaky_relu": ((1, 2), Value.leaky_relu), "sqrt": ((1,), Value.sqrt),
    "abs": ((1,), Value.abs), "softplus": ((1,), Value.softplus), "sin": ((1,), Value.sin), "cos": ((1,), Value.cos),
    "max": ((2,), Value.maximum), "clamp": ((3,), Value.clamp),
}
OPERATORS = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.Div: "__truediv__", ast.Pow: "__pow__"}
MAX_LENGTH = 2000
LABEL_LENGTH = 24  # sub-expressions up to this long are labelled with their own text


class ExpressionError(ValueError):
    """The text is not an expression this calculator accepts (the message says why)."""


def build(text: str, variables: dict[str, float]) -> Value:
    """The Value graph of ``text``; each name becomes one leaf, labelled by its name.

    Sub-expressions are labelled with their own text (e.g. "x*w"), so drawings and
    explanations can name every node. Numbers in the text are constants.
    """
    tree = _parse(text)
    for name in variables:
        if name in FUNCTIONS:
            raise ExpressionError(f"{name!r} is a function name; call the variable something else.")
    leaves = {name: Value(number, label=name) for name, number in variables.items()}
    result = _Builder(leaves, text.strip()).build(tree.body)
    return result if isinstance(result, Value) else constant(result)


def _parse(text: str) -> ast.Expression:
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("give an expression, e.g. \"tanh(x*w + b)\".")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}.")
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"cannot read {text.strip()[:60]!r}: {error.msg} (column {error.offset}).") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply to read.") from None


class _Builder:
    """Evaluates the whitelisted node kinds children first, with an explicit stack."""

    def __init__(self, leaves: dict[str, Value], text: str) -> None:
        self.leaves, self.text = leaves, text

    def build(self, root: ast.expr) -> Value | float:
        done: dict[int, Value | float] = {}
        stack: list[tuple[ast.expr, bool]] = [(root, False)]
        while stack:
            node, children_done = stack.pop()
            if children_done:
                done[id(node)] = self._combine(node, [done[id(child)] for child in self._operands(node)])
            else:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(self._operands(node)))
        return done[id(root)]

    def _combine(self, node: ast.expr, operands: list[Value | float]) -> Value | float:
        if isinstance(node, ast.Constant):
            return _number(node.value)
        if isinstance(node, ast.Name):
            return self._leaf(node.id)
        if isinstance(node, ast.UnaryOp):
            operand = operands[0]
            if isinstance(node.op, ast.UAdd):
                return operand
            return -operand if not isinstance(operand, Value) else self._labelled(-operand, node)
        if isinstance(node, ast.BinOp):
            left, right = operands
            return self._labelled(getattr(_as_value(left), OPERATORS[type(node.op)])(right), node)
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)  # _operands let nothing else by
        first, *rest = operands
        if node.func.id == "leaky_relu" and rest and isinstance(rest[0], Value):
            raise ExpressionError(f"leaky_relu's slope must be a number, as in leaky_relu(x, 0.2); got "
                                  f"{self._source(node)!r}.")
        return self._labelled(FUNCTIONS[node.func.id][1](_as_value(first), *rest), node)

    def _leaf(self, name: str) -> Value:
        if name not in self.leaves:
            hint = f"call it: {name}(...)" if name in FUNCTIONS else f"give it a value: {name}=1.5"
            raise ExpressionError(f"unknown name {name!r}; {hint}.")
        return self.leaves[name]

    def _labelled(self, value: Value, node: ast.expr) -> Value:
        one_line = node.lineno == node.end_lineno and (node.end_col_offset or 0) - node.col_offset <= 3 * LABEL_LENGTH
        text = self._source(node).replace(" ", "") if one_line else ""
        value.label = text if len(text) <= LABEL_LENGTH else ""
        return value

    def _source(self, node: ast.AST, limit: int = 60) -> str:
        """The node's own text (shortened): never ast.unparse, which recurses as deep as the node."""
        text = ast.get_source_segment(self.text, node) or type(node).__name__
        return text if len(text) <= limit else text[: limit - 3] + "..."

    def _operands(self, node: ast.expr) -> list[ast.expr]:
        """The children to evaluate first; a node kind outside the whitelist is refused here."""
        if isinstance(node, (ast.Constant, ast.Name)):
            return []
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.UAdd, ast.USub)):
                raise ExpressionError(f"{self._source(node)!r}: only unary + and - are allowed.")
            return [node.operand]
        if isinstance(node, ast.BinOp):
            if type(node.op) not in OPERATORS:
                raise ExpressionError(f"the operator in {self._source(node)!r} is not allowed; use + - * / **.")
            return [node.left, node.right]
        if isinstance(node, ast.Call):
            return self._checked_call(node)
        raise ExpressionError(f"{_KINDS.get(type(node), type(node).__name__)} ({self._source(node)!r}) is not "
                              f"allowed here; use numbers, variable names, + - * / ** and the functions "
                              f"{', '.join(FUNCTIONS)}.")

    def _checked_call(self, node: ast.Call) -> list[ast.expr]:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            called = repr(name) if name else self._source(node.func)
            raise ExpressionError(f"only the functions {', '.join(FUNCTIONS)} can be called, with plain "
                                  f"arguments; got a call of {called}.")
        arities = FUNCTIONS[name][0]
        if len(node.args) not in arities:
            wanted = " or ".join(str(arity) for arity in arities)
            raise ExpressionError(f"{name} takes {wanted} argument(s); got {len(node.args)} in "
                                  f"{self._source(node)!r}.")
        return list(node.args)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ExpressionError(f"{value!r} is not a number; only numbers can appear in an expression.")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        digits = f"a number of {len(str(value))} digits" if isinstance(value, int) else repr(value)
        raise ExpressionError(f"{digits} is beyond the float range (about 1.8e308); a Value is always finite.")
    return number


def _as_value(operand: Value | float) -> Value:
    return operand if isinstance(operand, Value) else constant(operand)


_KINDS = {ast.Attribute: "attribute access (a.b)", ast.Lambda: "a lambda", ast.Subscript: "indexing (a[i])",
          ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.IfExp: "an if-expression"}
