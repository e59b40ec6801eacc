"""Speed and memory benchmarks: chainrule (eager, traced, fit) against micrograd, PyTorch, jax.jit and
hand-written numpy.

Run ``python -m benchmarks.run`` from the checkout (or ``make bench``); README.md explains the table.
Nothing here is imported by autograd, nn or demos.
"""
