"""Is the ``autograd`` that Python finds chainrule's engine? Colab, for one, comes with HIPS autograd
preinstalled under the same import name; nn (and every lesson) checks before anything uses it.

Imports: autograd.
"""
import autograd


def check_engine() -> None:
    """Raise an ImportError that says what to do when ``import autograd`` found another package."""
    if hasattr(autograd, "Value") and hasattr(autograd, "Rule"):  # the engine's two founding classes
        return
    where = getattr(autograd, "__file__", None) or "an unknown place"
    raise ImportError(
        f"the 'autograd' Python found ({where}) is not chainrule's engine: another package with that import "
        "name (HIPS autograd, which Colab preinstalls) comes first on sys.path. Run from the folder of your "
        "chainrule clone, so that its own autograd/ is found first: in a notebook, `%cd chainrule` before "
        "any import (then restart the kernel or runtime, which holds the other autograd), or in a shell, "
        "`cd chainrule` and use its .venv. The README's \"Run in a notebook / Colab\" shows every step.")
