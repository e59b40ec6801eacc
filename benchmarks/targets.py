"""The targets of issue 6 ("Speed"), each read off the summary rows: met, NOT met, or not measured."""
from .report import find, show_ratio


def evaluate(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for every target of issue 6."""
    def ratio(workload, backend, against, size, stage=""):
        row, other = find(rows, workload, backend, size, stage), find(rows, workload, against, size, stage)
        return None if row is None or other is None else row["median"] / other["median"]

    eager = ratio("moons_step", "chainrule-eager", "micrograd", "small")
    traced = ratio("moons_step", "chainrule-traced", "micrograd", "small")
    traced_numpy = ratio("moons_step", "chainrule-traced", "numpy", "small")
    traced_numpy_10k = ratio("moons_step_10k", "chainrule-traced", "numpy", "large")
    memory = ratio("bytes_per_node", "chainrule-eager", "micrograd", 20_000, "built")
    aim = " (the aim of 1/20 too)" if eager is not None and eager <= 1 / 20 else ""
    return [
        ("eager moons step <= 1/10 of micrograd's time (aim 1/20)", show_ratio(eager, True),
         _verdict(eager, 1 / 10) + aim),
        ("bytes per node of a live graph <= 1/3 of micrograd's", _bytes(rows, memory), _verdict(memory, 1 / 3)),
        _chain(rows),
        ("traced moons step <= 1/500 of micrograd's time", show_ratio(traced, True), _verdict(traced, 1 / 500)),
        ("traced moons step <= 10x numpy at 100 points", show_ratio(traced_numpy, False), _verdict(traced_numpy, 10)),
        ("traced moons step <= 3x numpy at 10,000 points", show_ratio(traced_numpy_10k, False),
         _verdict(traced_numpy_10k, 3)),
        ("moonshot: traced moons step <= 3x numpy at 100 points", show_ratio(traced_numpy, False),
         _verdict(traced_numpy, 3)),
    ]


def _chain(rows: list[dict]) -> tuple[str, str, str]:
    """The eager engine builds and differentiates the long chain (1,000,000 links; 100,000 with --quick)."""
    target = "eager deep chain of 1,000,000 links (5,000,000 nodes): builds and runs backward"
    chain = max((row for row in rows if row["workload"] == "deep_chain" and row["backend"] == "chainrule-eager"
                 and row["kind"] == "time"), key=lambda row: row["size"], default=None)
    if chain is None or chain["size"] < 100_000:
        return target, "—", "not measured"
    verdict = "met" if chain["size"] >= 1_000_000 else "ran at the --quick size only"
    return target, f"N={chain['size']:,}: {chain['median']:.1f} s", verdict


def _bytes(rows: list[dict], memory: float | None) -> str:
    if memory is None:
        return "—"
    ours, theirs = (find(rows, "bytes_per_node", backend, 20_000, "built")
                    for backend in ("chainrule-eager", "micrograd"))
    return f"{ours['median']:.0f} vs {theirs['median']:.0f} B = {show_ratio(memory, True)}"


def _verdict(ratio: float | None, limit: float) -> str:
    return "not measured" if ratio is None else "met" if ratio <= limit else "NOT met"
