"""Instructions per step, counted by valgrind's callgrind: a measure that does not move with the machine's load.

    python -m benchmarks.instructions                      # this checkout, every workload
    python -m benchmarks.instructions --against af1df25    # and a git revision beside it (a temporary worktree)
    python -m benchmarks.instructions --workload fit --workload traced

Wall-clock figures on a shared 2-core machine swing by a third from one hour to the next; the number of
instructions a step executes does not. Each workload runs twice under callgrind, for ``short`` and ``long``
steps, in a fresh process; (I_long - I_short) / (long - short) is the cost of one step with the start-up
(imports, tracing, compiling) cancelled out. PYTHONHASHSEED=0 and one BLAS thread make a count repeatable
to the instruction. It counts work, not time: a cache miss or a page fault costs nothing here, so it
complements benchmarks.run, it does not replace it.

Needs valgrind (Debian's package). Imports the standard library only (the workloads import autograd and nn
of the tree they measure, in their own process).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = ("import sys; sys.path.insert(0, sys.argv[1]); steps = int(sys.argv[2])\n"
         "from nn import MLP, SGD, fit, make_moons\n"
         "X, y = make_moons(100, noise=0.1, seed=0)\n"
         "model = MLP(2, [16, 16, 1], seed=0)\n")
# name -> (what one step is, its script, the short and long step counts)
WORKLOADS = {
    "fit": ("one nn.fit epoch: moons 2-16-16-1, 100 points, full batch, SGD with weight decay (compiled)",
            SETUP + "fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1, weight_decay=2e-4), epochs=steps, "
                    "progress=False)\n", 101, 301),
    "traced": ("Trace.backward + SGD.step, the same model and data",
               SETUP + "from autograd import trace\nfrom nn import bce_with_logits\n"
                       "optimizer = SGD(model.parameters(), lr=0.1)\n"
                       "step = trace(lambda x, t: bce_with_logits(model(x), t), X[0], float(y[0]))\n"
                       "for _ in range(steps):\n"
                       "    optimizer.zero_grad(); step.backward(X, y.astype(float)); optimizer.step()\n", 101, 301),
    "eager": ("one eager step: forward over 100 samples, bce_with_logits, backward, SGD.step",
              SETUP + "from nn import bce_with_logits\noptimizer = SGD(model.parameters(), lr=0.1)\n"
                      "for _ in range(steps):\n"
                      "    loss = bce_with_logits([model(x) for x in X], [float(t) for t in y])\n"
                      "    optimizer.zero_grad(); loss.backward(); optimizer.step()\n", 1, 4),
    "wide": ("a wide sum of 2,000 products built and differentiated, eager",
             "import sys; sys.path.insert(0, sys.argv[1]); steps = int(sys.argv[2])\n"
             "from autograd import Value\n"
             "for _ in range(steps):\n"
             "    leaves = [Value(0.001 * i) for i in range(4000)]\n"
             "    total = sum(leaves[i] * leaves[i + 1] for i in range(0, 4000, 2))\n"
             "    total.backward()\n", 1, 4),
}


def count(tree: Path, script: str, steps: int) -> int:
    """Instructions callgrind counts for ``script`` run with ``steps`` steps against ``tree``."""
    environment = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", script,
               str(tree), str(steps)]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=tree, check=False)
    found = re.search(r"refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed in {tree} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_step(tree: Path, name: str) -> float:
    _, script, short, long = WORKLOADS[name]
    count(tree, script, short)  # a first run writes the .pyc files, which the measured runs then read
    return (count(tree, script, long) - count(tree, script, short)) / (long - short)


@contextmanager
def worktree(revision: str):
    """A temporary git worktree of ``revision``, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="chainrule-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(folder), revision], cwd=ROOT, check=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Instructions per step, counted by valgrind's callgrind.")
    parser.add_argument("--workload", action="append", choices=sorted(WORKLOADS), help="(default: all)")
    parser.add_argument("--against", metavar="REV", help="a git revision measured beside this checkout")
    arguments = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind", file=sys.stderr)
        return 2
    names = arguments.workload or list(WORKLOADS)
    trees = {"this checkout": ROOT}
    with worktree(arguments.against) if arguments.against else _nothing() as other:
        if other is not None:
            trees = {arguments.against: other, **trees}
        for name in names:
            counts = {label: per_step(tree, name) for label, tree in trees.items()}
            shown = "   ".join(f"{label}: {number:,.0f}" for label, number in counts.items())
            change = ""
            if len(counts) == 2:
                before, after = counts.values()
                change = f"   ({(after - before) / before:+.1%})"
            print(f"{name:7} {shown}{change}   [{WORKLOADS[name][0]}]", flush=True)
    return 0


@contextmanager
def _nothing():
    yield None


if __name__ == "__main__":
    raise SystemExit(main())
