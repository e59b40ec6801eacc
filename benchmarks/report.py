"""The results page: progress lines, the summary table with ratios, the machine and versions,
the targets and checks; written atomically to RESULTS.md. Imports the standard library.
"""
import datetime
import importlib.metadata
import os
import platform
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"built": "built", "after_backward": "after backward"}  # the two readings of bytes_per_node


def progress(case, answer: dict) -> str:
    """One measurement, as its progress line shows it."""
    if not answer["ok"]:
        return f"fails: {answer['error'][:70]}"
    if case.workload == "bytes_per_node":
        return (f"{answer['built']:.0f} B/node built, {answer['after_backward']:.0f} after backward "
                f"({answer['nodes']:,} nodes)")
    times = answer["times"]
    return (f"{milliseconds(statistics.mean(times))} ms (mean of {len(times)} reps; "
            f"{answer['page_faults']:,.0f} page faults/rep)")


def milliseconds(seconds: float) -> str:
    """Seconds as milliseconds with 3-4 significant digits, never in exponent notation."""
    ms = seconds * 1000
    return (f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 1
            else f"{ms:.3f}" if ms >= 0.1 else f"{ms:.4f}")


def summarise(answers: dict) -> list[dict]:
    """One row per case (two for bytes_per_node): the median over rounds, the range, and how it was taken."""
    rows = []
    for case, rounds in answers.items():
        base = {"workload": case.workload, "backend": case.backend, "size": case.size, "rounds": len(rounds)}
        if not all(answer["ok"] for answer in rounds):
            rows.append({**base, "stage": "", "kind": "fails", "error": rounds[0]["error"].split(":")[0]})
        elif case.workload == "bytes_per_node":
            for stage in STAGES:
                rows.append({**base, "stage": stage, "kind": "bytes", **_spread([a[stage] for a in rounds]),
                             "nodes": rounds[0]["nodes"]})
        else:
            per_round = [statistics.mean(answer["times"]) for answer in rounds]  # a round's figure: its mean rep
            setup = [answer["setup_seconds"] for answer in rounds if "setup_seconds" in answer]
            rows.append({**base, "stage": "", "kind": "time", **_spread(per_round),
                         "reps": statistics.median_low(len(a["times"]) for a in rounds),
                         "setup": statistics.median(setup) if setup else None, "points": rounds[0].get("points")})
    return rows


def _spread(figures: list[float]) -> dict:
    return {"median": statistics.median(figures), "low": min(figures), "high": max(figures)}


def find(rows: list[dict], workload: str, backend: str, size, stage: str = "") -> dict | None:
    for row in rows:
        if (row["workload"], row["backend"], row["size"], row["stage"]) == (workload, backend, size, stage):
            return row if row["kind"] != "fails" else None
    return None


def _ratio(row: dict, other: dict | None) -> float | None:
    return None if other is None or row["kind"] == "fails" or other is row else row["median"] / other["median"]


def show_ratio(ratio: float | None, fraction: bool) -> str:
    if ratio is None:
        return "—"
    if fraction and ratio < 1:
        return f"1/{1 / ratio:.1f}" if ratio > 0.1 else f"1/{1 / ratio:,.0f}"
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.1f}x" if ratio < 100 else f"{ratio:,.0f}x"


def _size(row: dict) -> str:
    if row.get("points"):
        return f"{row['points']:,} points"
    nodes = f" ({row['nodes']:,} nodes)" if "nodes" in row else ""
    return f"N={row['size']:,}{nodes}"


def _figure(row: dict) -> tuple[str, str]:
    """(median, min–max) as the table shows them."""
    if row["kind"] == "fails":
        return f"fails ({row['error']})", "—"
    if row["kind"] == "bytes":
        return f"{row['median']:.0f} B/node", f"{row['low']:.0f}–{row['high']:.0f}"
    return f"{milliseconds(row['median'])} ms", f"{milliseconds(row['low'])}–{milliseconds(row['high'])}"


def table(rows: list[dict]) -> str:
    lines = ["| workload | backend | size | median | min–max | rounds × reps | vs micrograd | vs numpy |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        name = row["workload"] + (f" ({STAGES[row['stage']]})" if row["stage"] else "")
        median, spread = _figure(row)
        micrograd = find(rows, row["workload"], "micrograd", row["size"], row["stage"])
        numpy = find(rows, row["workload"], "numpy", row["size"])
        reps = f"{row['rounds']} × {row['reps']}" if "reps" in row else f"{row['rounds']}"
        lines.append(f"| {name} | {row['backend']} | {_size(row)} | {median} | {spread} | {reps} "
                     f"| {show_ratio(_ratio(row, micrograd), True)} | {show_ratio(_ratio(row, numpy), False)} |")
    return "\n".join(lines)


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        models = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    loads = " / ".join(f"{load:.2f}" for load in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [("CPU", f"{cpu}, {os.cpu_count()} logical cores"), ("OS", platform.platform()),
            ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
            ("numpy", _version("numpy")), ("micrograd", _version("micrograd")), ("chainrule", _commit()),
            ("load average at the end (1 / 5 / 15 min)", loads)]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "autograd", "nn"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown (no git)"
    return f"git {head}" + (" + uncommitted changes in autograd/ or nn/" if dirty else "") if head else "unknown"


def render(rows: list[dict], goals: list[tuple], verdicts: list, rounds: int, command: str, seconds: float,
           malloc: str = "glibc defaults") -> str:
    """The whole results page (markdown): what was run, on what, the table, the targets, the checks."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    setups = [f"{_size(row)}: {milliseconds(row['setup'])} ms" for row in rows
              if row["backend"] == "chainrule-traced" and row.get("setup") is not None]
    parts = [
        "# chainrule benchmarks", "",
        f"Command: `{command}` (`make bench` runs `python -m benchmarks.run`). {now}; {rounds} rounds; "
        f"{seconds / 60:.1f} minutes. How to read it: benchmarks/README.md.", "",
        *[f"- {name}: {value}" for name, value in machine()], f"- workers' malloc: {malloc}", "",
        "Each measurement ran in its own process; within a round the backends alternated, in an order "
        "rotated every round. A round's figure is the mean of its repetitions; the table shows the median "
        "over rounds and the range. Moons rows time one whole training step (zero grads, forward, loss, "
        "backward, SGD update), each repetition from the same initial weights. Garbage collection: Python's "
        "default settings. Ratios compare medians: `1/20` = a twentieth of micrograd's time (or bytes).", "",
        table(rows), "",
        "## Targets (issue 6)", "", "| target | measured | verdict |", "|---|---:|---|",
        *[f"| {target} | {measured} | {verdict} |" for target, measured, verdict in goals if verdict != "not measured"],
        *([] if any(verdict != "not measured" for *_, verdict in goals) else ["(none measured by this run)"]), "",
        "## Checks", "", *[f"- {verdict.line}" for verdict in verdicts], "",
        "## Notes", "",
        "- deep_chain: each link makes 5 Values (2 constants, *, +, tanh; micrograd 0.1.0 has no tanh, so "
        "the benchmark adds one built the way micrograd builds its ops). micrograd's recursive topological "
        "sort fails past about 330 links (about 1,000 nodes deep), so the two are compared at N=300.",
        "- wide_sum and bytes_per_node: N products of seeded leaves summed pairwise (a balanced tree), "
        "2N + N + N - 1 nodes; bytes are tracemalloc's live allocations after gc.collect(), per node.",
        "- chainrule-traced records its graph once before training (not in the step time): "
        f"{', '.join(setups) or '—'}.",
        "- malloc: with glibc's defaults, whether a step's large arrays are mapped in afresh (page faults) "
        "each step depends on the heap's layout, which shifts with details as unrelated as whether stderr "
        "is a file; the same numpy step at 10,000 points then takes 1.4 or 3.8 ms. The workers therefore "
        "run with a fixed heap top pad (all backends alike); `--malloc default` measures glibc's defaults, "
        "and every progress line shows the page faults per repetition.",
    ]
    return "\n".join(parts) + "\n"
