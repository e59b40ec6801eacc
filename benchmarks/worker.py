"""One measurement in a fresh process: ``python -m benchmarks.worker SPEC`` prints one JSON line.

SPEC (JSON): workload, backend, size, and for timing min_reps, min_time (seconds), max_reps; a
training workload also has its problem (problems.Problem.as_spec), the fixtures' .npz path and
check_steps. The answer holds the seconds of every timed repetition, the numbers the runner compares
across backends, or the error when the workload failed. The garbage collector keeps Python's
defaults: what users get.
"""
import json
import math
import statistics
import sys
import time

try:
    import resource
except ImportError:  # not on Windows: page faults are then reported as 0
    resource = None

from . import graphs  # fixtures, problems and the backends only when a training workload runs

GRAPHS = {"deep_chain": graphs.deep_chain, "wide_sum": graphs.wide_sum}
ONE_OFF_SHARE = 10  # chainrule-fit's timed epochs take at least this many times fit's one-off cost


def measure(spec: dict) -> dict:
    """Run the workload ``spec`` describes; returns its answer (see the module docstring)."""
    workload = spec["workload"]
    if "problem" in spec:
        return _training(spec)
    lib = graphs.library(spec["backend"])
    if workload == "bytes_per_node":
        return graphs.bytes_per_node(lib, graphs.seeded_pairs(spec["size"]))
    if workload in graphs.BUILDERS:
        return _backward_only(lib, graphs.BUILDERS[workload], graphs.graph_argument(workload, spec["size"]), spec)
    if workload not in GRAPHS:
        raise ValueError(f"unknown workload {workload!r}; choose one of {', '.join(sorted(GRAPHS))}, "
                         f"{', '.join(sorted(graphs.BUILDERS))}, bytes_per_node, or give a training problem.")
    argument = graphs.graph_argument(workload, spec["size"])
    timing, result = repeat(lambda: GRAPHS[workload](lib, argument), spec)
    return {**result, **timing}


def _backward_only(lib, build, argument, spec: dict) -> dict:
    """Time root.backward() alone, each repetition on a graph built afresh (untimed) before it."""
    graph = {}

    def rebuild():
        graph["root"], graph["leaf"] = build(lib, argument)

    timing, _ = repeat(lambda: graph["root"].backward(), spec, reset=rebuild)
    root, leaf = graph["root"], graph["leaf"]
    return {**timing, "nodes": graphs.count_nodes(root, lib.parents), "value": root.data, "grad": leaf.grad}


def _training(spec: dict) -> dict:
    """Set up (timed once), take check_steps steps on the schedule, then time steps from the initial weights."""
    from . import fixtures
    from .problems import Problem, learning_rate, make_backend

    problem = Problem.from_spec(spec["problem"])
    weights, X, y = fixtures.load(spec["fixtures"], spec["workload"])
    started = time.perf_counter()
    backend = make_backend(spec["backend"], problem, weights, X, y)
    setup = {"setup_seconds": time.perf_counter() - started, "points": len(X), "shape": problem.shape}
    if spec["backend"] == "chainrule-fit":
        return {**setup, **_fit(backend, problem, spec)}
    losses = [backend.step(learning_rate(problem, k)) for k in range(spec["check_steps"])]
    trained = backend.weights().tolist()
    # Every timed step starts from the same weights, so every backend times the very same step
    # (chainrule's eager engine skips nodes whose gradient is 0, and how many there are changes as training goes).
    timing, loss = repeat(lambda: backend.step(learning_rate(problem, 0)), spec, reset=backend.reset)
    extra = {"compile_seconds": backend.compile_seconds} if hasattr(backend, "compile_seconds") else {}
    return {**setup, **timing, **extra, "losses": losses, "weights": trained, "timed_loss": loss}


def _fit(backend, problem, spec: dict) -> dict:
    """fit's cost per epoch: (wall time of a fit of 1 + E epochs - that of a fit of 1) / E, so it holds
    everything fit does per epoch and none of what it does once (checks, tracing, compiling).

    The check: check_steps epochs on the schedule; their weights (and, without a penalty, which fit's
    loss leaves out, their losses) must match the other backends'. E: enough epochs for min_time, and
    for ONE_OFF_SHARE times fit's one-off cost, whose noise would otherwise move the difference."""
    started = time.perf_counter()
    history = backend.fit(spec["check_steps"], schedule=True)
    one_off = time.perf_counter() - started - sum(history.seconds)
    check = {"weights": backend.weights().tolist()}
    if problem.loss != "hinge":
        check["losses"] = list(history.loss)
    enough = max(spec["min_time"], ONE_OFF_SHARE * one_off) / statistics.median(history.seconds)
    epochs = min(spec["max_reps"], max(spec["min_reps"], math.ceil(enough)))
    (short_seconds, short_faults, short), (long_seconds, long_faults, long) = (
        _timed_fit(backend, count) for count in (1, 1 + epochs))
    return {**check, "times": [(long_seconds - short_seconds) / epochs], "reps": epochs,
            "page_faults": max(0.0, (long_faults - short_faults) / epochs),
            "epoch_seconds": statistics.mean(long.seconds[1:]),  # fit's own History.seconds, epochs 2..
            "fit_setup_seconds": short_seconds - short.seconds[0]}


def _timed_fit(backend, epochs: int) -> tuple:
    """(seconds, page faults, History) of one fit call of ``epochs`` epochs from the initial weights."""
    backend.reset()
    faults, started = _minor_faults(), time.perf_counter()
    history = backend.fit(epochs)
    return time.perf_counter() - started, _minor_faults() - faults, history


def repeat(run, spec: dict, reset=None) -> tuple[dict, object]:
    """Time ``run()`` at least min_reps times and for at least min_time seconds (at most max_reps).

    ``reset()`` (untimed) runs before each repetition. Returns {"times": seconds of each,
    "page_faults": minor page faults per repetition} and the last result.
    """
    times, result, faults = [], None, 0
    while len(times) < spec["min_reps"] or (sum(times) < spec["min_time"] and len(times) < spec["max_reps"]):
        if reset is not None:
            reset()
        before = _minor_faults()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
        faults += _minor_faults() - before
    return {"times": times, "page_faults": faults / len(times)}, result


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
