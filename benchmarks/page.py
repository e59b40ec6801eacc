"""The training page's speed (issue 20): ``python -m benchmarks.page [--repeats N] [--output FILE]``.

nn.playground's page (2-8-8-1 tanh, 200 moons points, batches of 10 in order) in headless Chromium at
1366x650: Play at "as fast as it goes" with the views redrawing (epochs, frames and redraws a second), and
chainrule.step(2000) without drawing; beside them nn.fit and micrograd on the same model, data and batches,
in a fresh single-threaded process. Prints a table and writes the section "The training page (issue 20)" of
benchmarks/RESULTS.md (benchmarks.run carries that section over when it rewrites the file).
Imports: nn, tests.support.browser (lazily), micrograd (lazily), autograd.files, .graphs, .report, .environment,
.targets.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograd.files import write_text

from . import targets
from .environment import ONE_THREAD, PADDED_MALLOC, ROOT
from .report import load_average, show_ratio

TITLE = "## The training page (issue 20)"
SIZE = (1366, 650)  # a classroom laptop's window
SETTINGS = {"dataset": "moons", "points": 200, "layers": [8, 8], "activation": "tanh", "batch_size": 10,
            "shuffle": False}
BATCHES_PER_EPOCH = 20  # 200 points in batches of 10
WARM_UP, PLAYED = 1.0, 5.0  # seconds of Play before the first reading, and between the two readings
STEPS = 2000  # batches of one chainrule.step(n) call
LR = 0.1
# Counts, in the page, the animation frames that ran and the redraws among them: the view shows a new epoch
# (theater.shown.epoch) only when main.js's render() ran, and theater.state.drawing is that render's ms.
COUNTER = """(() => { var b = window.chainruleBench = {frames: 0, redraws: 0, drawing: 0, seen: theater.shown.epoch};
  (function count() {
    b.frames++;
    if (theater.shown.epoch !== b.seen) {
      b.seen = theater.shown.epoch; b.redraws++; b.drawing += theater.state.drawing;
    }
    requestAnimationFrame(count);
  })(); })()"""
READING = """(() => { var s = chainrule.state(), b = window.chainruleBench;
  return {ms: performance.now(), epochs: s.history.loss.length, steps: s.steps, frames: b.frames,
          redraws: b.redraws, drawing: b.drawing}; })()"""
STEPPING = f"""(() => {{ chainrule.reset(); chainrule.step(200);  // the first steps warm the JIT up
  var begun = performance.now(); chainrule.step({STEPS}); return performance.now() - begun; }})()"""


def open_browser(page: Path, workdir: Path):  # -> tests.support.browser.Browser
    """A fresh headless Chromium showing the page, ready, with the benchmark's settings."""
    sys.path.insert(0, str(ROOT))  # tests/ is no package: its support module is reached from the checkout
    from tests.support.browser import Browser, chromium_path

    binary = chromium_path()
    if binary is None:
        raise SystemExit("benchmarks.page needs Chromium (apt-get install chromium); none found on PATH.")
    browser = Browser(binary, workdir, SIZE)
    browser.open(page)
    browser.wait_for("document.body.classList.contains('ready')", timeout=30)
    browser.evaluate(f"chainrule.set({json.dumps(SETTINGS)})")
    return browser


def play(browser) -> dict:
    """Play at the fastest speed, clicked as a person clicks; the rates between two readings PLAYED s apart."""
    browser.evaluate("(s => { s.value = '0'; s.dispatchEvent(new Event('change')); })"
                     "(document.getElementById('speed'))")  # "as fast as it goes", chosen as a person chooses
    browser.evaluate(COUNTER)
    browser.click("#play")
    browser.wait_for("theater.state.training")
    time.sleep(WARM_UP)
    first = browser.evaluate(READING)
    time.sleep(PLAYED)
    last = browser.evaluate(READING)
    browser.click("#play")
    if browser.evaluate("theater.state.training") or browser.exceptions() or browser.evaluate(
            "document.getElementById('message').textContent"):
        raise SystemExit("the page did not play through cleanly (still training, an exception, or a message).")
    seconds = (last["ms"] - first["ms"]) / 1000
    redraws = last["redraws"] - first["redraws"]
    return {"epochs_per_second": (last["epochs"] - first["epochs"]) / seconds,
            "batches_per_second": (last["steps"] - first["steps"]) / seconds,
            "frames_per_second": (last["frames"] - first["frames"]) / seconds,
            "redraws_per_second": redraws / seconds,
            "draw_ms": (last["drawing"] - first["drawing"]) / max(redraws, 1),
            "drawing_share": (last["drawing"] - first["drawing"]) / (last["ms"] - first["ms"])}


def measure_page(repeats: int) -> dict:
    """Per repeat, a fresh browser: Play (drawing), then Reset and step(STEPS) (no drawing); the medians."""
    import nn

    rounds = []
    with tempfile.TemporaryDirectory(prefix="page-bench-") as directory:
        page = nn.playground(Path(directory) / "playground.html", **SETTINGS)
        for repeat in range(repeats):
            browser = open_browser(page, Path(directory) / f"browser-{repeat}")
            try:
                played = play(browser)
                played["step_batches_per_second"] = STEPS / browser.evaluate(STEPPING) * 1000
            finally:
                browser.close()
            rounds.append(played)
            print(f"[page {repeat + 1}/{repeats}] playing {played['epochs_per_second']:.1f} epochs/s, "
                  f"{played['redraws_per_second']:.1f} redraws/s ({played['draw_ms']:.1f} ms each); "
                  f"step({STEPS}) {played['step_batches_per_second']:,.0f} batches/s", flush=True)
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]} | {"rounds": rounds}


def moons():
    import nn

    return nn.make_moons(SETTINGS["points"], noise=0.1, seed=0)


def fit_seconds(epochs: int) -> float:
    """Wall time of one nn.fit call of ``epochs`` epochs on a new 2-8-8-1 tanh MLP."""
    import nn

    X, y = moons()
    model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=0)
    optimizer = nn.SGD(model.parameters(), lr=LR)
    begun = time.perf_counter()
    nn.fit(model, X, y, loss="bce_with_logits", optimizer=optimizer, epochs=epochs, batch_size=10, shuffle=False,
           progress=False)
    return time.perf_counter() - begun


def fit_epoch(repeats: int = 5) -> float:
    """Seconds per fit epoch: (fit of 1 + E epochs - fit of 1 epoch) / E, as benchmarks.run times fit; median."""
    once = min(fit_seconds(1) for _ in range(3))
    extra = max(10, math.ceil(0.5 / once))  # at least 0.5 s of epochs
    return statistics.median((fit_seconds(1 + extra) - fit_seconds(1)) / extra for _ in range(repeats))


def micrograd_epoch(repeats: int = 3) -> float:
    """Seconds per epoch of the same training in micrograd 0.1.0: its Neurons (linear) with the tanh the
    benchmarks give it (graphs.micrograd_tanh) and softplus built the same way; median of single epochs."""
    from micrograd.engine import Value
    from micrograd.nn import Neuron

    from .graphs import micrograd_tanh

    def softplus(z):  # log(1 + e^z) and its derivative sigmoid(z), stable for either sign, as micrograd makes ops
        out = Value(max(z.data, 0.0) + math.log1p(math.exp(-abs(z.data))), (z,), "softplus")

        def _backward():
            z.grad += out.grad / (1 + math.exp(-z.data))
        out._backward = _backward
        return out

    layers = [[Neuron(n_in, nonlin=False) for _ in range(n_out)] for n_in, n_out in ((2, 8), (8, 8), (8, 1))]
    parameters = [p for layer in layers for neuron in layer for p in neuron.parameters()]

    def loss_of(x, target):  # bce_with_logits: softplus(z) - y z
        for depth, layer in enumerate(layers):
            x = [neuron(x) for neuron in layer]
            x = x if depth == len(layers) - 1 else [micrograd_tanh(value) for value in x]
        return softplus(x[0]) - x[0] * float(target)

    X, y = moons()
    rows = [([float(a) for a in X[i]], int(y[i])) for i in range(len(X))]

    def epoch() -> float:
        begun = time.perf_counter()
        for start in range(0, len(rows), SETTINGS["batch_size"]):
            batch = rows[start:start + SETTINGS["batch_size"]]
            for p in parameters:
                p.grad = 0.0
            loss = sum((loss_of(x, target) for x, target in batch), Value(0.0)) * (1 / len(batch))
            loss.backward()
            for p in parameters:
                p.data -= LR * p.grad
        return time.perf_counter() - begun

    return statistics.median(epoch() for _ in range(repeats))


def measure_peers() -> dict:
    """nn.fit (and micrograd, when installed) in a fresh single-threaded process, as benchmarks.run's workers run."""
    environment = {**os.environ, **ONE_THREAD, **PADDED_MALLOC}
    done = subprocess.run([sys.executable, "-m", "benchmarks.page", "--peers"], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env=environment)
    if done.returncode != 0:
        raise SystemExit(f"the peers' process failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def peers_answer() -> dict:
    answer: dict[str, float | None] = {"fit_epochs_per_second": 1 / fit_epoch()}
    try:
        answer["micrograd_epochs_per_second"] = 1 / micrograd_epoch()
    except ImportError:
        answer["micrograd_epochs_per_second"] = None
    return answer


def section(page: dict, peers: dict, command: str, load: str) -> str:
    """The markdown section of RESULTS.md: what was run, the table, the target."""
    fit, micrograd = peers["fit_epochs_per_second"], peers["micrograd_epochs_per_second"]
    step = page["step_batches_per_second"] / BATCHES_PER_EPOCH

    def row(name: str, epochs: float, extra: str) -> str:
        versus_micrograd = show_ratio(epochs / micrograd, False) if micrograd else "—"
        return f"| {name} | {epochs:,.1f} | {show_ratio(epochs / fit, True)} | {versus_micrograd} | {extra} |"

    rates = [r["epochs_per_second"] for r in page["rounds"]]
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join([
        TITLE, "",
        f"Command: `{command}` (`make bench-page`). {now}; {len(page['rounds'])} repeats, medians. The page of "
        "`nn.playground(path, dataset=\"moons\", points=200, layers=[8, 8], activation=\"tanh\", batch_size=10, "
        f"shuffle=False)` in headless Chromium at {SIZE[0]}x{SIZE[1]}, a fresh browser each repeat. Playing: the Play "
        f"button clicked at \"as fast as it goes\", epochs counted over {PLAYED:g} s after {WARM_UP:g} s of warm-up. "
        f"step(n): `chainrule.step({STEPS})` timed in the page (no drawing; {BATCHES_PER_EPOCH} batches an epoch). "
        "The peers train the same model, data and batches in order (their own first weights) in a fresh "
        "single-threaded process: `nn.fit` per epoch as benchmarks.run times it, micrograd 0.1.0 per epoch. "
        f"Load average (1 / 5 / 15 min) at the start: {load}; at the end: {load_average()} (above 0: other work "
        "shared the cores).", "",
        "Ratios are of epochs a second: `1/10` = a tenth of nn.fit's speed, `36x` = 36 times micrograd's.", "",
        "| what | epochs/s | vs nn.fit | vs micrograd | notes |", "|---|---:|---:|---:|---|",
        row("page, playing (view redrawn)", page["epochs_per_second"],
            f"{page['frames_per_second']:.1f} frames/s, {page['redraws_per_second']:.1f} redraws/s of "
            f"{page['draw_ms']:.1f} ms ({page['drawing_share']:.0%} of the time); range "
            f"{min(rates):.1f}–{max(rates):.1f} epochs/s"),
        row(f"page, step({STEPS}), no drawing", step, f"{page['step_batches_per_second']:,.0f} batches/s"),
        row("nn.fit (compiled, batches of 10)", fit, ""),
        *([row("micrograd 0.1.0", micrograd, "")] if micrograd else []), "",
        *targets.page_targets(page["epochs_per_second"], page["redraws_per_second"]), "",
    ])


def _span(lines: list[str]) -> tuple[int, int] | None:
    """Where the page section runs in a results page's lines (to the next "## " heading), or None."""
    if TITLE not in lines:
        return None
    start = lines.index(TITLE)
    return start, next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))


def with_section(text: str, new_section: str) -> str:
    """``text`` (a results page) with its page section replaced by ``new_section``, or that section appended."""
    lines, new = (text.rstrip("\n").split("\n") if text.strip() else []), new_section.rstrip("\n").split("\n")
    span = _span(lines)
    if span is None:
        lines += ["", *new] if lines else new
    else:
        lines[span[0]:span[1]] = new + ([""] if span[1] < len(lines) else [])
    return "\n".join(lines) + "\n"


def carried_over(path: Path, text: str) -> str:
    """benchmarks.run's new page ``text`` with the page section the file at ``path`` holds (if any) kept."""
    old = path.read_text().rstrip("\n").split("\n") if path.exists() else []
    span = _span(old)
    return text if span is None else with_section(text, "\n".join(old[span[0]:span[1]]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh browsers, each playing and stepping (default 3)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md",
                        help="the results file whose page section is written (default benchmarks/RESULTS.md)")
    parser.add_argument("--peers", action="store_true", help=argparse.SUPPRESS)  # the peers' own process
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.peers:
        print(json.dumps(peers_answer()))
        return 0
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1; got {args.repeats}.")
    load = load_average()
    page = measure_page(args.repeats)
    peers = measure_peers()
    command = "python -m benchmarks.page" + (f" --repeats {args.repeats}" if args.repeats != 3 else "")
    text = section(page, peers, command, load)
    print("\n" + text)
    write_text(args.output, with_section(args.output.read_text() if args.output.exists() else "", text))
    print(f"written to {args.output} (its section \"{TITLE[3:]}\")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
