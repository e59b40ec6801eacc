"""The training problems the step benchmarks time, and which backend runs each one.

A problem is a model shape, a loss, a data size and a learning rate; every backend takes the same
full-batch SGD steps on it from the same weights (fixtures.py). A backend offers ``step(lr) -> loss``
(the loss before the update), ``reset()`` (back to the initial weights) and ``weights()`` (the flat
vector in the shared order); chainrule-fit trains whole epochs instead (``fit(epochs, schedule)``).
Imports only the standard library; each backend's module is imported when it is made.
"""
from dataclasses import asdict, dataclass

ALPHA = 1e-4  # weight of the L2 penalty of the hinge problems

# What each kind of backend is, for the table's readers (README.md says more).
BACKENDS = {
    "micrograd": "micrograd 0.1.0 as its users write it",
    "chainrule-eager": "nn.MLP, nn.hinge, nn.SGD on the eager engine",
    "chainrule-traced": "one sample's loss traced once; Trace.backward + nn.SGD.step every step",
    "chainrule-fit": "nn.fit, full batch, SGD: the compiled training path",
    "numpy": "the same step written by hand in numpy",
    "torch": "PyTorch eager, vectorised, float64, one thread",
    "jax": "jax.jit of the whole step, float64",
}


@dataclass(frozen=True)
class Problem:
    """``sizes``: layer widths, inputs first. ``loss``: "hinge" (ReLU hidden layers, mean hinge +
    ALPHA * sum(p * p), labels -1/+1) or "cross_entropy" (tanh hidden layers, mean softmax
    cross-entropy, class labels). ``init``: "micrograd" (weights uniform in [-1, 1], as micrograd's
    demo) or "fan_in" (uniform in [-a, a], a = sqrt(6 / n_in) before a ReLU, sqrt(3 / n_in) otherwise)."""

    sizes: tuple[int, ...]
    loss: str
    points: int
    data_seed: int
    lr: float  # of the first step; learning_rate() decays it as micrograd's demo does
    init: str = "fan_in"

    @property
    def activation(self) -> str:
        return "relu" if self.loss == "hinge" else "tanh"

    @property
    def shape(self) -> str:
        return "-".join(str(width) for width in self.sizes)

    def as_spec(self) -> dict:
        """The problem as JSON for a worker (which rebuilds it with Problem.from_spec)."""
        return asdict(self)

    @classmethod
    def from_spec(cls, spec: dict) -> "Problem":
        return cls(**{**spec, "sizes": tuple(spec["sizes"])})


MOONS = (2, 16, 16, 1)  # micrograd's demo model: 2 inputs, two ReLU layers of 16, one linear output
PROBLEMS = {
    "moons_step": Problem(MOONS, "hinge", 100, 0, 1.0, init="micrograd"),
    "moons_1k": Problem(MOONS, "hinge", 1_000, 1, 1.0, init="micrograd"),
    "moons_10k": Problem(MOONS, "hinge", 10_000, 2, 1.0, init="micrograd"),
    "moons_64": Problem((2, 64, 64, 1), "hinge", 100, 0, 0.1),
    "moons_128": Problem((2, 128, 128, 1), "hinge", 100, 0, 0.1),
    "cross_entropy_784": Problem((784, 32, 10), "cross_entropy", 100, 3, 0.1),
}


def learning_rate(problem: Problem, step: int) -> float:
    """The schedule of micrograd's demo, from the problem's lr: lr down to lr / 10 over 100 steps."""
    return problem.lr * (1.0 - 0.9 * step / 100)


def make_backend(name: str, problem: Problem, weights, X, y):
    """The backend ``name`` set up on ``problem`` with the initial ``weights`` and the data (X, y)."""
    if name == "numpy":
        from .numpy_step import NumpyStep

        return NumpyStep(problem, weights, X, y)
    if name in ("chainrule-eager", "chainrule-traced", "chainrule-fit"):
        from . import chainrule_steps

        kinds = {"chainrule-eager": chainrule_steps.EagerStep, "chainrule-traced": chainrule_steps.TracedStep,
                 "chainrule-fit": chainrule_steps.FitRun}
        return kinds[name](problem, weights, X, y)
    if name in ("micrograd", "torch", "jax"):
        from . import peers

        kinds = {"micrograd": peers.MicrogradStep, "torch": peers.TorchStep, "jax": peers.JaxStep}
        return kinds[name](problem, weights, X, y)
    raise ValueError(f"unknown training backend {name!r}; choose one of {', '.join(BACKENDS)}.")
