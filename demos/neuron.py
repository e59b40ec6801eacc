# %% [markdown]
# # One neuron, forward and backward
#
# A neuron computes `out = tanh(w1*x1 + w2*x2 + b)`: it weighs its inputs, adds a bias and squashes the
# sum. Built from chainrule `Value`s, every step of that computation is recorded as a graph, and
# `backward()` walks the graph from `out` back to the inputs, applying the chain rule at each node.
#
# In this lesson you will build the neuron node by node, run it backward, read a gradient as a rate of
# change, check the gradients against numerical ones, and then work them out yourself.

# %%
"""Lesson: one neuron, out = tanh(w1*x1 + w2*x2 + b), built from Values.

Prints the forward values, runs backward(), prints every gradient by its label,
and checks them against numerical gradients. Nothing here is slow, so --fast is
the same run. Run: python -m demos.neuron
"""
from autograd import Value, gradcheck, topological_order

INPUTS = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.88}


# %% [markdown]
# ## The neuron, one labelled step at a time
#
# Each operation on Values makes a new node that remembers its inputs (its `parents`) and the op.
# Labelling the intermediate nodes (`x1*w1`, `n`, ...) lets every node be named in the tables below.

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


def node_table(out: Value) -> str:
    """Every node of out's graph, inputs first: its label, op, data and grad (d out / d node)."""
    rows = [f"{'node':<16} {'op':>5} {'data':>10} {'grad = d out / d node':>24}"]
    for node in topological_order(out):
        rows.append(f"{node.label:<16} {node.op or 'leaf':>5} {node.data:>10.4f} {node.grad:>24.4f}")
    return "\n".join(rows)


# %% [markdown]
# ## Forward
#
# The leaves are the inputs `x1, x2`, the weights `w1, w2` and the bias `b`. Running the neuron on them
# computes every node's `data`; nothing has a gradient yet (every `grad` is 0).

# %% tags=["active-ipynb"]
# leaves = {name: Value(number, label=name) for name, number in INPUTS.items()}
# out = neuron(**leaves)
# print(node_table(out))

# %% [markdown]
# ## Backward
#
# `out.backward()` starts from `d out / d out = 1` and hands each node's gradient to its parents,
# multiplied by the local derivative of the op between them. Afterwards each node's `grad` is
# `d out / d node`. Look at `w2`: its gradient is 0 because its input `x2` is 0, so a change in `w2`
# cannot change the output.

# %% tags=["active-ipynb"]
# out.backward()
# print(node_table(out))

# %% [markdown]
# ## A gradient is a rate
#
# `w1.grad` says how fast `out` moves when `w1` moves: nudge `w1` by 0.001 and `out` moves by about
# `0.001 * w1.grad`. Try it on a fresh neuron:

# %% tags=["active-ipynb"]
# nudged = neuron(**{name: Value(number + (0.001 if name == "w1" else 0.0)) for name, number in INPUTS.items()})
# print(f"predicted change {0.001 * leaves['w1'].grad:+.6f}, actual change {nudged.data - out.data:+.6f}")

# %% [markdown]
# ## Check against central differences
#
# `gradcheck` nudges each input by a tiny `eps` both ways and compares
# `(f(x + eps) - f(x - eps)) / 2eps` with what backward computed. Every row should say `yes`.

# %% tags=["active-ipynb"]
# gradcheck(neuron, list(leaves.values()))

# %% [markdown]
# ## Your turn: the same gradients by hand
#
# Write `neuron_gradients`: return `d out / d x1, w1, x2, w2, b` for plain numbers, working backwards
# from `d out / d out = 1`. Each step multiplies the gradient arriving at a node by its local derivative:
# tanh's is `1 - tanh(n)**2`, `+` passes the gradient on unchanged, and `a * b` hands `b` to `a` and `a`
# to `b`. Replace the `raise` line, run the cell, and `check` grades your function right here (run it
# as it is first: it says the answer is not written yet). Compare with the table above.

# %% tags=["active-ipynb"]
# import math
#
# from exercises import check
#
#
# def neuron_gradients(x1: float, w1: float, x2: float, w2: float, b: float) -> dict[str, float]:
#     """{"x1": d out/d x1, "w1": ..., "x2": ..., "w2": ..., "b": ...} for out = tanh(x1*w1 + x2*w2 + b)."""
#     out = math.tanh(x1 * w1 + x2 * w2 + b)
#     raise NotImplementedError(f"your turn: return the five gradients as a dict (here out = {out:.4f})")
#
#
# print(check(2, neuron_gradients))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: forward and backward, the rate, the check."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    lesson_arguments(__doc__, argv)  # --fast and --out are accepted; this lesson writes no file
    leaves = {name: Value(number, label=name) for name, number in INPUTS.items()}
    out = neuron(**leaves)
    out.backward()

    print("One neuron: out = tanh(w1*x1 + w2*x2 + b)\n")
    print(node_table(out))
    print(
        "\nRead a gradient as a rate: nudging w1 up by 0.001 moves out by about "
        f"{leaves['w1'].grad * 0.001:+.6f}.\nw2's gradient is {leaves['w2'].grad:g} because its input "
        "x2 is 0: a weight on a silent input cannot change the output."
    )
    print("\nThe same gradients, checked against central differences (f(x+eps) - f(x-eps)) / 2eps:\n")
    report = gradcheck(neuron, list(leaves.values()))
    print(report)
    return {"out": out, "leaves": leaves, "gradcheck": report}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Change `x2` in `INPUTS` to 1.0: w2's gradient is no longer 0. Why?
# - Raise `b` to 10: `n` grows, tanh saturates, and every gradient shrinks towards 0.
# - `from autograd import explain` and `explain(out)` spell out each chain-rule step.
# - The same exercise from a terminal: `python -m exercises start 2`, then `python -m exercises check 2`.
