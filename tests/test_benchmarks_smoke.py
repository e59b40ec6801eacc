"""The benchmarks' plumbing on tiny sizes: every backend of every workload computes the same numbers,
the checks catch a disagreement, a worker answers in JSON, the targets read their verdicts right and
the report renders. No timing is asserted. torch and jax rows run only where they are installed
(the bench extra; make test's environment need not have them)."""
import importlib.util
import json

import pytest

pytest.importorskip("micrograd")

from benchmarks import checks, fixtures, graphs, report, targets, worker
from benchmarks.problems import Problem
from benchmarks.run import Case, run_worker

TINY = {"min_reps": 1, "min_time": 0.0, "max_reps": 1}
PEERS = [backend for backend in ("torch", "jax") if importlib.util.find_spec(backend) is not None]
PROBLEMS = {  # named as the real workloads, so the report and the targets find their rows
    "moons_step": (Problem((2, 4, 4, 1), "hinge", 20, 0, 1.0, init="micrograd"),
                   ["micrograd", "chainrule-eager", "chainrule-traced", "chainrule-fit", "numpy", *PEERS]),
    "cross_entropy_784": (Problem((6, 5, 3), "cross_entropy", 12, 3, 0.1),
                          ["chainrule-traced", "chainrule-fit", "numpy", *PEERS]),
}


def _spec(path, workload: str, backend: str, check_steps: int = 2) -> dict:
    problem = PROBLEMS[workload][0]
    return {"workload": workload, "backend": backend, "size": problem.points, "problem": problem.as_spec(),
            "fixtures": str(path), "check_steps": check_steps, **TINY}


@pytest.fixture(scope="module")
def training_answers(tmp_path_factory):
    path = fixtures.write(tmp_path_factory.mktemp("bench"), {name: problem for name, (problem, _) in PROBLEMS.items()})
    answers = {}
    for workload, (problem, backends) in PROBLEMS.items():
        for backend in backends:
            answers[Case(workload, backend, problem.points)] = [worker.answer(_spec(path, workload, backend))]
    return path, answers


@pytest.mark.parametrize("workload", list(PROBLEMS))
def test_every_training_backend_computes_the_same_losses_and_weights(training_answers, workload):
    _, answers = training_answers
    mine = {case: runs for case, runs in answers.items() if case.workload == workload}
    assert all(runs[0]["ok"] for runs in mine.values()), [runs[0].get("error") for runs in mine.values()]
    verdict, = checks.compare(mine)
    assert verdict.ok, verdict.line
    numpy_answer = mine[Case(workload, "numpy", PROBLEMS[workload][0].points)][0]
    assert numpy_answer["losses"][1] < numpy_answer["losses"][0]  # the step trained
    assert numpy_answer["weights"] != fixtures.initial_weights(PROBLEMS[workload][0]).tolist()


def test_fit_is_checked_by_its_weights_and_timed_per_epoch(training_answers):
    _, answers = training_answers
    hinge, = answers[Case("moons_step", "chainrule-fit", 20)]
    entropy, = answers[Case("cross_entropy_784", "chainrule-fit", 12)]
    assert "losses" not in hinge  # fit's loss leaves the L2 penalty out: only its weights can be compared
    assert len(entropy["losses"]) == 2
    assert hinge["reps"] >= 1 and len(hinge["times"]) == 1


def test_the_check_catches_a_backend_that_disagrees(training_answers):
    _, answers = training_answers
    mine = {case: runs for case, runs in answers.items() if case.workload == "moons_step"}
    case = Case("moons_step", "chainrule-fit", 20)  # checked by weights alone
    answer = mine[case][0]
    wrong = {**mine, case: [{**answer, "weights": [answer["weights"][0] * (1 + 1e-6), *answer["weights"][1:]]}]}
    verdict, = checks.compare(wrong)
    assert not verdict.ok and "MISMATCH" in verdict.line
    case = Case("moons_step", "numpy", 20)
    answer = mine[case][0]
    wrong = {**mine, case: [{**answer, "losses": [answer["losses"][0] * (1 + 1e-6), *answer["losses"][1:]]}]}
    verdict, = checks.compare(wrong)
    assert not verdict.ok and "MISMATCH" in verdict.line


def test_a_worker_process_answers_in_json(training_answers):
    path, _ = training_answers
    answer = run_worker(_spec(path, "moons_step", "numpy", check_steps=1), malloc="default")
    assert answer["ok"] and len(answer["times"]) == 1 and len(answer["losses"]) == 1


@pytest.mark.parametrize("workload, size", [("deep_chain", 20), ("wide_sum", 51), ("bytes_per_node", 51),
                                            ("backward_chain", 20), ("backward_wide", 51)])
def test_graph_workloads_agree_between_micrograd_and_chainrule(workload, size):
    answers = {Case(workload, backend, size): [worker.answer({"workload": workload, "backend": backend,
                                                              "size": size, **TINY})]
               for backend in graphs.BACKENDS}
    verdict, = checks.compare(answers)
    assert verdict.ok, verdict.line


def test_backward_only_counts_the_nodes_it_divides_by():
    answer = worker.answer({"workload": "backward_chain", "backend": "chainrule-eager", "size": 4, **TINY})
    assert answer["nodes"] == 1 + 5 * 4  # the start, then two constants, *, + and tanh per link


def test_a_failing_workload_is_reported_not_raised(capsys):
    spec = {"workload": "deep_chain", "backend": "micrograd", "size": 2_000, **TINY}
    assert worker.main([json.dumps(spec)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["ok"] and answer["error"].startswith("RecursionError")


def test_nodes_are_counted_once_each():
    root, _ = graphs.wide_graph(graphs.library("chainrule-eager"), [1.0] * 10)  # 5 products: 10 leaves, 5 *, 4 +
    assert graphs.count_nodes(root, lambda node: node.parents) == 19


@pytest.mark.parametrize("measured, verdict", [(0.5, "stretch met"), (1.1, "stretch met"), (1.2, "met"),
                                               (1.5, "met"), (1.6, "NOT met"), (None, "not measured")])
def test_a_target_reads_its_verdict_from_the_limits(measured, verdict):
    assert targets.Goal("w", "fit epoch", 1.5, 1.1, measured).verdict() == verdict


def test_a_target_that_asks_for_no_page_faults_fails_on_them():
    assert targets.Goal("w", "fit epoch", 1.0, None, 0.9, faults=0.2).verdict() == "met"
    assert targets.Goal("w", "fit epoch", 1.0, None, 0.9, faults=3.0).verdict().startswith("NOT met (3.0 page")


def test_the_targets_divide_the_medians():
    rows = [{"workload": "moons_step", "backend": backend, "size": 100, "stage": "", "malloc": "padded",
             "kind": "time", "median": seconds} for backend, seconds in (("chainrule-fit", 3.0), ("numpy", 2.0),
                                                                          ("torch", 12.0))]
    goals = {goal.workload: goal for goal in targets.evaluate(rows)}
    assert goals["`fit` epoch, moons 2-16-16-1, 100 points, full batch, SGD, vs the numpy step"].measured == 1.5
    assert goals["vs PyTorch eager, 100 points"].measured == 0.25
    assert goals["vs PyTorch eager, 100 points"].cells()[2:] == ["≤ 1/3", "≤ 1/5", "1/4.0", "met"]
    assert goals["vs `jax.jit`, 100 points"].verdict() == "not measured"


def test_the_report_renders_the_table_and_targets(training_answers):
    _, answers = training_answers
    rows = report.summarise(answers)
    settings = {"padded": "MALLOC_TOP_PAD_=1", "threads": "OPENBLAS_NUM_THREADS=1", "load": "0.00 / 0.00 / 0.00"}
    text = report.render(rows, targets.tables(rows), checks.compare(answers), 1, "python -m benchmarks.run", 1.0,
                         settings)
    assert "| moons_step | chainrule-traced | 2-4-4-1, 20 points |" in text
    assert "ms/epoch" in text  # the fit rows
    assert "| `Trace.backward` + `nn.SGD` step, 100 points, vs numpy | traced step | ≤ 3x | ≤ 2x |" in text
    assert "traced moons step <= 10x numpy at 100 points" not in text  # the 20-point rows are not 100 points
