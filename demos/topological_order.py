# %% [markdown]
# # Why backward needs a topological order (and no recursion)
#
# `backward()` hands each node's gradient to its parents, times the local derivative of the op between
# them. When a node is used twice, its gradient arrives in parts, one from each use. A naive backward
# that passes a node's gradient on as soon as it has some gets reused nodes wrong: for
# `b = a + a; c = b + b` it finds dc/da = 6, while the truth is 4 (c = 4a).
#
# The fix is an order: handle a node only after every node that uses it, the reverse of a
# topological order. And walking the graph with a loop instead of recursion keeps a deep chain from
# hitting Python's recursion limit. In this lesson you will watch the naive walk go wrong, see the
# order that fixes it, break a recursive walk on a deep chain, and then write the order yourself.

# %%
"""Lesson: why backward() walks the graph in topological order, and without recursion.

A naive backward that pushes each node's gradient to its parents and recurses at once
gets reused nodes wrong (b = a + a; c = b + b gives dc/da = 6, not 4). Walking every
node after all of its users fixes it. And a recursive walk stops with RecursionError on
a deep chain, where chainrule's iterative one does not. Run: python -m demos.topological_order
"""
import sys
import time

from autograd import Value, topological_order

# The naive walk's own local derivatives for the two ops it meets here.
LOCAL = {"+": lambda a, b: (1.0, 1.0), "*": lambda a, b: (b, a)}


# %% [markdown]
# ## Two small graphs with reused nodes
#
# `reuse` (c = 4a) and `diamond` (d = 18a² + 6a) each come with their derivative worked out by hand.
# In `reuse`, b is used twice by c, and a twice by b; in `diamond`, b feeds two nodes that meet again in d.

# %%
def named(value: Value, label: str) -> Value:
    value.label = label
    return value


def reuse() -> tuple:
    """b = a + a; c = b + b, so c = 4a and dc/da = 4."""
    a = Value(3.0, label="a")
    b = named(a + a, "b")
    return a, named(b + b, "c"), 4.0


def diamond() -> tuple:
    """b = 3a; d = (b + 1) * (2b), so d = 18a**2 + 6a and dd/da = 36a + 6 = 42 at a = 1."""
    a = Value(1.0, label="a")
    b = named(a * 3.0, "b")
    return a, named(named(b + 1.0, "b+1") * named(b * 2.0, "2b"), "d"), 42.0


# %% [markdown]
# The diamond, drawn with `autograd.draw`: b has two arrows out, so its gradient will arrive in two parts.

# %% tags=["active-ipynb"]
# from autograd import draw
#
# a, d, by_hand = diamond()
# draw(d, show_grad=False)

# %% [markdown]
# ## A naive backward, wrong on purpose
#
# Each node pushes its gradient so far into its parents and recurses right away: a node reached twice
# pushes its (incomplete, then complete) gradient twice.

# %%
def naive_backward(root: Value) -> list[str]:
    """WRONG on purpose: each node pushes its gradient so far to its parents, then recurses.
    Returns the pushes it made, as lines to print."""
    root.grad, pushes = 1.0, []
    _push(root, pushes)
    return pushes


def _push(node: Value, pushes: list) -> None:
    if not node.parents:
        return
    for parent, local in zip(node.parents, LOCAL[node.op](*(p.data for p in node.parents))):
        parent.grad += node.grad * local  # node.grad may still be incomplete here...
        pushes.append(f"{node.label} pushes {node.grad:g} x {local:g} into {parent.label}: "
                      f"{parent.label}.grad = {parent.grad:g}")
        _push(parent, pushes)  # ...and a node reached twice pushes its whole gradient again


# %% [markdown]
# Follow the pushes on `reuse`. c pushes 1 into b through its first use, and b, with only that 1 so
# far, passes it on to a at once (a gets 1 + 1). Then c's second use brings b's gradient to its full 2,
# and b passes on all of it again (a gets 2 + 2). The first part reaches a twice: 6, not 4.

# %% tags=["active-ipynb"]
# a, c, by_hand = reuse()
# print("\n".join(naive_backward(c)))
# print(f"naive dc/da = {a.grad:g}, by hand {by_hand:g}")

# %% [markdown]
# ## The fix: the order
#
# Handle a node only after every node that uses it. `topological_order(root)` lists every node after
# its parents (so root last); walking that list backwards, each node's gradient is complete before it
# is passed on, and it is passed on exactly once. That is what chainrule's `backward()` does. `compare`
# differentiates the same graph both ways (built fresh each time, since leaves accumulate) and prints
# the order.

# %%
def compare(build, show_pushes: bool = False) -> dict:
    """The same graph differentiated twice (built fresh each time, since leaves accumulate)."""
    a, root, by_hand = build()
    pushes = naive_backward(root)
    naive = a.grad
    a, root, _ = build()
    root.backward()
    names = [node.label or f"{node.data:g}" for node in topological_order(root)]
    print(f"\n{build.__doc__.split(',')[0]}:  naive {naive:g}, chainrule {a.grad:g}, by hand {by_hand:g}")
    if show_pushes:
        print("  the naive pushes, in order:\n    " + "\n    ".join(pushes))
    print(f"  topological_order: {', '.join(names)}")
    return {"naive": naive, "chainrule": a.grad, "by_hand": by_hand, "order": names}


# %% tags=["active-ipynb"]
# results = {"reuse": compare(reuse), "diamond": compare(diamond)}

# %% [markdown]
# After `backward()`, the diamond drawn again. The two edges leaving b show what each use adds to b's
# gradient (6 through `b+1`, 8 through `2b`); only when both have arrived does b hand the sum, 14, to a,
# once: 14 x 3 = 42, the derivative by hand.

# %% tags=["active-ipynb"]
# a, d, by_hand = diamond()
# d.backward()
# draw(d)

# %% [markdown]
# ## A correct order, found recursively
#
# This is micrograd's way: a depth-first walk that appends each node after its parents, keeping a set
# of the nodes already visited so that a reused node is listed once. Right, but one nested Python call
# per level of the graph.

# %%
def recursive_order(root: Value) -> list:
    """A correct topological order, found recursively (as micrograd does): one call per level."""
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


# %% tags=["active-ipynb"]
# print([node.label or f"{node.data:g}" for node in recursive_order(d)])

# %% [markdown]
# ## A deep chain
#
# `y = x + x + ... + x` with many additions: dy/dx is exactly the number of x's. The recursive walk
# needs one nested call per node along the chain, and Python allows about 1,000; chainrule's backward
# is a loop over the order, which a 100,000-long chain does not trouble.

# %%
def deep_chain(n_ops: int) -> dict:
    """y = x + x + ... + x (n_ops additions): dy/dx = n_ops + 1, exactly."""
    x = Value(1.0, label="x")
    y = x
    for _ in range(n_ops):
        y = y + x
    try:
        recursive_order(y)
        error = None
    except RecursionError as caught:
        error = f"{type(caught).__name__}: {caught}"
    start = time.perf_counter()
    y.backward()
    seconds = time.perf_counter() - start
    limit = sys.getrecursionlimit()
    print(f"\nA chain of {n_ops:,} additions. Python allows {limit:,} nested calls (sys.getrecursionlimit());\n"
          f"a recursive walk needs one per node along the chain, {n_ops + 1:,} of them:")
    print(f"  recursive walk (micrograd's): {error or 'finished'}")
    print(f"  chainrule's backward (a loop over topological_order, no recursion): dy/dx = {x.grad:g} "
          f"(exactly {n_ops + 1:,}) in {seconds * 1000:.0f} ms")
    return {"n_ops": n_ops, "error": error, "grad": x.grad, "seconds": seconds, "limit": limit}


# %% tags=["active-ipynb"]
# deep = deep_chain(100_000)

# %% [markdown]
# ## Your turn: a topological order without recursion
#
# Write `topological_sort(root)`: every node that root depends on (leaves, constants and root itself),
# each exactly once, each after all of its `.parents`. Values hash by identity, so a set can remember
# which nodes you have seen. `check` tries it on graphs that reuse nodes, on diamonds, and on a chain
# 5,000 nodes deep, where `recursive_order` above fails: keep your own stack (a list) instead of
# nesting calls. Replace the `raise` line and run the cell: `check` grades your function right here
# (run it as it is first: it says the answer is not written yet).

# %% tags=["active-ipynb"]
# from exercises import check
#
#
# def topological_sort(root: Value) -> list[Value]:
#     """Every Value root depends on, root included, each listed after all of its .parents."""
#     raise NotImplementedError("your turn: list every node reached from root through .parents, each after its parents")
#
#
# print(check(4, topological_sort))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: naive against chainrule on both graphs, why, and the deep chain."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    print("d(output)/da by a naive recursive backward, by chainrule's backward, and by hand.")
    results = {"reuse": compare(reuse, show_pushes=True), "diamond": compare(diamond)}
    wrong, right = results["reuse"]["naive"], results["reuse"]["by_hand"]
    print("\nThe naive walk lets b push into a when only part of b's gradient has arrived (1 of 2), and\n"
          f"then push again when the rest comes: the first part reaches a twice ({wrong:g}, not {right:g}).\n"
          "The fix is the order: handle a node only after every node that uses it, i.e. walk the\n"
          "topological order (each node after its parents) in reverse. Then each gradient is complete\n"
          "before it is passed on, and it is passed on exactly once.")
    results["deep"] = deep_chain(5_000 if arguments.fast else 100_000)
    return results


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Print `[node.label for node in topological_order(root)]` for a graph of your own.
# - Find the smallest chain length at which `recursive_order` fails (`sys.getrecursionlimit()`).
# - The same exercise from a terminal: `python -m exercises start 4`, then `python -m exercises check 4`.
