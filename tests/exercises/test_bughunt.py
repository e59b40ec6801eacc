"""Bug hunts: chainrule's public tools expose every planted bug with numbers, the clean engine passes every
check, each planted copy fails exactly its own checks, and `bughunt` grades both the name and the fix."""
import math
import sys
import types
from pathlib import Path

import pytest

import autograd
from autograd import explain, gradcheck, numerical_grad
from exercises.bughunt import checks, engine, gradcheck_engine, main
from exercises.bughunt.checks import POINT, SAMPLES, diamond
from exercises.bughunt.hunts import HUNTS, hunt, planted_source
from exercises.bughunt.workspace import engine_path

CLEAN = Path(engine.__file__).read_text(encoding="utf-8")


def planted(number: int) -> types.ModuleType:
    """Hunt ``number``'s engine, bug included, as a module."""
    module = types.ModuleType(f"planted_{number}")
    exec(compile(planted_source(number), f"planted_{number}.py", "exec"), module.__dict__)
    return module


def fix(number: int, folder) -> None:
    """The learner's fix: their copy becomes the clean engine."""
    engine_path(number, folder).write_text(CLEAN, encoding="utf-8")


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(word) for word in argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# -- the engines against the checks ------------------------------------------------------------------------------

def test_the_clean_engine_passes_every_check():
    assert checks.failures(engine) == {}


@pytest.mark.parametrize("item", HUNTS, ids=lambda item: item.name)
def test_each_planted_bug_fails_exactly_its_own_checks(item):
    assert tuple(checks.failures(planted(item.number))) == item.checks


# -- each bug, exposed by chainrule's public tools ---------------------------------------------------------------

def test_accumulate_exposed_x_times_x_has_two_contributions_and_the_bug_keeps_one():
    report = gradcheck_engine(planted(1), lambda x: x * x, [3.0])
    assert not report and (report.rows[0].analytic, round(report.rows[0].numerical, 6)) == (3.0, 6.0)
    x = autograd.Value(3.0, label="x")
    steps = explain(x * x)
    assert [step.contribution for step in steps] == [3.0, 3.0] and steps.grad(x) == 6.0
    assert gradcheck(lambda x: x * x, [3.0])


def test_topological_order_exposed_on_a_diamond_and_a_deep_chain():
    buggy = planted(2)
    x, y = buggy.Value(POINT[0]), buggy.Value(POINT[1])
    diamond(x, y).backward()
    right_x, right_y = autograd.Value(POINT[0], label="x"), autograd.Value(POINT[1], label="y")
    expected = explain(diamond(right_x, right_y)).grad(right_x)
    assert math.isclose(expected, numerical_grad(diamond, list(POINT))[0], rel_tol=1e-6)
    assert math.isclose(expected, 0.7290037505, rel_tol=1e-9) and math.isclose(x.grad, 1.963291573, rel_tol=1e-9)
    assert not gradcheck_engine(buggy, diamond, POINT) and gradcheck(diamond, list(POINT))
    assert "RecursionError" in checks.check_deep(buggy)


def test_local_derivative_exposed_tanh_against_explain_and_central_differences():
    report = gradcheck_engine(planted(3), lambda x: x.tanh(), [0.5])
    t = math.tanh(0.5)
    assert not report and math.isclose(report.rows[0].analytic, 1 - t, rel_tol=1e-12)
    assert math.isclose(report.rows[0].numerical, 1 - t**2, rel_tol=1e-6)
    (step,) = explain(autograd.Value(0.5, label="x").tanh())
    assert math.isclose(step.local, 1 - t**2, rel_tol=1e-12)


def test_zero_grad_exposed_two_steps_without_moving_leave_twice_the_gradient():
    def loss(w0, w1, b):
        errors = [((b + w0 * inputs[0] + w1 * inputs[1]).tanh() - target) ** 2 for inputs, target in SAMPLES]
        return sum(errors, autograd.Value(0.0)) / len(SAMPLES)

    for module, factor in ((planted(4), 2.0), (engine, 1.0)):
        neuron = module.Neuron(2, seed=1)
        start = [parameter.data for parameter in neuron.parameters()]
        module.train(neuron, SAMPLES, steps=2, learning_rate=0.0)  # the same point twice: the gradient must not grow
        for parameter, slope in zip(neuron.parameters(), numerical_grad(loss, start)):
            assert math.isclose(parameter.grad, factor * slope, rel_tol=1e-6), (module, parameter.grad, slope)


def test_overflow_exposed_chainrule_answers_sigmoid_of_minus_1000_and_the_bug_raises():
    report = gradcheck(lambda x: x.sigmoid(), [-1000.0])
    assert report and report.rows[0].analytic == 0.0
    with pytest.raises(OverflowError):
        gradcheck_engine(planted(5), lambda x: x.sigmoid(), [-1000.0])
    assert gradcheck_engine(planted(5), lambda x: x.sigmoid(), [0.3])  # ordinary inputs are right


def test_stale_gradient_exposed_by_a_second_backward():
    buggy = planted(6)
    assert gradcheck_engine(buggy, diamond, POINT)
    report = gradcheck_engine(buggy, diamond, POINT, backward_calls=2)
    assert not report and "input 'x': analytic 2.858170286 vs numerical 0.72900375" in report.failures[0]
    assert gradcheck_engine(engine, diamond, POINT, backward_calls=2)


# -- the command -------------------------------------------------------------------------------------------------

def test_list_shows_six_numbered_symptoms_and_no_names(capsys):
    code, out = run(capsys)
    assert code == 0 and all(f"  {item.number}. {item.symptom}" in out for item in HUNTS)
    assert not [item.name for item in HUNTS if item.name in out.lower()]


def test_start_copies_the_planted_engine_under_a_header_and_never_overwrites(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, "start", 5)
    path = tmp_path / "my_exercises" / "bughunt_5" / "engine.py"
    text = path.read_text(encoding="utf-8")
    assert code == 0 and str(path.relative_to(tmp_path)) in out
    assert text.startswith("# Bug hunt 5 of 6") and hunt(5).symptom in text and text.endswith(planted_source(5))
    assert all(tool in text for tool in ("gradcheck(", "explain(", "render(", "explore("))
    path.write_text("my work", encoding="utf-8")
    code, out = run(capsys, "start", 5)
    assert code == 0 and "already exists" in out and path.read_text(encoding="utf-8") == "my work"


def test_the_recipe_at_the_top_of_the_copy_runs_and_shows_the_bug(capsys, tmp_path, monkeypatch):
    run(capsys, "start", 1, "--folder", tmp_path)
    path = engine_path(1, tmp_path)
    header = path.read_text(encoding="utf-8").split("chainrule's tools help", 1)[1].split('"""', 1)[0]
    recipe = "\n".join(line[len("#     "):] for line in header.splitlines() if line.startswith("#     "))
    monkeypatch.chdir(path.parent)
    monkeypatch.syspath_prepend(str(path.parent))
    monkeypatch.delitem(sys.modules, "engine", raising=False)
    exec(compile(recipe, "recipe", "exec"), {})
    sys.modules.pop("engine")
    out = capsys.readouterr().out
    assert "all gradients match" in out and "so dL/dx = -0.4700" in out
    assert "MISMATCH: input 'x': analytic -1.410022273 vs numerical -0.4700074244" in out
    assert (path.parent / "backprop.html").is_file()


@pytest.mark.parametrize("item", HUNTS, ids=lambda item: item.name)
def test_the_right_name_and_the_fix_pass(capsys, tmp_path, item):
    run(capsys, "start", item.number, "--folder", tmp_path)
    fix(item.number, tmp_path)
    code, out = run(capsys, "answer", item.number, item.name, "--folder", tmp_path)
    assert code == 0 and out.startswith(f"Right: {item.name}") and item.lesson in out


@pytest.mark.parametrize("item", HUNTS, ids=lambda item: item.name)
def test_the_right_name_with_the_bug_still_there_fails_with_the_numbers(capsys, tmp_path, item):
    run(capsys, "start", item.number, "--folder", tmp_path)
    code, out = run(capsys, "answer", item.number, item.name, "--folder", tmp_path)
    own = checks.run_check(planted(item.number), item.checks[0])
    assert code == 1 and out.strip() == f"Named right, but the engine still shows the bug: {own}"


def test_the_grader_reads_the_latest_edit_and_accepts_synonyms(capsys, tmp_path):
    run(capsys, "start", 1, "--folder", tmp_path)
    code, out = run(capsys, "--answer", 1, "+=", "--folder", tmp_path)
    assert code == 1 and "analytic 1 vs numerical 2" in out
    fix(1, tmp_path)
    assert run(capsys, "--answer", 1, "+=", "--folder", tmp_path)[0] == 0
    assert run(capsys, "answer", 1, "Accumulate", f"--folder={tmp_path}")[0] == 0


def test_a_wrong_name_is_refused_even_with_the_fix(capsys, tmp_path):
    run(capsys, "start", 3, "--folder", tmp_path)
    code, out = run(capsys, "answer", 3, "overflow", "--folder", tmp_path)
    assert code == 1 and "'overflow' is not the bug planted in hunt 3, and the engine still shows it" in out
    fix(3, tmp_path)
    code, out = run(capsys, "answer", 3, "stale", "gradient", "--folder", tmp_path)
    assert code == 1 and "'stale gradient' is not the bug planted in hunt 3" in out


def test_a_fix_that_breaks_another_check_is_not_accepted(capsys, tmp_path):
    run(capsys, "start", 6, "--folder", tmp_path)
    path = engine_path(6, tmp_path)
    path.write_text(CLEAN.replace("(1 - t**2,)", "(1 - t,)"), encoding="utf-8")
    code, out = run(capsys, "answer", 6, "stale", "--folder", tmp_path)
    assert code == 1 and out.startswith("Named right, and the bug is gone, but the engine now fails another check")


def test_a_missing_or_broken_engine_is_explained(capsys, tmp_path):
    code, out = run(capsys, "answer", 2, "order", "--folder", tmp_path)
    assert code == 1 and "python -m exercises bughunt start 2" in out
    run(capsys, "start", 2, "--folder", tmp_path)
    engine_path(2, tmp_path).write_text("def broken(:\n", encoding="utf-8")
    code, out = run(capsys, "answer", 2, "order", "--folder", tmp_path)
    assert code == 1 and "does not import: SyntaxError" in out


@pytest.mark.parametrize("argv", [["start", 7], ["start", "two"], ["answer", 1], ["start"], ["frobnicate"],
                                  ["start", 1, "--folder"]])
def test_wrong_usage_exits_2_with_a_sentence(capsys, argv):
    code, out = run(capsys, *argv)
    assert code == 2 and out.startswith("bughunt: ") and "bughunt help" in out


def test_help_names_the_commands_and_every_answer(capsys):
    code, out = run(capsys, "help")
    assert code == 0 and all(f"{command} N" in out for command in ("start", "answer", "--answer"))
    assert all(item.name in out for item in HUNTS)
