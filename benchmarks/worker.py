"""One measurement in a fresh process: ``python -m benchmarks.worker SPEC`` prints one JSON line.

SPEC (JSON): workload, backend, size, and for timing min_reps, min_time (seconds), max_reps;
for the moons workloads also fixtures (the .npz path) and check_steps. The answer holds the
seconds of every timed repetition, the numbers the runner compares across backends, or the
error when the workload failed. The garbage collector keeps Python's defaults: what users get.
"""
import json
import sys
import time

try:
    import resource
except ImportError:  # not on Windows: page faults are then reported as 0
    resource = None

from . import graphs  # fixtures and moons (numpy) only when a moons workload runs

MOONS = {"moons_step", "moons_step_10k"}
GRAPHS = {"deep_chain": graphs.deep_chain, "wide_sum": graphs.wide_sum}


def measure(spec: dict) -> dict:
    """Run the workload ``spec`` describes; returns its answer (see the module docstring)."""
    workload = spec["workload"]
    if workload in MOONS:
        return _moons(spec)
    lib = graphs.library(spec["backend"])
    if workload == "bytes_per_node":
        return graphs.bytes_per_node(lib, graphs.seeded_pairs(spec["size"]))
    if workload not in GRAPHS:
        raise ValueError(f"unknown workload {workload!r}; choose one of {', '.join(sorted(MOONS | set(GRAPHS)))}, "
                         "bytes_per_node.")
    argument = spec["size"] if workload == "deep_chain" else graphs.seeded_pairs(spec["size"])
    timing, result = repeat(lambda: GRAPHS[workload](lib, argument), spec)
    return {**result, **timing}


def _moons(spec: dict) -> dict:
    """Set up (timed once), take check_steps steps on the schedule, then time steps from the initial weights."""
    from . import fixtures, moons

    weights, X, y = fixtures.load(spec["fixtures"], spec["size"])
    started = time.perf_counter()
    backend = moons.make_backend(spec["backend"], weights, X, y)
    setup_seconds = time.perf_counter() - started
    losses = [backend.step(moons.learning_rate(k)) for k in range(spec["check_steps"])]
    # Every timed step starts from the same weights, so every backend times the very same step
    # (chainrule skips nodes whose gradient is 0, and how many there are changes as training goes).
    timing, loss = repeat(lambda: backend.step(moons.learning_rate(0)), spec, reset=backend.reset)
    return {**timing, "losses": losses, "timed_loss": loss, "setup_seconds": setup_seconds, "points": len(X)}


def repeat(run, spec: dict, reset=None) -> tuple[dict, object]:
    """Time ``run()`` at least min_reps times and for at least min_time seconds (at most max_reps).

    ``reset()`` (untimed) runs before each repetition. Returns {"times": seconds of each,
    "page_faults": minor page faults per repetition} and the last result.
    """
    times, result, faults = [], None, _minor_faults()
    while len(times) < spec["min_reps"] or (sum(times) < spec["min_time"] and len(times) < spec["max_reps"]):
        if reset is not None:
            reset()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return {"times": times, "page_faults": (_minor_faults() - faults) / len(times)}, result


def _minor_faults() -> int:
    """Page faults so far: memory the OS had to map in (a freed-and-reallocated heap shows up here)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt if resource is not None else 0


def answer(spec: dict) -> dict:
    """measure(spec) with ``ok``; a failure is reported, not raised (the runner knows which ones are expected)."""
    try:
        result = {"ok": True, **measure(spec)}
    except Exception as error:
        result = {"ok": False, "error": f"{type(error).__name__}: {str(error)[:300]}"}
    if "autograd" in sys.modules:  # lets the runner check that chainrule came from this checkout
        result["autograd_file"] = sys.modules["autograd"].__file__
    return result


def main(argv: list[str] | None = None) -> int:
    spec = json.loads((sys.argv[1:] if argv is None else argv)[0])
    print(json.dumps(answer(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
