"""python -m autograd "EXPR" name=value ...: see cli.py."""
import sys

from .cli import main

sys.exit(main())
