# %% [markdown]
# # One neuron, forward and backward
#
# A neuron computes `out = tanh(w1*x1 + w2*x2 + b)`: it weighs its inputs, adds a bias and squashes the
# sum. Built from chainrule `Value`s, every step of that computation is recorded as a graph, and
# `backward()` walks the graph from `out` back to the inputs, applying the chain rule at each node.
#
# In this lesson you will see every node's value and gradient, read a gradient as a rate of change,
# and check the gradients against numerical ones.

# %%
"""Lesson: one neuron, out = tanh(w1*x1 + w2*x2 + b), built from Values.

Prints the forward values, runs backward(), prints every gradient by its label,
and checks them against numerical gradients. Nothing here is slow, so --fast is
the same run. Run: python -m demos.neuron
"""
from autograd import Value, gradcheck, topological_order
from demos.common import lesson_arguments

INPUTS = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.88}


# %% [markdown]
# ## The neuron, one labelled step at a time
#
# Each operation on Values makes a new node that remembers its inputs (its `parents`) and the op.
# Labelling the intermediate nodes (`x1*w1`, `n`, ...) lets every node be named in the printout.

# %%
def neuron(x1: Value, x2: Value, w1: Value, w2: Value, b: Value) -> Value:
    """The neuron, one labelled step at a time, so every node can be named."""
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    weighted = x1w1 + x2w2
    weighted.label = "x1*w1 + x2*w2"
    n = weighted + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out


# %% [markdown]
# ## Forward, backward, check
#
# `main` builds the leaves (the inputs `x1, x2`, the weights `w1, w2` and the bias `b`), runs the
# neuron forward, then calls `out.backward()`. Each node's `grad` is then `d out / d node`.
# The gradients are checked with `gradcheck`, which nudges each input by a tiny `eps` both ways and
# compares `(f(x + eps) - f(x - eps)) / 2eps` with what backward computed.

# %%
def main(argv: list[str] | None = None) -> dict:
    lesson_arguments(__doc__, argv)  # --fast and --out are accepted; this lesson writes no file
    leaves = {name: Value(number, label=name) for name, number in INPUTS.items()}
    out = neuron(**leaves)
    out.backward()

    print("One neuron: out = tanh(w1*x1 + w2*x2 + b)\n")
    print(f"{'node':<16} {'op':>5} {'data':>10} {'grad = d out / d node':>24}")
    for node in topological_order(out):
        print(f"{node.label:<16} {node.op or 'leaf':>5} {node.data:>10.4f} {node.grad:>24.4f}")
    print(
        "\nRead a gradient as a rate: nudging w1 up by 0.001 moves out by about "
        f"{leaves['w1'].grad * 0.001:+.6f}.\nw2's gradient is {leaves['w2'].grad:g} because its input "
        "x2 is 0: a weight on a silent input cannot change the output."
    )
    print("\nThe same gradients, checked against central differences (f(x+eps) - f(x-eps)) / 2eps:\n")
    report = gradcheck(neuron, list(leaves.values()))
    print(report)
    return {"out": out, "leaves": leaves, "gradcheck": report}


# %% [markdown]
# ## Run the lesson
#
# Look for: the `grad` column (`d out / d node`); w2's gradient of 0 (its input x2 is 0, so w2 cannot
# change the output); and the gradcheck table, where every row says `yes`.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Change `x2` in `INPUTS` to 1.0: w2's gradient is no longer 0. Why?
# - Raise `b` to 10: `n` grows, tanh saturates, and every gradient shrinks towards 0.
# - `from autograd import explain` and `print(explain(main()["out"]))` spell out each chain-rule step.
