"""The command line, ``python -m autograd "EXPR" name=value ...``, and its expression parser.

Imports: cli.command.
"""
from .command import main

__all__ = ["main"]
