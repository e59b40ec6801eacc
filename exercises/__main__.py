"""python -m exercises: list, start and check the exercises, or hunt bugs (see exercises/cli.py)."""
import sys

from .cli import main

sys.exit(main())
