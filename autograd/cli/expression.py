"""Typed expressions such as "tanh(x*w + b)" turned into Value graphs, safely.

The text is parsed by Python's ast module and only a whitelist of node kinds is walked:
numbers, names given values, the operators and the functions of the rules in ``autograd.ops.RULES``.
Nothing is ever passed to eval. The walk is iterative (an explicit stack), so a long flat sum is no
deeper than a short one.

Imports: ops, rule, value.
"""
import ast
import difflib
import math
import numbers
from collections.abc import Callable
from typing import NamedTuple

from .. import ops
from ..rule import Rule
from ..value import Value, constant

# Python's operators by the symbol a rule states for itself (Rule.symbol): a rule with one of these is typed
# with it (x * y, -x); every other rule of fixed arity is called by its name.
BINARY_SYMBOLS: dict[type[ast.operator], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//",
    ast.MatMult: "@",
}
UNARY_SYMBOLS: dict[type[ast.unaryop], str] = {ast.USub: "-"}  # unary + changes nothing, so it needs no rule
MAX_LENGTH = 2000
LABEL_LENGTH = 24  # sub-expressions up to this long are labelled with their own text


class ExpressionError(ValueError):
    """The text is not an expression this calculator accepts (the message says why)."""


class Vocabulary(NamedTuple):
    """What an expression may use, read from the rules (so a rule added to RULES can be typed at once)."""

    operators: dict[tuple[str, int], Rule]  # (symbol, number of operands) -> rule: ("*", 2), ("-", 1)
    functions: dict[str, Rule]  # each name and alias -> rule: "max" and "maximum", "tanh", "leaky_relu"


def vocabulary() -> Vocabulary:
    """The operators and functions of the rules in autograd.ops.RULES. A rule of any arity (linear, sum,
    max_of) is left out: how many inputs it takes, and which is which, is not something a call can say."""
    typed = {(symbol, 2) for symbol in BINARY_SYMBOLS.values()} | {(symbol, 1) for symbol in UNARY_SYMBOLS.values()}
    operators: dict[tuple[str, int], Rule] = {}
    functions: dict[str, Rule] = {}
    for rule in ops.RULES.values():
        if (rule.symbol, rule.arity) in typed:
            operators[rule.symbol, rule.arity] = rule
        elif rule.arity:
            functions.update(dict.fromkeys((rule.name, *rule.aliases), rule))
    return Vocabulary(operators, functions)


def operator_symbols(words: Vocabulary) -> str:
    """The binary operators as the help text lists them: "+ - * / **"."""
    return " ".join(symbol for symbol, count in words.operators if count == 2)


def build(text: str, variables: dict[str, float]) -> Value:
    """The Value graph of ``text``; each name becomes one leaf, labelled by its name.

    Sub-expressions are labelled with their own text (e.g. "x*w"), so drawings and
    explanations can name every node. Numbers in the text are constants.
    """
    tree, words = _parse(text), vocabulary()
    for name in variables:
        if name in words.functions:
            raise ExpressionError(f"{name!r} is a function name; call the variable something else.")
    leaves = {name: Value(number, label=name) for name, number in variables.items()}
    result = _Builder(leaves, text.strip(), words).build(tree.body)
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

    def __init__(self, leaves: dict[str, Value], text: str, words: Vocabulary) -> None:
        self.leaves, self.text, self.words = leaves, text, words

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
            if not isinstance(operand, Value):
                return -operand  # -2 is a number, not a node
            return self._labelled(self.words.operators[UNARY_SYMBOLS[type(node.op)], 1](operand), node)
        if isinstance(node, ast.BinOp):
            return self._labelled(self.words.operators[BINARY_SYMBOLS[type(node.op)], 2](*operands), node)
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)  # _operands let nothing else by
        return self._labelled(self._call(node.func.id, node, operands), node)

    def _call(self, name: str, node: ast.Call, operands: list[Value | float]) -> Value:
        """The rule on its inputs; numbers after them are its settings, as in leaky_relu(x, 0.2)."""
        rule = self.words.functions[name]
        inputs, settings = operands[:rule.arity], operands[rule.arity:]
        if any(isinstance(setting, Value) for setting in settings):
            example = ", ".join(["x"] * rule.arity + [f"{getattr(rule, setting):g}" for setting in rule.settings])
            raise ExpressionError(f"{name}'s {' and '.join(rule.settings[:len(settings)])} must be a number, as in "
                                  f"{name}({example}); got {self._source(node)!r}.")
        if settings:
            make: Callable[..., Rule] = type(rule)  # a rule's class takes its settings, in order (Rule.settings)
            rule = make(*settings)
        return rule(*inputs)

    def _leaf(self, name: str) -> Value:
        if name not in self.leaves:
            hint = f"call it: {name}(...)" if name in self.words.functions else f"give it a value: {name}=1.5"
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
            typed = isinstance(node.op, ast.UAdd) or (UNARY_SYMBOLS.get(type(node.op), ""), 1) in self.words.operators
            if not typed:
                raise ExpressionError(f"{self._source(node)!r}: only unary + and - are allowed.")
            return [node.operand]
        if isinstance(node, ast.BinOp):
            if (BINARY_SYMBOLS.get(type(node.op), ""), 2) not in self.words.operators:
                raise ExpressionError(f"the operator in {self._source(node)!r} is not allowed; use "
                                      f"{operator_symbols(self.words)}.")
            return [node.left, node.right]
        if isinstance(node, ast.Call):
            return self._checked_call(node)
        raise ExpressionError(f"{_KINDS.get(type(node), type(node).__name__)} ({self._source(node)!r}) is not "
                              f"allowed here; use numbers, variable names, {operator_symbols(self.words)} and the "
                              f"functions {', '.join(self.words.functions)}.")

    def _checked_call(self, node: ast.Call) -> list[ast.expr]:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in self.words.functions or node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise ExpressionError(f"only the functions {', '.join(self.words.functions)} can be called, with plain "
                                  f"arguments; got a call of {self._called(name, node)}.")
        rule = self.words.functions[name]
        counts = range(rule.arity, rule.arity + len(rule.settings) + 1)  # the inputs, then any of the settings
        if len(node.args) not in counts:
            wanted = " or ".join(str(count) for count in counts)
            raise ExpressionError(f"{name} takes {wanted} argument(s); got {len(node.args)} in "
                                  f"{self._source(node)!r}.")
        return list(node.args)


    def _called(self, name: str | None, node: ast.Call) -> str:
        """What was called, and what was likely meant: an op typed with its symbol, or a function of a close name."""
        if name is None:
            return self._source(node.func)
        if name in self.words.functions:  # called with keywords or *arguments
            return repr(name)
        for (symbol, count), rule in self.words.operators.items():
            if name in (rule.name, *rule.aliases):
                written = f"{symbol}x" if count == 1 else f"x {symbol} y"
                return f"{name!r} (it is an operator: write {written})"
        close = difflib.get_close_matches(name, self.words.functions, n=1)
        return f"{name!r} (did you mean {close[0]}?)" if close else repr(name)


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


_KINDS = {ast.Attribute: "attribute access (a.b)", ast.Lambda: "a lambda", ast.Subscript: "indexing (a[i])",
          ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.IfExp: "an if-expression"}
