"""Seeing the chain rule: ``explain`` (the steps as text), ``draw``/``render`` (Graphviz
pictures) and ``explore`` (a self-contained step-through page).

Imports: sight.steps, sight.drawing, sight.page.
"""
from .drawing import draw, render
from .page import explore
from .steps import Explanation, Step, explain

__all__ = ["Explanation", "Step", "draw", "explain", "explore", "render"]
