"""Seeing the chain rule: ``explain`` (the steps as text), ``draw``/``render`` (Graphviz
pictures) and ``explore`` (a self-contained step-through page).

Imports: sight.steps, sight.drawing, sight.dot_program, sight.page.
"""
from .dot_program import DrawingTimeoutError
from .drawing import draw, render
from .page import explore
from .steps import Explanation, Step, explain

__all__ = ["DrawingTimeoutError", "Explanation", "Step", "draw", "explain", "explore", "render"]
