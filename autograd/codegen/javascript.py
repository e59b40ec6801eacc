"""Rules written out as JavaScript, and the page's engine: ``to_javascript(rules=None)``.

The script defines ``globalThis.chainruleRules = {name: {arity, forward(...inputs), localGrads(...inputs, out)}}``
with every rule written from its Python source (the inputs in the same order), then the engine
(assets/engine.js: a small Value class, the topological order and the backward loop of graph.chain_rule),
as ``globalThis.chainruleEngine`` (``window.chainrule`` is left to the page that uses it). No imports, no
network: a page can inline it.

A rule of any arity (linear, sum, max_of) is written for each input count it may get: ``arities`` says which
(default: linear for 1 to 16 inputs per neuron, sum and max_of for 2 to 16 inputs); called with another
count in the page, it throws an Error saying how to include it. ``rules[name].at(count)`` gives the
{forward, localGrads} written for that count, to call directly in a hot loop.

Imports: rule, ops, codegen.listing, codegen.symbols.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from importlib import resources

from ..rule import Rule
from .listing import Argument, Listing, Step, listings
from .symbols import CodegenError

INFIX = {"+": "+", "-": "-", "*": "*", "/": "/"}
COMPARISONS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "==="}
FUNCTIONS = {  # m's primitives that are one function of JavaScript's Math
    "exp": "Math.exp", "expm1": "Math.expm1", "log": "Math.log", "log2": "Math.log2", "log10": "Math.log10",
    "log1p": "Math.log1p", "sqrt": "Math.sqrt", "sin": "Math.sin", "cos": "Math.cos", "tan": "Math.tan",
    "arcsin": "Math.asin", "arccos": "Math.acos", "arctan": "Math.atan", "sinh": "Math.sinh", "cosh": "Math.cosh",
    "tanh": "Math.tanh", "arcsinh": "Math.asinh", "arccosh": "Math.acosh", "arctanh": "Math.atanh",
    "abs": "Math.abs", "floor": "Math.floor", "pow": "Math.pow", "arctan2": "Math.atan2", "hypot": "Math.hypot",
}
DEFAULT_ARITIES = {"linear": range(3, 34, 2), "sum": range(2, 17), "max_of": range(2, 17)}


def to_javascript(rules: Iterable[Rule] | None = None, arities: Mapping[str, Iterable[int]] | None = None) -> str:
    """One self-contained script: ``globalThis.chainruleRules`` written from ``rules`` (None: every built-in
    rule) and the engine, ``globalThis.chainruleEngine`` (Value, apply, backward, chainRule)."""
    from ..ops import RULES

    chosen = list(RULES.values()) if rules is None else _checked_rules(rules)
    counts = {**DEFAULT_ARITIES, **(arities or {})}
    entries = [_entry(rule, counts.get(rule.name, ())) for rule in chosen]
    engine = resources.files("autograd.codegen").joinpath("assets/engine.js").read_text(encoding="utf-8")
    header = ("// chainrule's engine, written by autograd.to_javascript() from the rules' Python source: every\n"
              "// forward and local derivative below is generated; engine.js after it holds no calculus.\n")
    rules_script = "(function (root) {\n  \"use strict\";\n  var rules = {};\n" + "".join(entries) + (
        "  root.chainruleRules = rules;\n}(globalThis));\n")
    return header + rules_script + engine


def _checked_rules(rules: Iterable[Rule]) -> list[Rule]:
    chosen = list(rules)
    for rule in chosen:
        if not isinstance(rule, Rule):
            raise TypeError(f"to_javascript takes Rules (autograd.ops.RULES.values(), or your own Rule subclasses' "
                            f"instances); got {type(rule).__name__} {rule!r}.")
    names = [rule.name for rule in chosen]
    if len(set(names)) != len(names):
        raise ValueError(f"to_javascript got two rules of the same name among {names}: a page looks rules up by name.")
    return chosen


def _entry(rule: Rule, counts: Iterable[int]) -> str:
    """rules[name] = {arity, forward, localGrads}: fixed arity written once, any arity once per count."""
    name = json.dumps(rule.name)
    if rule.arity:
        forward, local = listings(rule, rule.arity)
        return (f"  rules[{name}] = {{arity: {rule.arity},\n    forward: {render(forward)},\n"
                f"    localGrads: {render(local, several=True)}}};\n")
    variants = []
    for count in sorted(set(counts)):
        forward, local = listings(rule, count)
        variants.append(f"    {count}: [{render(forward)},\n      {render(local, several=True)}]")
    table = "{\n" + ",\n".join(variants) + "}"
    return (f"  rules[{name}] = (function (byCount) {{\n"
            f"    function pick(count) {{\n"
            f"      if (!byCount[count]) throw new Error(\"rule \" + {name} + \" was written for \" +\n"
            f"        Object.keys(byCount).join(\", \") + \" inputs, not \" + count +\n"
            f"        \": pass arities={{\" + {name} + \": [...]}} to autograd.to_javascript\");\n"
            f"      return byCount[count];\n    }}\n"
            f"    return {{arity: 0,\n"
            f"      forward: function () {{ return pick(arguments.length)[0].apply(null, arguments); }},\n"
            f"      localGrads: function () {{ return pick(arguments.length - 1)[1].apply(null, arguments); }},\n"
            f"      at: function (count) {{\n"
            f"        var pair = pick(count);\n        return {{forward: pair[0], localGrads: pair[1]}};\n      }}}};\n"
            f"  }}({table}));\n")


def render(listing: Listing, several: bool = False) -> str:
    """function (a0, a1, ...) { var t0 = ...; ...; return ...; }: one result, or an array of ``several``."""
    body = "".join(f"var {step.target} = {_expression(step)}; " for step in listing.steps)
    results = [_argument(result) for result in listing.results]
    returned = f"[{', '.join(results)}]" if several else results[0]
    return f"function ({', '.join(listing.parameters)}) {{ {body}return {returned}; }}"


def _expression(step: Step) -> str:
    a = [_argument(argument) for argument in step.arguments]
    if step.op in INFIX:
        return f"{a[0]} {INFIX[step.op]} {a[1]}"
    if step.op == "neg":
        return f"-{a[0]}"
    if step.op == "**":
        return f"Math.pow({a[0]}, {a[1]})"
    if step.op in COMPARISONS:
        return f"{a[0]} {COMPARISONS[step.op]} {a[1]}"
    if step.op == "where":
        return f"{a[0]} ? {a[1]} : {a[2]}"
    if step.op == "maximum":  # as FLOAT_MATH.maximum: x if x >= y else y (Math.max treats -0 and NaN otherwise)
        return f"{a[0]} >= {a[1]} ? {a[0]} : {a[1]}"
    if step.op == "sign":  # FLOAT_MATH.sign: 1, -1 or 0 (NaN gives 0, -0 gives 0)
        return f"({a[0]} > 0) - ({a[0]} < 0)"
    if step.op == "exp2":
        return f"Math.pow(2, {a[0]})"
    if step.op in FUNCTIONS:
        return f"{FUNCTIONS[step.op]}({', '.join(a)})"
    raise CodegenError(f"m.{step.op} has no JavaScript form yet")


def _argument(argument: Argument) -> str:
    kind, value = argument
    if kind == "name":
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(float(value))
    return f"({text})" if text.startswith("-") else text
