"""The types nn passes around, named once: a float array, one sample's inputs, one sample's output.

Imports: autograd, numpy.
"""
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from autograd import Value

Array: TypeAlias = NDArray[np.float64]  # samples (n, features), targets (n,), a parameter vector
Sample: TypeAlias = Sequence[float | Value] | Array  # one sample's inputs: numbers or Values
Output: TypeAlias = Value | list[Value]  # one sample's output: a Value, or one Value per output
