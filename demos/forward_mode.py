# %% [markdown]
# # Three ways to differentiate; forward and reverse mode
#
# There are three ways to get a derivative: by hand, with the rules of calculus; numerically, from the
# function's values at two nearby points; and automatically, by applying the rules to the steps a program
# actually takes. This lesson does all three on `f(x) = x sin x + exp(-x**2)` and sees where numerical
# differentiation loses digits. Then the two automatic ways: forward mode carries a tangent along with
# every value (dual numbers, one pass per input), reverse mode carries gradients back from the output
# (backpropagation, one pass per output), and you will count which wins when.

# %%
"""Lesson: three ways to differentiate (by hand, numerically, automatically), then forward against reverse mode.

f(x) = x sin x + exp(-x**2) differentiated symbolically, by central differences (whose error shrinks
with eps, then grows again) and by the engine (backward, grad, jvp). Then dual numbers: forward mode
carries a tangent with every value, one pass per input; reverse mode carries gradients back, one pass
per output. Counted for R^n -> R and R -> R^m. Run: python -m demos.forward_mode
"""
import math

from autograd import Value, grad, jvp
from demos.common import pyplot, save_figure

POINT = 0.7
EPSILONS = tuple(10.0 ** -k for k in range(1, 14))
ROUNDING = 2.0 ** -53  # the relative error of one float64 operation


# %% [markdown]
# ## The function, by hand and by central differences
#
# `f` is written once for anything that has `*`, `+`, `-`, `sin` and `exp`: Values now, dual numbers below.
# By hand, the product rule on `x sin x` and the chain rule on `exp(-x**2)` give `f'`. Numerically, the
# central difference `(f(x + eps) - f(x - eps)) / 2 eps` is the slope of a chord: close to the tangent's
# when eps is small, but not too small, as you will see.

# %%
def f(x):
    """x sin x + exp(-x**2), for anything with * + - sin and exp: a Value or a Dual."""
    return x * x.sin() + (-(x * x)).exp()


def f_number(x: float) -> float:
    return x * math.sin(x) + math.exp(-x * x)


def f_prime_by_hand(x: float) -> float:
    """Product rule on x sin x, chain rule on exp(-x**2)."""
    return math.sin(x) + x * math.cos(x) - 2 * x * math.exp(-x * x)


def central_difference(x: float, eps: float) -> float:
    """(f(x + eps) - f(x - eps)) / (2 eps): wrong by about eps**2 f'''/6, plus rounding of about ROUNDING |f| / eps."""
    return (f_number(x + eps) - f_number(x - eps)) / (2 * eps)


# %% [markdown]
# ## Dual numbers
#
# A dual number is a value with its tangent, `d value / d x`. Start with `Dual(x, 1)` (dx/dx = 1) and let
# every operation carry the tangent forward with its own derivative rule: `sin` multiplies it by `cos`,
# `exp` by `exp`, `*` applies the product rule. What comes out of `f` is `f(x)` with `f'(x)` beside it, in the
# same single pass, with no graph kept.

# %%
class Dual:
    """A dual number (value, tangent): the tangent is d value / d input, carried forward through every operation.
    Only the operations this lesson uses; autograd's jvp does the same with every rule's local derivatives
    (and autograd.maths.duals has dual numbers for every primitive, each slope taken from its rule)."""

    def __init__(self, value: float, tangent: float = 0.0) -> None:
        self.value, self.tangent = value, tangent

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value + other.value, self.tangent + other.tangent)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.value * other.value, self.tangent * other.value + self.value * other.tangent)  # product rule

    __radd__, __rmul__ = __add__, __mul__

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    def sin(self):
        return Dual(math.sin(self.value), math.cos(self.value) * self.tangent)

    def exp(self):
        return Dual(math.exp(self.value), math.exp(self.value) * self.tangent)


# %% tags=["active-ipynb"]
# x = Dual(POINT, 1.0)  # the input, and its tangent dx/dx = 1
# out = f(x)
# print(f"f({POINT}) = {out.value:.12f} with tangent {out.tangent:.12f}; by hand f' = {f_prime_by_hand(POINT):.12f}")

# %% [markdown]
# ## Your turn: a tangent rule for tanh
#
# To give `Dual` a `tanh`, it needs tanh's local derivative: the factor that multiplies the tangent on
# its way through. Write `tanh_derivative(x)`, the slope of tanh at a plain number x (`math.tanh` gives
# tanh itself). Check it against the picture in your head: tanh is steepest at 0 and flat far out. Replace
# the `raise` line and run the cell: `check` grades your function right here (run it as it is first: it
# says the answer is not written yet).

# %% tags=["active-ipynb"]
# from exercises import check
#
#
# def tanh_derivative(x: float) -> float:
#     """The slope of tanh at x: how fast tanh(x) moves when x moves."""
#     raise NotImplementedError(f"your turn: return the slope of tanh at x (tanh({x}) = {math.tanh(x):.4f})")
#
#
# print(check(1, tanh_derivative))

# %% [markdown]
# ## Three ways side by side
#
# The engine's reverse mode (`backward()`, `grad`), its forward mode (`jvp`) and the `Dual` class all meet
# the hand-written derivative to the last digit. The central difference does not: for large eps the chord
# is not the tangent (truncation, about `eps^2 |f'''| / 6`); for tiny eps `f(x + eps)` and `f(x - eps)`
# agree in almost every digit and their difference is mostly rounding (about `2^-53 |f| / eps`). The best
# eps balances the two and still leaves an error near 1e-11: the V in the picture.

# %%
def three_ways() -> dict:
    """f'(POINT) by hand, by central differences for each eps, and by the engine (reverse and forward mode)."""
    symbolic = f_prime_by_hand(POINT)
    x = Value(POINT)
    f(x).backward()
    automatic = {"backward()": x.grad, "grad(f)": grad(f)(POINT).data, "jvp(f, [x], [1])": jvp(f, [POINT], [1.0])[1],
                 "Dual(x, 1)": f(Dual(POINT, 1.0)).tangent}
    print(f"f(x) = x sin x + exp(-x**2) at x = {POINT}:\n  by hand  f'(x) = sin x + x cos x - 2x exp(-x**2) = "
          f"{symbolic:.16f}\n  by the engine (error against the hand-written one):")
    for name, value in automatic.items():
        print(f"    {name:<17} {value:.16f}   error {abs(value - symbolic):.1e}")
    third = grad(grad(grad(f)))(POINT).data
    errors = {eps: abs(central_difference(POINT, eps) - symbolic) for eps in EPSILONS}
    best = min(errors, key=errors.get)
    print("  numerically, (f(x + eps) - f(x - eps)) / 2 eps; its error against f'(x) and the two estimates of it:\n"
          "      eps      error   truncation eps^2 |f'''|/6   rounding 2^-53 |f| / eps")
    for eps, error in errors.items():
        truncation, rounding = eps ** 2 * abs(third) / 6, ROUNDING * abs(f_number(POINT)) / eps
        print(f"    {eps:7.0e}  {error:8.1e}        {truncation:8.1e}                {rounding:8.1e}"
              + ("   <- best" if eps == best else ""))
    balance = (3 * ROUNDING * abs(f_number(POINT)) / abs(third)) ** (1 / 3)
    print(f"  (f''' = {third:.4f} from grad(grad(grad(f)))). Large eps: the chord from x - eps to x + eps "
          "is not the tangent;\n  tiny eps: f(x + eps) and f(x - eps) agree in almost every digit, and their "
          "difference is mostly rounding.\n  The best eps balances the two, near (3 2^-53 |f| / |f'''|)^(1/3) = "
          f"{balance:.0e}, and still leaves error {errors[best]:.0e}.\n  Automatic differentiation has no "
          "truncation error: it applies the exact rules to the exact steps, so it\n  meets the hand-written formula "
          f"up to rounding (largest difference here: {max(abs(v - symbolic) for v in automatic.values()):.1g}).\n")
    return {"symbolic": symbolic, "automatic": automatic, "third": third, "errors": errors, "best_eps": best}


def plot_errors(ways: dict, folder) -> list:
    """The central difference's error against eps, with its two estimates: forward_mode.png."""
    plt = pyplot()
    if plt is None:
        return []
    figure, errors = plt.subplots(figsize=(6.4, 4.6))
    eps = list(ways["errors"])
    errors.loglog(eps, list(ways["errors"].values()), "o-", color="#1d5fd0", label="central difference: measured error")
    errors.loglog(eps, [e ** 2 * abs(ways["third"]) / 6 for e in eps], "--", color="#e0a030",
                  label="truncation, eps^2 |f'''| / 6")
    errors.loglog(eps, [ROUNDING * abs(f_number(POINT)) / e for e in eps], ":", color="#c8322f",
                  label="rounding, 2^-53 |f| / eps")
    exact = max(abs(value - ways["symbolic"]) for value in ways["automatic"].values())
    errors.set(xlabel="eps (log scale)", ylabel=f"|error in f'({POINT})| (log scale)", ylim=(1e-13, 1),
               title=f"central differences: the error shrinks, then grows\n(backward, grad, jvp: error {exact:.1g})")
    errors.legend(fontsize=8)
    return [save_figure(figure, folder, "forward_mode.png")]


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# ways = three_ways()
# files = plot_errors(ways, Path("out"))

# %% [markdown]
# ## Many inputs, or many outputs
#
# Forward mode gets the derivatives by *one input* in a pass: a gradient of n inputs takes n passes, each
# with the tangent `e_i` on input i. Reverse mode gets the derivatives of *one output* in a pass: one
# backward gives the whole gradient. `ring` maps R^n to R (reverse mode's case); `curve` maps R to R^m
# (forward mode's case: one dual-number pass gives all m derivatives, where reverse mode needs m backwards).

# %%
def ring(*xs):
    """R^n -> R: the sum of x_i sin(x_i+1), the last input wrapping round to the first."""
    return sum(x * xs[(i + 1) % len(xs)].sin() for i, x in enumerate(xs))


def curve(t, m: int) -> list:
    """R -> R^m: the outputs exp(-t) sin(k t) for k = 1..m."""
    return [(-t).exp() * (k * t).sin() for k in range(1, m + 1)]


def many_inputs(n: int) -> dict:
    """The gradient of ring at n points: forward mode, one jvp per input direction e_i; reverse mode, one backward."""
    point = [0.3 * i - 0.8 for i in range(n)]
    forward = [jvp(ring, point, [1.0 if j == i else 0.0 for j in range(n)])[1] for i in range(n)]
    leaves = [Value(x) for x in point]
    ring(*leaves).backward()
    reverse = [leaf.grad for leaf in leaves]
    print(f"R^{n} -> R: g(x) = sum of x_i sin(x_i+1), cyclic, at x = ({', '.join(f'{x:g}' for x in point)}); "
          f"the whole gradient:\n  forward mode: {len(forward)} passes, jvp with tangent e_i for each input\n"
          "  reverse mode: 1 backward pass (after the 1 forward evaluation that records the graph)\n"
          f"  largest difference between the two gradients: {max(abs(a - b) for a, b in zip(forward, reverse)):.1e}")
    return {"point": point, "forward": forward, "reverse": reverse, "passes": {"forward": len(forward), "reverse": 1}}


def many_outputs(m: int, t: float = 0.5) -> dict:
    """d h_k / dt for each output of curve: forward mode, one pass with dual numbers; reverse, one backward each."""
    forward = [output.tangent for output in curve(Dual(t, 1.0), m)]
    leaf = Value(t)
    reverse, outputs = [], curve(leaf, m)
    for output in outputs:
        leaf.grad = 0.0  # a leaf accumulates across backward calls, as in PyTorch: start each output from zero
        output.backward()
        reverse.append(leaf.grad)
    print(f"R -> R^{m}: h(t) = (exp(-t) sin(k t) for k = 1..{m}) at t = {t:g}; all {m} derivatives dh_k/dt:\n"
          "  forward mode: 1 pass, t = Dual(t, 1) and every output comes out with its tangent (autograd's jvp"
          "\n    follows one scalar output, so this pass uses the Dual class in demos/forward_mode.py)\n"
          f"  reverse mode: {len(reverse)} backward passes, one per output, through one recorded graph\n"
          "  largest difference: "
          f"{max(abs(a - b) for a, b in zip(forward, reverse)):.1e}")
    return {"t": t, "forward": forward, "reverse": reverse, "passes": {"forward": 1, "reverse": len(reverse)}}


# %% tags=["active-ipynb"]
# gradient = many_inputs(6)
# jacobian = many_outputs(6)

# %% [markdown]
# Passes for all the derivatives of a function from R^n to R^m: forward mode n, reverse mode m. Training
# a network is R^(millions of weights) -> R (one loss): reverse mode, backpropagation, wins by a factor
# of millions. Forward mode wins with few inputs and many outputs, and a dual-number pass keeps no graph:
# it needs memory for the current values only, where reverse mode stores the whole forward pass.

# %%
def plot_passes(gradient: dict, jacobian: dict, folder) -> list:
    """Passes through the graph for each mode, for R^n -> R and R -> R^m: forward_mode_passes.png."""
    plt = pyplot()
    if plt is None:
        return []
    figure, passes = plt.subplots(figsize=(6.4, 4.6))
    groups = (f"R^{len(gradient['point'])} -> R (a gradient)", f"R -> R^{len(jacobian['forward'])} (a curve's tangent)")
    for offset, mode, color in ((-0.2, "forward", "#2a9d4b"), (0.2, "reverse", "#7b3fb0")):
        counts = [gradient["passes"][mode], jacobian["passes"][mode]]
        bars = passes.bar([offset, 1 + offset], counts, width=0.4, color=color, label=f"{mode} mode")
        passes.bar_label(bars)
    most = max(*gradient["passes"].values(), *jacobian["passes"].values())
    passes.set(xticks=[0, 1], xticklabels=groups, ylabel="passes through the graph", ylim=(0, most + 2),
               title="forward mode: one pass per input;\nreverse mode: one pass per output")
    passes.legend()
    return [save_figure(figure, folder, "forward_mode_passes.png")]


# %% tags=["active-ipynb"]
# files += plot_passes(gradient, jacobian, Path("out"))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: three ways, then forward against reverse mode, and the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    size = 4 if arguments.fast else 6
    ways = three_ways()
    gradient, jacobian = many_inputs(size), many_outputs(size)
    print("Passes for all the derivatives of R^n -> R^m: forward mode n, reverse mode m. Training a network is\n"
          "R^(millions of weights) -> R (one loss): reverse mode, backpropagation, wins by a factor of millions.\n"
          "Forward mode wins with few inputs and many outputs, and a dual-number pass keeps no graph: it needs\n"
          "memory for the current values only, where reverse mode must store the whole forward pass.")
    files = [*plot_errors(ways, arguments.out), *plot_passes(gradient, jacobian, arguments.out)]
    return {**ways, "gradient": gradient, "jacobian": jacobian, "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Once your `tanh_derivative` passes, give `Dual` a tanh:
#   `Dual.tanh = lambda self: Dual(math.tanh(self.value), tanh_derivative(self.value) * self.tangent)`, then
#   compare `Dual(0.5, 1.0).tanh().tangent` with `grad(lambda x: x.tanh())(0.5).data`.
# - Add a `cos` method to `Dual` (tangent `-sin(value) * tangent`) and differentiate `x cos x`.
# - Forward mode nests: `jvp(lambda x: jvp(f, [x], [1.0])[1], [POINT], [1.0])[1]` is f''(POINT), the
#   derivative of the derivative. Check it against `grad(grad(f))(POINT).data`.
