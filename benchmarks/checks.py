"""Did every backend compute the same numbers? The checks behind each benchmark's figures.

Training workloads: the losses of the first STEPS steps from the shared weights (and the loss of
every timed step), and the weights after those steps; chainrule-fit reports weights only when its
loss leaves out a penalty. Graph workloads: the output, one gradient, the node count. Also which
optional peers (torch, jax) are missing. Imports the standard library.
"""
import importlib.metadata
import importlib.util
from dataclasses import dataclass

STEPS = 3  # training steps whose losses and weights must agree across backends
TOLERANCE = 1e-9  # relative; the backends add in different orders, so not bit-equal
MICROGRAD = "0.1.0"
GRAPH_NUMBERS = {"value": "output", "grad": "gradient", "nodes": "node count"}
PEERS = {"torch": "torch", "jax": "jax"}  # backend -> the module it needs (the bench extra installs both)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    line: str


def require_micrograd() -> str:
    """micrograd's version; stops with the command to install it when it is missing."""
    try:
        version = importlib.metadata.version("micrograd")
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"micrograd is not installed; the benchmarks compare against it. Install it with "
                         f"`python -m pip install micrograd=={MICROGRAD}` (or run `make bench`).") from None
    if version != MICROGRAD:
        print(f"warning: micrograd {version} is installed; the figures are meant for micrograd {MICROGRAD}.")
    return version


def missing_peers() -> set[str]:
    """The peer backends whose library is not installed (their rows are left out, with a warning)."""
    missing = {backend for backend, module in PEERS.items() if importlib.util.find_spec(module) is None}
    if missing:
        print(f"warning: {', '.join(sorted(missing))} not installed: those rows are left out and nothing is written "
              "to RESULTS.md. `make bench` installs them (the bench extra: pip install -e '.[bench]').")
    return missing


def relative_difference(a: float, b: float) -> float:
    return 0.0 if a == b else abs(a - b) / max(abs(a), abs(b))


def compare(answers: dict) -> list[Verdict]:
    """One verdict per workload and size (and one per failure that was expected)."""
    groups, verdicts = {}, []
    for case, rounds in answers.items():
        if case.expect_failure:
            verdicts.append(_expected_failure(case, rounds))
        else:
            groups.setdefault((case.workload, case.size), {}).setdefault(case.backend, []).extend(rounds)
    for (workload, size), backends in groups.items():
        training = "weights" in next(iter(backends.values()))[0]
        verdicts.append(_training(workload, size, backends) if training else _graph(workload, size, backends))
    return verdicts


def _training(workload: str, size, backends: dict) -> Verdict:
    """Losses where a backend reports them (the timed step's is step 0's again), weights everywhere;
    weights are compared relative to the largest weight (a bias may be near 0)."""
    with_losses = {name: runs for name, runs in backends.items() if "losses" in runs[0]}
    reference = next(iter(with_losses.values()))[0]["losses"] if with_losses else []
    loss_gap, lengths_ok = 0.0, True
    for runs in with_losses.values():
        for answer in runs:
            losses = answer["losses"] + ([answer["timed_loss"]] if "timed_loss" in answer else [])
            expected = reference + ([reference[0]] if "timed_loss" in answer else [])
            lengths_ok &= len(losses) == len(expected)
            loss_gap = max([loss_gap, *(relative_difference(a, b) for a, b in zip(losses, expected))])
    weights = next(iter(backends.values()))[0]["weights"]
    scale = max(abs(number) for number in weights)
    weight_gap = max(max(abs(a - b) for a, b in zip(answer["weights"], weights)) / scale
                     for runs in backends.values() for answer in runs)
    lengths_ok &= all(len(answer["weights"]) == len(weights) for runs in backends.values() for answer in runs)
    ok = loss_gap <= TOLERANCE and weight_gap <= TOLERANCE and lengths_ok
    weights_only = sorted(set(backends) - set(with_losses))
    only = f" ({', '.join(weights_only)}: weights only)" if weights_only else ""
    return Verdict(ok, f"check {workload} ({size:,} points): losses of {STEPS} steps and the weights after them agree "
                       f"across {', '.join(backends)}{only} and every round: max relative difference "
                       f"{loss_gap:.1e} (losses), {weight_gap:.1e} (weights) (tolerance {TOLERANCE:g}) "
                       f"{'OK' if ok else '*** MISMATCH ***'}")


def _graph(workload: str, size, backends: dict) -> Verdict:
    first = next(iter(backends.values()))[0]
    keys = [key for key in ("value", "grad", "nodes") if key in first]

    def numbers(answer):
        return [answer[key] for key in keys if key in answer]

    reference = numbers(first)
    runs = [numbers(answer) for answers in backends.values() for answer in answers]
    worst = max(relative_difference(a, b) for found in runs for a, b in zip(found, reference))
    ok = worst <= TOLERANCE and all(len(found) == len(reference) for found in runs)
    return Verdict(ok, f"check {workload} (N={size:,}): {', '.join(GRAPH_NUMBERS[key] for key in keys)} agree across "
                       f"{', '.join(backends)} and every round: max relative difference {worst:.1e} "
                       f"(tolerance {TOLERANCE:g}) {'OK' if ok else '*** MISMATCH ***'}")


def _expected_failure(case, rounds: list) -> Verdict:
    errors = {answer["error"] for answer in rounds if not answer["ok"]}
    if errors:
        return Verdict(True, f"check {case.workload} {case.backend} (N={case.size:,}): fails, as expected "
                             f"({'; '.join(sorted(errors))})")
    return Verdict(True, f"note {case.workload} {case.backend} (N={case.size:,}): expected to fail, but it ran")
