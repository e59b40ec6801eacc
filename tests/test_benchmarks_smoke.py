"""The benchmarks' plumbing on tiny sizes: every backend computes the same losses, the checks catch
a disagreement, a worker answers in JSON, and the report renders. No timing is asserted."""
import json

import pytest

pytest.importorskip("micrograd")

from benchmarks import checks, fixtures, graphs, report, targets, worker
from benchmarks.moons import BACKENDS
from benchmarks.run import Case, run_worker

TINY = {"min_reps": 1, "min_time": 0.0, "max_reps": 1}


@pytest.fixture(scope="module")
def moons_answers(tmp_path_factory):
    path = fixtures.write(tmp_path_factory.mktemp("bench"), sizes={"small": (20, 0)})
    answers = {}
    for backend in BACKENDS:
        spec = {"workload": "moons_step", "backend": backend, "size": "small", "fixtures": str(path),
                "check_steps": 2, **TINY}
        answers[Case("moons_step", backend, "small")] = [worker.answer(spec)]
    return path, answers


def test_every_moons_backend_computes_the_same_losses(moons_answers):
    _, answers = moons_answers
    verdicts = checks.compare(answers)
    assert len(verdicts) == 1 and verdicts[0].ok, verdicts[0].line
    losses = next(iter(answers.values()))[0]["losses"]
    assert losses[1] != losses[0]  # the step changed the weights


def test_the_check_catches_a_backend_that_disagrees(moons_answers):
    _, answers = moons_answers
    case = Case("moons_step", "numpy", "small")
    wrong = {**answers, case: [{**answers[case][0], "losses": [answers[case][0]["losses"][0] * (1 + 1e-6), 0.0]}]}
    verdict, = checks.compare(wrong)
    assert not verdict.ok and "MISMATCH" in verdict.line


def test_a_worker_process_answers_in_json(moons_answers):
    path, _ = moons_answers
    answer = run_worker({"workload": "moons_step", "backend": "numpy", "size": "small", "fixtures": str(path),
                         "check_steps": 1, **TINY})
    assert answer["ok"] and len(answer["times"]) == 1 and len(answer["losses"]) == 1


@pytest.mark.parametrize("workload, size", [("deep_chain", 20), ("wide_sum", 51), ("bytes_per_node", 51)])
def test_graph_workloads_agree_between_micrograd_and_chainrule(workload, size):
    answers = {Case(workload, backend, size): [worker.answer({"workload": workload, "backend": backend,
                                                              "size": size, **TINY})]
               for backend in graphs.BACKENDS}
    verdict, = checks.compare(answers)
    assert verdict.ok, verdict.line


def test_a_failing_workload_is_reported_not_raised(capsys):
    spec = {"workload": "deep_chain", "backend": "micrograd", "size": 2_000, **TINY}
    assert worker.main([json.dumps(spec)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["ok"] and answer["error"].startswith("RecursionError")


def test_nodes_are_counted_once_each():
    root, _ = graphs.wide_graph(graphs.library("chainrule-eager"), [1.0] * 10)  # 5 products: 10 leaves, 5 *, 4 +
    assert graphs.count_nodes(root, lambda node: node.parents) == 19


def test_the_report_renders_the_table_and_targets(moons_answers):
    _, answers = moons_answers
    rows = report.summarise(answers)
    text = report.render(rows, targets.evaluate(rows), checks.compare(answers), 1, "python -m benchmarks.run", 1.0)
    assert "| moons_step | chainrule-traced | 20 points |" in text
    assert "traced moons step <= 10x numpy at 100 points" in text
