"""The benchmark runner: ``python -m benchmarks.run [--rounds N] [--quick] [--only WORKLOAD]``.

Each measurement runs in its own process (benchmarks.worker); within a round the backends
alternate, in an order rotated every round, so a slow spell of the machine hits them all
alike. Prints a progress line per measurement, checks that the backends computed the same
numbers, then prints the table and (for a full run) writes it to benchmarks/RESULTS.md.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from autograd.files import write_text

from . import checks, graphs, page, report, targets
from .environment import ONE_THREAD, PADDED_MALLOC, ROOT
from .problems import PROBLEMS

COMPILED_AND_PEERS = ("numpy", "chainrule-traced", "chainrule-fit", "torch", "jax")


@dataclass(frozen=True)
class Case:
    """One backend at one size of one workload; ``expect_failure``: its error is the result."""

    workload: str
    backend: str
    size: object
    expect_failure: bool = False
    max_rounds: int | None = None  # for long single measurements (the million-op chain)
    malloc: str = "padded"  # the workers' glibc heap settings: "padded" or "default" (see PADDED_MALLOC)

    @property
    def name(self) -> str:
        return f"{self.workload}/{self.backend}/{self.size}" + ("/default-malloc" if self.malloc == "default" else "")


def plan(quick: bool) -> dict[str, list[Case]]:
    """Every workload and its cases (backends, sizes), in table order."""
    def training(workload, backends=COMPILED_AND_PEERS, malloc="padded"):
        return [Case(workload, backend, PROBLEMS[workload].points, malloc=malloc) for backend in backends]

    chain = 100_000 if quick else 1_000_000
    return {
        "moons_step": training("moons_step", ("micrograd", "chainrule-eager", *COMPILED_AND_PEERS)),
        "moons_1k": training("moons_1k"),
        "moons_10k": training("moons_10k") + training("moons_10k", malloc="default"),
        "moons_64": training("moons_64"),
        "moons_128": training("moons_128"),
        "cross_entropy_784": training("cross_entropy_784"),
        "backward_chain": [Case("backward_chain", backend, 300) for backend in graphs.BACKENDS],
        "backward_wide": [Case("backward_wide", backend, 20_000) for backend in graphs.BACKENDS],
        "deep_chain": [Case("deep_chain", "micrograd", 300), Case("deep_chain", "chainrule-eager", 300),
                       Case("deep_chain", "micrograd", 5_000, expect_failure=True),
                       Case("deep_chain", "chainrule-eager", chain, max_rounds=3)],
        "wide_sum": [Case("wide_sum", backend, 20_000) for backend in graphs.BACKENDS],
        "bytes_per_node": [Case("bytes_per_node", backend, 20_000, max_rounds=3) for backend in graphs.BACKENDS],
    }


def budget(case: Case, quick: bool) -> dict:
    """How long to time a case: at least min_reps repetitions and min_time seconds, at most max_reps
    (for chainrule-fit the repetitions are epochs)."""
    if quick:
        return {"min_reps": 1, "min_time": 0.05, "max_reps": 1000}
    if case.backend == "micrograd" and case.workload == "moons_step":
        return {"min_reps": 2, "min_time": 0.0, "max_reps": 2}  # 1.2 s each
    if case.workload == "deep_chain" and case.size >= 100_000:
        return {"min_reps": 1, "min_time": 0.0, "max_reps": 1}  # 9 s each: once a round is enough
    return {"min_reps": 3, "min_time": 0.5, "max_reps": 20_000}


def worker_spec(case: Case, fixtures_path: Path, quick: bool) -> dict:
    spec = {"workload": case.workload, "backend": case.backend, "size": case.size, **budget(case, quick)}
    if case.workload in PROBLEMS:
        spec.update(problem=PROBLEMS[case.workload].as_spec(), fixtures=str(fixtures_path),
                    check_steps=checks.STEPS)
    return spec


def run_worker(spec: dict, malloc: str = "padded") -> dict:
    """Run one measurement in a fresh interpreter (this one's, from the checkout) and read its JSON."""
    command = [sys.executable, "-m", "benchmarks.worker", json.dumps(spec)]
    environment = {**os.environ, **ONE_THREAD, **(PADDED_MALLOC if malloc == "padded" else {})}
    if malloc != "padded":
        for name in PADDED_MALLOC:
            environment.pop(name, None)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, env=environment)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"benchmark worker crashed on {spec['workload']}/{spec['backend']} "
                         f"(exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    answer = json.loads(lines[-1])
    file = answer.get("autograd_file")
    if file is not None and Path(file).resolve().parent.parent != ROOT:
        raise SystemExit(f"the worker imported chainrule from {file}, not from {ROOT}; run from the checkout.")
    return answer


def rotated(cases: list, round_index: int) -> list:
    shift = round_index % len(cases)
    return cases[shift:] + cases[:shift]


def measure_all(workloads: dict, rounds: int, fixtures_path: Path, quick: bool) -> dict:
    """{case: [answer per round]}, running the rounds of one workload back to back."""
    answers = {}
    for cases in workloads.values():
        for round_index in range(rounds):
            for case in rotated(cases, round_index):
                if case.max_rounds is not None and round_index >= case.max_rounds:
                    continue
                answer = run_worker(worker_spec(case, fixtures_path, quick), case.malloc)
                _check_expected(case, answer)
                answers.setdefault(case, []).append(answer)
                malloc = " (default malloc)" if case.malloc == "default" else ""
                print(f"[round {round_index + 1}/{rounds}] {case.workload:<17} {case.backend:<16} "
                      f"{case.size!s:>9}{malloc}  {report.progress(case, answer)}", flush=True)
    return answers


def _check_expected(case: Case, answer: dict) -> None:
    if not answer["ok"] and not case.expect_failure:
        raise SystemExit(f"FAILED: {case.name} raised {answer['error']}")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds of alternating runs (default 5; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="one round, short timings, a 100,000-op chain: a sanity run of every row (~2 min)")
    parser.add_argument("--only", choices=list(plan(False)), action="append",
                        help="run just this workload (may be repeated)")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the results (default benchmarks/RESULTS.md, for full runs only)")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 1 if args.quick else 5
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1; got {args.rounds}.")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_arguments(argv)
    checks.require_micrograd()
    workloads = plan(args.quick)
    if args.only:
        workloads = {name: workloads[name] for name in workloads if name in args.only}
    missing = checks.missing_peers()  # torch, jax: their rows are left out, and the run is partial
    workloads = {name: [case for case in cases if case.backend not in missing] for name, cases in workloads.items()}
    partial = bool(args.quick or args.only or missing)
    load = report.load_average()
    if hasattr(os, "getloadavg") and os.getloadavg()[0] > 0.5:
        print(f"note: the load average is {load}: other work shares the cores, so the figures will be noisier.")
    started = time.time()
    with tempfile.TemporaryDirectory() as directory:
        from . import fixtures

        path = fixtures.write(Path(directory), {name: PROBLEMS[name] for name in workloads if name in PROBLEMS})
        answers = measure_all(workloads, args.rounds, path, args.quick)
    verdicts = checks.compare(answers)
    print("\n" + "\n".join(verdict.line for verdict in verdicts))
    if not all(verdict.ok for verdict in verdicts):
        print("\nCHECK FAILED: the backends did not compute the same numbers; no results written.", file=sys.stderr)
        return 1
    command = "python -m benchmarks.run" + "".join(f" {arg}" for arg in argv)
    publish(answers, verdicts, args, partial, command, time.time() - started, load)
    return 0


def publish(answers: dict, verdicts: list, args: argparse.Namespace, partial: bool, command: str,
            seconds: float, load: str) -> None:
    """Print the results page; write it to RESULTS.md after a full run (or to --output)."""
    rows = report.summarise(answers)
    settings = {"padded": " ".join(f"{name}={value} ({int(value) >> 20} MiB)" for name, value in PADDED_MALLOC.items()),
                "threads": " ".join(f"{name}={value}" for name, value in ONE_THREAD.items()), "load": load}
    text = report.render(rows, targets.tables(rows), verdicts, args.rounds, command, seconds, settings)
    print("\n" + text)
    output = args.output or (None if partial else ROOT / "benchmarks" / "RESULTS.md")
    if output is None:
        print("(a partial run: not written to benchmarks/RESULTS.md; pass --output FILE to keep it)")
    else:
        write_text(output, page.carried_over(output, text))  # benchmarks.page's section is its own: kept
        print(f"written to {output}")


if __name__ == "__main__":
    sys.exit(main())
