"""The numpy namespace: the same names as FLOAT_MATH on numpy arrays, for a trace's replay. Made on first
use, so that importing autograd never imports numpy.

Imports: rule (for types only), numpy (when first used).
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ..rule import Math

# Every primitive that is one numpy function of the same meaning, by the name a rule uses.
NUMPY_NAMES = {
    "exp": "exp", "exp2": "exp2", "expm1": "expm1", "log": "log", "log2": "log2", "log10": "log10",
    "log1p": "log1p", "sqrt": "sqrt", "sin": "sin", "cos": "cos", "tan": "tan", "arcsin": "arcsin",
    "arccos": "arccos", "arctan": "arctan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
    "arcsinh": "arcsinh", "arccosh": "arccosh", "arctanh": "arctanh", "abs": "abs", "sign": "sign",
    "floor": "floor", "pow": "power", "maximum": "maximum", "arctan2": "arctan2", "hypot": "hypot",
    "where": "where", "gt": "greater", "ge": "greater_equal", "lt": "less", "le": "less_equal", "eq": "equal",
}


@functools.cache
def numpy_math() -> Math:
    """The numpy twin of FLOAT_MATH (a rule run on it computes a whole batch at once)."""
    import numpy as np

    functions = {name: staticmethod(getattr(np, numpy_name)) for name, numpy_name in NUMPY_NAMES.items()}
    namespace = type("NumpyMath", (), {**functions, "dot": staticmethod(_dot),
                                       "__doc__": "numpy's functions under the names rules use."})
    math: Math = namespace()
    return math


def _dot(xs: Sequence[NDArray[np.float64]], ws: Sequence[NDArray[np.float64]]) -> NDArray[np.float64]:
    """Sum of xs[i] * ws[i] over i for a group: when every x is one row shared by the group
    (shape (1, n)) and every w one number per node (shape (g, 1)), that is W @ X."""
    import numpy as np

    x_shape, w_shape = np.shape(xs[0]), np.shape(ws[0])
    if (len(x_shape) == 2 and x_shape[0] == 1 and len(w_shape) == 2 and w_shape[1] == 1
            and all(np.shape(x) == x_shape for x in xs) and all(np.shape(w) == w_shape for w in ws)):
        product: NDArray[np.float64] = np.concatenate(ws, axis=1) @ np.concatenate(xs, axis=0)
        return product
    total = xs[0] * ws[0]
    for x, w in zip(xs[1:], ws[1:]):
        total = total + x * w
    return total
