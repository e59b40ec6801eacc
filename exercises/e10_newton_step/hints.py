"""The hint ladder of exercise 10."""
HINTS = (
    "In one dimension the step is x - f'(x) / f''(x): the slope divided by the curvature. A strongly curved "
    "bowl means a short step. In n dimensions dividing by f'' becomes solving H d = g for d.",
    "Multiplying g by H is not dividing by it: the step is d = H⁻¹ g, the solution of H d = g. "
    "numpy.linalg.solve(H, g) gives d (use the whole H: its off-diagonal terms matter).",
    "import numpy as np; d = np.linalg.solve(np.array(H), np.array(gradient)); "
    "return [x - step for x, step in zip(point, d.tolist())]",
)
