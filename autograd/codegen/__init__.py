"""The code writer: a rule run on symbols writes itself out, as numpy source (python.py: a trace's replay
runs it) and as JavaScript (javascript.py: the pages' engine). One copy of every derivative, in its rule;
everything that needs it elsewhere gets code written from the rule.

Imports: codegen.symbols, codegen.python, codegen.javascript.
"""
from .javascript import to_javascript
from .python import CompiledRule, compiled
from .symbols import SYMBOLIC_MATH, CodegenError, Symbol

__all__ = ["SYMBOLIC_MATH", "CodegenError", "CompiledRule", "Symbol", "compiled", "to_javascript"]
