"""Graph-engine workloads for chainrule's eager engine and micrograd: a deep chain, a wide sum
(built and differentiated, or differentiated only: BUILDERS), and the memory a live graph takes per node.

Each library is reached through a small adapter (its Value, a tanh, how to read a node's
parents), so every workload is written once. Imports only the standard library.
"""
import gc
import math
import random
import tracemalloc
from types import SimpleNamespace

BACKENDS = ("micrograd", "chainrule-eager")


def library(backend: str) -> SimpleNamespace:
    """The Value class, tanh and parents-reader of ``backend``."""
    if backend == "micrograd":
        from micrograd.engine import Value

        return SimpleNamespace(Value=Value, tanh=micrograd_tanh, parents=lambda node: node._prev)
    if backend == "chainrule-eager":
        from autograd import Value

        return SimpleNamespace(Value=Value, tanh=Value.tanh, parents=lambda node: node.parents)
    raise ValueError(f"unknown graph backend {backend!r}; choose one of {', '.join(BACKENDS)}.")


def micrograd_tanh(x):
    """tanh for micrograd 0.1.0, which has none: a node made the way micrograd makes its own ops
    (a Value with its children and a closure that adds the local derivative times out.grad)."""
    from micrograd.engine import Value

    t = math.tanh(x.data)
    out = Value(t, (x,), "tanh")

    def _backward():
        x.grad += (1 - t * t) * out.grad

    out._backward = _backward
    return out


def chain_graph(lib: SimpleNamespace, n: int):
    """(the chain's end, its start): x = tanh(x * 1.0001 + 0.001), n times (5 Values each: two
    constants, *, +, tanh)."""
    x0 = x = lib.Value(0.5)
    for _ in range(n):
        x = lib.tanh(x * 1.0001 + 0.001)
    return x, x0


def deep_chain(lib: SimpleNamespace, n: int) -> dict:
    """Build the chain of n links, then backward."""
    root, start = chain_graph(lib, n)
    root.backward()
    return {"value": root.data, "grad": start.grad}


def graph_argument(workload: str, size: int):
    """What a graph workload's builder takes for ``size``: the chain's links, or the wide sum's seeded pairs."""
    return size if "chain" in workload else seeded_pairs(size)


def seeded_pairs(n: int, seed: int = 0) -> list[float]:
    """2n seeded floats in [-1, 1]: a_i = pairs[2i], b_i = pairs[2i + 1]."""
    rng = random.Random(seed)
    return [rng.uniform(-1.0, 1.0) for _ in range(2 * n)]


def wide_graph(lib: SimpleNamespace, pairs: list[float]):
    """(a_0 b_0 + a_1 b_1 + ..., the leaf a_0): the products summed pairwise, a balanced tree
    of depth log2(n), so micrograd's recursive topological sort stays shallow."""
    leaves = [lib.Value(number) for number in pairs]
    terms = [leaves[i] * leaves[i + 1] for i in range(0, len(leaves), 2)]
    while len(terms) > 1:
        paired = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
        terms = paired + terms[-1:] if len(terms) % 2 else paired
    return terms[0], leaves[0]


def wide_sum(lib: SimpleNamespace, pairs: list[float]) -> dict:
    """Build the wide sum from scratch (leaves included), then backward; d sum / d a_0 = b_0."""
    root, first = wide_graph(lib, pairs)
    root.backward()
    return {"value": root.data, "grad": first.grad}


def count_nodes(root, parents) -> int:
    """How many distinct Values ``root`` depends on, itself and the leaves included."""
    seen, stack = {id(root)}, [root]
    while stack:
        for parent in parents(stack.pop()):
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


def bytes_per_node(lib: SimpleNamespace, pairs: list[float]) -> dict:
    """Bytes allocated and still live (tracemalloc) per node of the wide-sum graph: built, and after backward.

    gc.collect() before each reading counts only live memory (micrograd's backward leaves
    its topological list and visited set in a reference cycle until the collector runs).
    """
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        root = wide_graph(lib, pairs)[0]
        gc.collect()
        built = tracemalloc.get_traced_memory()[0] - start
        nodes = count_nodes(root, lib.parents)
        root.backward()
        gc.collect()
        after_backward = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    return {"nodes": nodes, "built": built / nodes, "after_backward": after_backward / nodes, "value": root.data}


# The graph of each backward-only workload (the worker times root.backward() on a freshly built one).
BUILDERS = {"backward_chain": chain_graph, "backward_wide": wide_graph}
