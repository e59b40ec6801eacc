"""Bug hunts: a tiny autograd engine with one classic mistake planted in it, to find with chainrule's tools,
fix and name. `python -m exercises bughunt` runs main(); gradcheck_engine checks the engine's gradients.

Imports: command, probe.
"""
from .command import main
from .probe import gradcheck_engine

__all__ = ["gradcheck_engine", "main"]
