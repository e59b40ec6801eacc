"""Lesson: one neuron, out = tanh(w1*x1 + w2*x2 + b), built from Values.

Prints the forward values, runs backward(), prints every gradient by its label,
and checks them against numerical gradients. Nothing here is slow, so --fast is
the same run. Run: python -m demos.neuron
"""
from autograd import Value, gradcheck, topological_order

from .common import lesson_arguments

INPUTS = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.88}


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


if __name__ == "__main__":
    main()
