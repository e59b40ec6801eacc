# %% [markdown]
# # Three ways to differentiate; forward and reverse mode
#
# `f(x) = x sin x + exp(-x**2)` differentiated by hand (symbolically), numerically (central
# differences, whose error first shrinks with eps and then grows again, from rounding) and
# automatically. Then dual numbers: forward mode carries a tangent along with every value, one pass
# per input; reverse mode carries gradients back, one pass per output.

# %%
"""Lesson: three ways to differentiate (by hand, numerically, automatically), then forward against reverse mode.

f(x) = x sin x + exp(-x**2) differentiated symbolically, by central differences (whose error shrinks
with eps, then grows again) and by the engine (backward, grad, jvp). Then dual numbers: forward mode
carries a tangent with every value, one pass per input; reverse mode carries gradients back, one pass
per output. Counted for R^n -> R and R -> R^m. Run: python -m demos.forward_mode
"""
import math

from autograd import Value, grad, jvp
from demos.common import lesson_arguments, pyplot, save_figure

POINT = 0.7
EPSILONS = tuple(10.0 ** -k for k in range(1, 14))
ROUNDING = 2.0 ** -53  # the relative error of one float64 operation


# %% [markdown]
# ## The function, three ways

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
# A value with its tangent: each operation applies its own derivative rule to carry the tangent
# forward (the product rule in `__mul__`).

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


# %% [markdown]
# ## Many inputs, or many outputs
#
# `ring` maps R^n to R (reverse mode's case: one backward for the whole gradient); `curve` maps R to
# R^m (forward mode's case: one pass for all the derivatives).

# %%
def ring(*xs):
    """R^n -> R: the sum of x_i sin(x_i+1), the last input wrapping round to the first."""
    return sum(x * xs[(i + 1) % len(xs)].sin() for i, x in enumerate(xs))


def curve(t, m: int) -> list:
    """R -> R^m: the outputs exp(-t) sin(k t) for k = 1..m."""
    return [(-t).exp() * (k * t).sin() for k in range(1, m + 1)]


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


# %% [markdown]
# ## Putting them side by side

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    size = 4 if arguments.fast else 6
    ways = three_ways()
    gradient, jacobian = many_inputs(size), many_outputs(size)
    print("Passes for all the derivatives of R^n -> R^m: forward mode n, reverse mode m. Training a network is\n"
          "R^(millions of weights) -> R (one loss): reverse mode, backpropagation, wins by a factor of millions.\n"
          "Forward mode wins with few inputs and many outputs, and a dual-number pass keeps no graph: it needs\n"
          "memory for the current values only, where reverse mode must store the whole forward pass.")
    files = _plot(ways, gradient, jacobian, arguments.out)
    return {**ways, "gradient": gradient, "jacobian": jacobian, "files": files}


def _plot(ways: dict, gradient: dict, jacobian: dict, folder) -> list:
    plt = pyplot()
    if plt is None:
        return []
    figure, (errors, passes) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"wspace": 0.3})
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
    groups = (f"R^{len(gradient['point'])} -> R (a gradient)", f"R -> R^{len(jacobian['forward'])} (a curve's tangent)")
    for offset, mode, color in ((-0.2, "forward", "#2a9d4b"), (0.2, "reverse", "#7b3fb0")):
        counts = [gradient["passes"][mode], jacobian["passes"][mode]]
        bars = passes.bar([offset, 1 + offset], counts, width=0.4, color=color, label=f"{mode} mode")
        passes.bar_label(bars)
    most = max(*gradient["passes"].values(), *jacobian["passes"].values())
    passes.set(xticks=[0, 1], xticklabels=groups, ylabel="passes through the graph", ylim=(0, most + 2),
               title="forward mode: one pass per input;\nreverse mode: one pass per output")
    passes.legend()
    return [save_figure(figure, folder, "forward_mode.png")]


# %% [markdown]
# ## Run the lesson
#
# Look for: the central difference's error against eps (best near 1e-5); backward, grad and jvp exact;
# and the pass counts, n against 1 and 1 against m.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Add a `cos` method to `Dual` (tangent `-sin(value) * tangent`) and differentiate `x cos x`.
# - Forward mode nests: `jvp(lambda x: jvp(f, [x], [1.0])[1], [POINT], [1.0])[1]` is f''(POINT), the
#   derivative of the derivative. Check it against `grad(grad(f))(POINT).data`.
