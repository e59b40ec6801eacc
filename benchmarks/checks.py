"""Did every backend compute the same numbers? The checks behind each benchmark's figures.

Moons: the losses of the first STEPS training steps from the shared weights, and the loss
of every timed step. Graph workloads: the output and one gradient. Imports the standard library.
"""
import importlib.metadata
from dataclasses import dataclass

STEPS = 3  # training steps whose losses must agree across backends
TOLERANCE = 1e-9  # relative; the backends add in different orders, so not bit-equal
MICROGRAD = "0.1.0"


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


def relative_difference(a: float, b: float) -> float:
    return 0.0 if a == b else abs(a - b) / max(abs(a), abs(b))


def compare(answers: dict) -> list[Verdict]:
    """One verdict per workload and size (and one per failure that was expected)."""
    groups = {}
    for case, rounds in answers.items():
        if case.expect_failure:
            groups[("failure", case.name)] = _expected_failure(case, rounds)
            continue
        key = (case.workload, case.size)
        groups.setdefault(key, {})[case.backend] = [_numbers(case.workload, answer) for answer in rounds]
    return [group if isinstance(group, Verdict) else _agreement(key, group) for key, group in groups.items()]


def _numbers(workload: str, answer: dict) -> list[float]:
    """What must agree: losses (and the timed step's loss, which is step 0's again), or value and grad."""
    if workload.startswith("moons"):
        return [*answer["losses"], answer["timed_loss"]]
    return [answer["value"]] + ([answer["grad"]] if "grad" in answer else [])


def _agreement(key: tuple, backends: dict) -> Verdict:
    workload, size = key
    reference = next(iter(backends.values()))[0]
    worst = max(relative_difference(a, b) for runs in backends.values() for numbers in runs
                for a, b in zip(numbers, reference))
    lengths_ok = all(len(numbers) == len(reference) for runs in backends.values() for numbers in runs)
    ok = worst <= TOLERANCE and lengths_ok
    what = f"losses of {STEPS} steps" if workload.startswith("moons") else "output and gradient"
    return Verdict(ok, f"check {workload} ({_size(size)}): {what} agree across {', '.join(backends)} and every "
                       f"round: max relative difference {worst:.1e} (tolerance {TOLERANCE:g}) "
                       f"{'OK' if ok else '*** MISMATCH ***'}")


def _expected_failure(case, rounds: list) -> Verdict:
    errors = {answer["error"] for answer in rounds if not answer["ok"]}
    if errors:
        return Verdict(True, f"check {case.workload} {case.backend} ({_size(case.size)}): fails, as expected "
                             f"({'; '.join(sorted(errors))})")
    return Verdict(True, f"note {case.workload} {case.backend} ({_size(case.size)}): expected to fail, but it ran")


def _size(size) -> str:
    return {"small": "100 points", "large": "10,000 points"}.get(size) or f"N={size:,}"
