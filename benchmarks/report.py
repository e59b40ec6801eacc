"""The results page: progress lines, the summary table with ratios, the machine and versions,
the targets (tables made by targets.py), the checks and the notes. Imports the standard library.
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
PER_NODE = {"backward_chain", "backward_wide"}  # workloads shown per node of the graph


def progress(case, answer: dict) -> str:
    """One measurement, as its progress line shows it."""
    if not answer["ok"]:
        return f"fails: {answer['error'][:70]}"
    if case.workload == "bytes_per_node":
        return (f"{answer['built']:.0f} B/node built, {answer['after_backward']:.0f} after backward "
                f"({answer['nodes']:,} nodes)")
    times = answer["times"]
    what = "epochs" if case.backend == "chainrule-fit" else "reps"
    return (f"{milliseconds(statistics.mean(times))} ms (mean of {answer.get('reps', len(times))} {what}; "
            f"{show_faults(answer['page_faults'])} page faults each)")


def show_faults(count: float) -> str:
    """Page faults per repetition: two decimals while few (0.02 is not 0), whole numbers when many."""
    return f"{count:,.0f}" if count >= 10 else f"{count:.2f}"


def milliseconds(seconds: float) -> str:
    """Seconds as milliseconds with 3-4 significant digits, never in exponent notation."""
    ms = seconds * 1000
    return (f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 1
            else f"{ms:.3f}" if ms >= 0.1 else f"{ms:.4f}")


def summarise(answers: dict) -> list[dict]:
    """One row per case (two for bytes_per_node): the median over rounds, the range, and how it was taken."""
    rows = []
    for case, rounds in answers.items():
        base = {"workload": case.workload, "backend": case.backend, "size": case.size, "rounds": len(rounds),
                "malloc": case.malloc, "stage": ""}
        if not all(answer["ok"] for answer in rounds):
            rows.append({**base, "kind": "fails", "error": rounds[0]["error"].split(":")[0]})
        elif case.workload == "bytes_per_node":
            for stage in STAGES:
                rows.append({**base, "stage": stage, "kind": "bytes", **_spread([a[stage] for a in rounds]),
                             "nodes": rounds[0]["nodes"]})
        else:
            rows.append({**base, **_timing(case, rounds)})
    return rows


def _timing(case, rounds: list[dict]) -> dict:
    per_round = [statistics.mean(answer["times"]) for answer in rounds]  # a round's figure: its mean rep
    row = {"kind": "time", "reps": statistics.median_low(a.get("reps", len(a["times"])) for a in rounds),
           "faults": statistics.median(a["page_faults"] for a in rounds), "points": rounds[0].get("points"),
           "shape": rounds[0].get("shape")}
    if case.workload in PER_NODE:  # seconds per node of the graph
        row.update(kind="per_node", nodes=rounds[0]["nodes"])
        per_round = [seconds / rounds[0]["nodes"] for seconds in per_round]
    for key in ("setup_seconds", "compile_seconds", "fit_setup_seconds", "epoch_seconds"):
        if key in rounds[0]:
            row[key] = statistics.median(answer[key] for answer in rounds)
    return {**row, **_spread(per_round)}


def _spread(figures: list[float]) -> dict:
    return {"median": statistics.median(figures), "low": min(figures), "high": max(figures)}


def find(rows: list[dict], workload: str, backend: str, size, stage: str = "", malloc: str = "padded") -> dict | None:
    """The row of that case, or None when it was not run or failed."""
    for row in rows:
        if (row["workload"], row["backend"], row["size"], row["stage"], row["malloc"]) == (
                workload, backend, size, stage, malloc):
            return row if row["kind"] != "fails" else None
    return None


def ratio(row: dict | None, other: dict | None) -> float | None:
    """row's median over other's; None when either is missing, failed, or is the same row."""
    if row is None or other is None or other is row or "fails" in (row["kind"], other["kind"]):
        return None
    return row["median"] / other["median"]


def show_ratio(value: float | None, fraction: bool) -> str:
    if value is None:
        return "—"
    if fraction and value < 1:
        return f"1/{1 / value:.1f}" if value > 0.1 else f"1/{1 / value:,.0f}"
    return f"{value:.2f}x" if value < 10 else f"{value:.1f}x" if value < 100 else f"{value:,.0f}x"


def _size(row: dict) -> str:
    if row.get("points"):
        malloc = ", default malloc" if row["malloc"] == "default" else ""
        return f"{row['shape']}, {row['points']:,} points{malloc}"
    nodes = f" ({row['nodes']:,} nodes)" if "nodes" in row else ""
    return f"N={row['size']:,}{nodes}"


def _figure(row: dict) -> tuple[str, str]:
    """(median, min–max) as the table shows them."""
    if row["kind"] == "fails":
        return f"fails ({row['error']})", "—"
    if row["kind"] == "bytes":
        return f"{row['median']:.0f} B/node", f"{row['low']:.0f}–{row['high']:.0f}"
    if row["kind"] == "per_node":
        return f"{row['median'] * 1e6:.3f} µs/node", f"{row['low'] * 1e6:.3f}–{row['high'] * 1e6:.3f}"
    unit = " ms/epoch" if row["backend"] == "chainrule-fit" else " ms"
    return f"{milliseconds(row['median'])}{unit}", f"{milliseconds(row['low'])}–{milliseconds(row['high'])}"


def table(rows: list[dict]) -> str:
    lines = ["| workload | backend | size | median | min–max | rounds × reps | page faults/rep | vs micrograd "
             "| vs numpy |", "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        name = row["workload"] + (f" ({STAGES[row['stage']]})" if row["stage"] else "")
        median, spread = _figure(row)
        micrograd = find(rows, row["workload"], "micrograd", row["size"], row["stage"], row["malloc"])
        numpy = find(rows, row["workload"], "numpy", row["size"], malloc=row["malloc"])
        reps = f"{row['rounds']} × {row['reps']:,}" if "reps" in row else f"{row['rounds']}"
        faults = show_faults(row["faults"]) if "faults" in row else "—"
        lines.append(f"| {name} | {row['backend']} | {_size(row)} | {median} | {spread} | {reps} | {faults} "
                     f"| {show_ratio(ratio(row, micrograd), True)} | {show_ratio(ratio(row, numpy), False)} |")
    return "\n".join(lines)


def machine(settings: dict) -> list[tuple[str, str]]:
    """What the figures were measured on, and how the workers were set up."""
    cpu = platform.processor() or platform.machine()
    try:
        models = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    versions = ", ".join(f"{name} {_version(name)}" for name in ("numpy", "micrograd", "torch", "jax", "jaxlib"))
    return [("CPU", f"{cpu}, {os.cpu_count()} logical cores"), ("OS", platform.platform()),
            ("Python", f"{platform.python_implementation()} {platform.python_version()}"), ("versions", versions),
            ("chainrule", _commit()),
            ("load average at the start; at the end (1 / 5 / 15 min)", f"{settings['load']}; {load_average()}"),
            ("workers' malloc", f"{settings['padded']}, except the rows marked default malloc (glibc's defaults)"),
            ("workers' threads", f"one: torch.set_num_threads(1) and {settings['threads']}")]


def load_average() -> str:
    """The machine's load average (1 / 5 / 15 min): above 0 means other work shared the cores."""
    return " / ".join(f"{load:.2f}" for load in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


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


def render(rows: list[dict], target_lines: list[str], verdicts: list, rounds: int, command: str, seconds: float,
           settings: dict) -> str:
    """The whole results page (markdown): what was run, on what, the table, the targets, the checks."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# chainrule benchmarks", "",
        f"Command: `{command}` (`make bench` runs `python -m benchmarks.run`). {now}; "
        f"{rounds} round{'s' if rounds != 1 else ''}; {seconds / 60:.1f} minutes. "
        "How to read it: benchmarks/README.md.", "",
        *[f"- {name}: {value}" for name, value in machine(settings)], "",
        "Each measurement ran in its own process; within a round the backends alternated, in an order "
        "rotated every round. A round's figure is the mean of its repetitions; the table shows the median "
        "over rounds and the range. Training rows time one whole step (zero grads, forward, loss, backward, "
        "SGD update), each repetition from the same initial weights; chainrule-fit rows time one epoch of "
        "`nn.fit` (one full-batch step, with everything fit does per epoch). Garbage collection: Python's "
        "default settings. Ratios compare medians: `1/20` = a twentieth of micrograd's time (or bytes).", "",
        table(rows), "", *target_lines, "",
        "## Checks", "", *[f"- {verdict.line}" for verdict in verdicts], "",
        "## Notes", "", *[f"- {note}" for note in notes(rows)],
    ]
    return "\n".join(parts) + "\n"


def notes(rows: list[dict]) -> list[str]:
    """What the table leaves out: one-off costs, fit's own clock, and how each row was made."""
    def listed(backend: str, key: str) -> str:
        found = [f"{row['workload']} {milliseconds(row[key])} ms" for row in rows
                 if row["backend"] == backend and key in row and row["malloc"] == "padded"]
        return ", ".join(found) or "—"

    fit_clock = [f"{row['workload']} {milliseconds(row['epoch_seconds'])}" for row in rows
                 if "epoch_seconds" in row and row["malloc"] == "padded"]
    return [
        "chainrule-fit: a figure is (wall time of fit for 1 + E epochs - wall time for 1 epoch) / E, so it "
        "holds everything fit does per epoch (its divergence guard, accuracy, the loop) and nothing it does "
        "once. fit's own History.seconds, which times the training pass alone, reads (ms/epoch): "
        f"{', '.join(fit_clock) or '—'}. Once per fit call (checks, tracing, compiling): "
        f"{listed('chainrule-fit', 'fit_setup_seconds')}.",
        f"chainrule-traced records its graph once before training (not in the step): "
        f"{listed('chainrule-traced', 'setup_seconds')}.",
        f"jax: compiling the step (its first call, not in the step): {listed('jax', 'compile_seconds')}. "
        "lr is an argument of the jitted step, so the schedule never recompiles.",
        "torch: eager, float64, torch.set_num_threads(1); the update under torch.no_grad(), grads set to None.",
        "micrograd runs only the 2-16-16-1 moons step at 100 points, and chainrule-eager too: at the other "
        "sizes a step of theirs takes seconds to minutes (the 784-32-10 model has 25,450 parameters and a "
        "graph of millions of scalar nodes per step), and the comparison there is with the compiled path.",
        "cross_entropy_784: random data (standard normal, 784 features, 10 classes drawn uniformly, fixed seed); "
        "only the speed is measured. Its losses are fit's too (no penalty), so they are checked for fit as well.",
        "backward_chain and backward_wide time backward() alone on a freshly built graph (built untimed "
        "before each repetition), per node of the graph (constants and leaves included). The chain has "
        "300 links: micrograd's recursive topological sort fails past about 330.",
        "deep_chain: each link makes 5 Values (2 constants, *, +, tanh; micrograd 0.1.0 has no tanh, so the "
        "benchmark adds one built the way micrograd builds its ops).",
        "wide_sum and bytes_per_node: N products of seeded leaves summed pairwise (a balanced tree), "
        "2N + N + N - 1 nodes; bytes are tracemalloc's live allocations after gc.collect(), per node.",
        "malloc: with glibc's defaults, whether a step's large arrays are mapped in afresh (page faults) each "
        "step depends on the heap's layout, which shifts with details as unrelated as whether stderr is a file. "
        "The workers therefore run with a fixed heap top pad (all backends alike); the 10,000-point rows run "
        "under glibc's defaults too (what users get), marked default malloc.",
    ]
