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

from . import checks, report, targets

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    """One backend at one size of one workload; ``expect_failure``: its error is the result."""

    workload: str
    backend: str
    size: object
    expect_failure: bool = False
    max_rounds: int | None = None  # for long single measurements (the million-op chain)

    @property
    def name(self) -> str:
        return f"{self.workload}/{self.backend}/{self.size}"


def plan(quick: bool) -> dict[str, list[Case]]:
    """Every workload and its cases (backends, sizes), in table order."""
    chain = 100_000 if quick else 1_000_000
    return {
        "moons_step": [Case("moons_step", b, "small")
                       for b in ("micrograd", "chainrule-eager", "chainrule-traced", "numpy")],
        "moons_step_10k": [Case("moons_step_10k", b, "large") for b in ("chainrule-traced", "numpy")],
        "deep_chain": [Case("deep_chain", "micrograd", 300), Case("deep_chain", "chainrule-eager", 300),
                       Case("deep_chain", "micrograd", 5_000, expect_failure=True),
                       Case("deep_chain", "chainrule-eager", chain, max_rounds=3)],
        "wide_sum": [Case("wide_sum", b, 20_000) for b in ("micrograd", "chainrule-eager")],
        "bytes_per_node": [Case("bytes_per_node", b, 20_000, max_rounds=3) for b in ("micrograd", "chainrule-eager")],
    }


def budget(case: Case, quick: bool) -> dict:
    """How long to time a case: at least min_reps repetitions and min_time seconds, at most max_reps."""
    if quick:
        return {"min_reps": 1, "min_time": 0.05, "max_reps": 1000}
    if case.backend == "micrograd" and case.workload == "moons_step":
        return {"min_reps": 2, "min_time": 0.0, "max_reps": 2}  # 1.2 s each
    return {"min_reps": 3, "min_time": 0.5, "max_reps": 20_000}


def worker_spec(case: Case, fixtures_path: Path, quick: bool) -> dict:
    return {"workload": case.workload, "backend": case.backend, "size": case.size, "fixtures": str(fixtures_path),
            "check_steps": checks.STEPS, **budget(case, quick)}


# glibc gives the top of its heap back to the OS when it is freed, and maps it in again (page
# faults) when the next step allocates: whether a step's big arrays land there depends on the
# heap's layout, which changes with things as unrelated as whether stderr is a file. The same
# numpy step at 10,000 points then takes 1.4 or 3.8 ms. A fixed top pad takes that lottery away
# for every backend alike (pure-Python objects live in pymalloc's arenas, which it does not touch).
PADDED_MALLOC = {"MALLOC_TOP_PAD_": str(64 << 20)}


def run_worker(spec: dict, malloc: str = "padded") -> dict:
    """Run one measurement in a fresh interpreter (this one's, from the checkout) and read its JSON."""
    command = [sys.executable, "-m", "benchmarks.worker", json.dumps(spec)]
    environment = {**os.environ, **(PADDED_MALLOC if malloc == "padded" else {})}
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


def measure_all(workloads: dict, rounds: int, fixtures_path: Path, quick: bool, malloc: str) -> dict:
    """{case: [answer per round]}, running the rounds of one workload back to back."""
    answers = {}
    for cases in workloads.values():
        for round_index in range(rounds):
            for case in rotated(cases, round_index):
                if case.max_rounds is not None and round_index >= case.max_rounds:
                    continue
                answer = run_worker(worker_spec(case, fixtures_path, quick), malloc)
                _check_expected(case, answer)
                answers.setdefault(case, []).append(answer)
                print(f"[round {round_index + 1}/{rounds}] {case.workload:<15} {case.backend:<17} "
                      f"{case.size!s:>9}  {report.progress(case, answer)}", flush=True)
    return answers


def _check_expected(case: Case, answer: dict) -> None:
    if not answer["ok"] and not case.expect_failure:
        raise SystemExit(f"FAILED: {case.name} raised {answer['error']}")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds of alternating runs (default 5; 2 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds and repetitions, a 100,000-op chain: a smoke test")
    parser.add_argument("--only", choices=list(plan(False)), help="run just this workload")
    parser.add_argument("--malloc", choices=["padded", "default"], default="padded",
                        help="glibc heap settings of the workers (default: padded, see PADDED_MALLOC in run.py)")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the results (default benchmarks/RESULTS.md, for full runs only)")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 2 if args.quick else 5
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1; got {args.rounds}.")
    args.partial = bool(args.quick or args.only or args.malloc != "padded")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_arguments(argv)
    checks.require_micrograd()
    workloads = plan(args.quick)
    if args.only:
        workloads = {args.only: workloads[args.only]}
    started = time.time()
    with tempfile.TemporaryDirectory() as directory:
        from . import fixtures

        answers = measure_all(workloads, args.rounds, fixtures.write(Path(directory)), args.quick, args.malloc)
    verdicts = checks.compare(answers)
    print("\n" + "\n".join(verdict.line for verdict in verdicts))
    if not all(verdict.ok for verdict in verdicts):
        print("\nCHECK FAILED: the backends did not compute the same numbers; no results written.", file=sys.stderr)
        return 1
    publish(answers, verdicts, args, "python -m benchmarks.run" + "".join(f" {arg}" for arg in argv),
            time.time() - started)
    return 0


def publish(answers: dict, verdicts: list, args: argparse.Namespace, command: str, seconds: float) -> None:
    """Print the results page; write it to RESULTS.md after a full run (or to --output)."""
    rows = report.summarise(answers)
    malloc = ("glibc defaults" if args.malloc == "default" else
              " ".join(f"{name}={value} ({int(value) >> 20} MiB)" for name, value in PADDED_MALLOC.items()))
    text = report.render(rows, targets.evaluate(rows), verdicts, args.rounds, command, seconds, malloc)
    print("\n" + text)
    output = args.output or (None if args.partial else ROOT / "benchmarks" / "RESULTS.md")
    if output is None:
        print("(a partial run: not written to benchmarks/RESULTS.md; pass --output FILE to keep it)")
    else:
        write_text(output, text)
        print(f"written to {output}")


if __name__ == "__main__":
    sys.exit(main())
