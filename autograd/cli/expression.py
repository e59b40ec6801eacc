"""Typed expressions such as "tanh(x*w + b)" turned into Value graphs, safely.

The text is parsed by Python's ast module and only a whitelist of node kinds is
walked: numbers, names given values, + - * / **, and the op functions. Nothing is
ever passed to eval.

Imports: value.
"""
import ast
import numbers

from ..value import Value

# name -> (how many arguments it takes, the Value method that applies it)
FUNCTIONS = {
    "exp": ((1,), Value.exp), "log": ((1,), Value.log), "tanh": ((1,), Value.tanh), "sigmoid": ((1,), Value.sigmoid),
    "relu": ((1,), Value.relu), "leaky_relu": ((1, 2), Value.leaky_relu), "sqrt": ((1,), Value.sqrt),
    "abs": ((1,), Value.abs), "softplus": ((1,), Value.softplus), "sin": ((1,), Value.sin), "cos": ((1,), Value.cos),
    "max": ((2,), Value.maximum), "clamp": ((3,), Value.clamp),
}
OPERATORS = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.Div: "__truediv__", ast.Pow: "__pow__"}
MAX_LENGTH = 2000


class ExpressionError(ValueError):
    """The text is not an expression this calculator accepts (the message says why)."""


def build(text: str, variables: dict[str, float]) -> Value:
    """The Value graph of ``text``; each name becomes one leaf, labelled by its name.

    Sub-expressions are labelled with their own text (e.g. "x*w"), so drawings and
    explanations can name every node.
    """
    tree = _parse(text)
    leaves = {name: Value(number, label=name) for name, number in variables.items()}
    for name in leaves:
        if name in FUNCTIONS:
            raise ExpressionError(f"{name!r} is a function name; call the variable something else.")
    try:
        return _Builder(leaves).visit(tree.body)
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply; split it into smaller parts.") from None


def _parse(text: str) -> ast.Expression:
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("give an expression, e.g. \"tanh(x*w + b)\".")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is {len(text)} characters long; the limit is {MAX_LENGTH}.")
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"cannot read {text!r}: {error.msg} (column {error.offset}).") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply to read.") from None


class _Builder(ast.NodeVisitor):
    """Walks the whitelisted node kinds; any other kind is refused by generic_visit."""

    def __init__(self, leaves: dict[str, Value]) -> None:
        self.leaves = leaves

    def generic_visit(self, node: ast.AST):
        raise ExpressionError(f"{_describe(node)} is not allowed here; use numbers, variable names, "
                              f"+ - * / ** and the functions {', '.join(FUNCTIONS)}.")

    def visit_Constant(self, node: ast.Constant) -> float:
        if isinstance(node.value, bool) or not isinstance(node.value, numbers.Real):
            raise ExpressionError(f"{node.value!r} is not a number; only numbers can appear in an expression.")
        return float(node.value)

    def visit_Name(self, node: ast.Name) -> Value:
        if node.id not in self.leaves:
            hint = f"call it: {node.id}(...)" if node.id in FUNCTIONS else f"give it a value: {node.id}=1.5"
            raise ExpressionError(f"unknown name {node.id!r}; {hint}.")
        return self.leaves[node.id]

    def visit_BinOp(self, node: ast.BinOp) -> Value:
        method = OPERATORS.get(type(node.op))
        if method is None:
            raise ExpressionError(f"the operator in {ast.unparse(node)!r} is not allowed; use + - * / **.")
        left, right = self.visit(node.left), self.visit(node.right)
        result = getattr(Value(left) if not isinstance(left, Value) else left, method)(right)
        return _labelled(result, node)

    def visit_UnaryOp(self, node: ast.UnaryOp):
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if not isinstance(node.op, ast.USub):
            raise ExpressionError(f"{ast.unparse(node)!r}: only unary + and - are allowed.")
        return -operand if not isinstance(operand, Value) else _labelled(-operand, node)

    def visit_Call(self, node: ast.Call) -> Value:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS or node.keywords:
            called = repr(name) if name else _describe(node.func)
            raise ExpressionError(f"only the functions {', '.join(FUNCTIONS)} can be called, with plain "
                                  f"arguments; got a call of {called}.")
        arities, method = FUNCTIONS[name]
        if len(node.args) not in arities:
            wanted = " or ".join(str(arity) for arity in arities)
            raise ExpressionError(f"{name} takes {wanted} argument(s); got {len(node.args)} in {ast.unparse(node)!r}.")
        first, *rest = [self.visit(argument) for argument in node.args]
        if name == "leaky_relu" and rest and isinstance(rest[0], Value):
            raise ExpressionError(f"leaky_relu's slope must be a number, as in leaky_relu(x, 0.2); "
                                  f"got {ast.unparse(node)!r}.")
        return _labelled(method(first if isinstance(first, Value) else Value(first), *rest), node)


def _labelled(value: Value, node: ast.AST) -> Value:
    text = ast.unparse(node).replace(" ", "")
    value.label = text if len(text) <= 24 else ""
    return value


def _describe(node: ast.AST) -> str:
    kinds = {ast.Attribute: "attribute access (a.b)", ast.Lambda: "a lambda", ast.Subscript: "indexing (a[i])",
             ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.IfExp: "an if-expression"}
    return kinds.get(type(node), f"{type(node).__name__} ({ast.unparse(node)!r})")
