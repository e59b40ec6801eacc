"""python -m autograd "EXPR" name=value ...: see cli/command.py.

Imports: cli.
"""
import sys

from .cli import main

sys.exit(main())
