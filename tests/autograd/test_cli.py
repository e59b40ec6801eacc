"""The expression command line: right numbers for good input, a clear refusal (exit 2)
for anything outside the whitelist, and never eval."""
import math
import subprocess
import sys

import pytest

from autograd import Rule, Value, ops
from autograd.cli import main
from autograd.cli.expression import ExpressionError, build, vocabulary
from autograd.ops import RULES
from tests.autograd.test_rule import POINTS, Cube  # points on every rule's branches; a user's rule


def test_neuron_expression_prints_value_gradients_and_steps(capsys):
    assert main(["tanh(x*w + b)", "x=2", "w=-3", "b=6.88"]) == 0
    out = capsys.readouterr().out
    local = 1 - math.tanh(0.88) ** 2
    assert f"out = tanh(x*w + b) = {math.tanh(0.88):.6g}" in out
    assert f"x = 2          grad {-3 * local:.6g}" in out
    assert f"w = -3         grad {2 * local:.6g}" in out
    assert f"b = 6.88       grad {local:.6g}" in out
    assert "dout/dx += dout/d(x*w) * d(x*w)/dx = 0.5010 * -3.0000 = -1.5029" in out


def test_reused_names_are_one_leaf_and_unused_ones_are_reported(capsys):
    assert main(["x*x + 3*x", "x=2", "y=1"]) == 0
    out = capsys.readouterr().out
    assert "x = 2          grad 7" in out  # d/dx (x^2 + 3x) = 2x + 3
    assert "y = 1          grad 0   (not used in the expression)" in out


@pytest.mark.parametrize("text, x, grad", [
    ("sin(x) * cos(x)", 0.4, math.cos(0.8)),  # d/dx sin x cos x = cos 2x
    ("leaky_relu(x)", -2.0, 0.01),
    ("leaky_relu(x, 0.2) * x", -2.0, 2 * 0.2 * -2.0),  # 0.2 x**2 for x < 0
])
def test_sin_cos_and_leaky_relu_are_known(text, x, grad, capsys):
    assert main([text, f"x={x}"]) == 0
    assert f"grad {grad:.6g}" in capsys.readouterr().out


def test_leaky_relus_slope_must_be_a_number(capsys):
    assert main(["leaky_relu(x, x)", "x=1"]) == 2
    assert "slope must be a number" in capsys.readouterr().err
    assert build("leaky_relu(x, 0.2)", {"x": -2.0}).rule.slope == 0.2  # the rule of that slope
    with pytest.raises(ExpressionError, match="leaky_relu takes 1 or 2 argument"):
        build("leaky_relu(x, 0.2, 1)", {"x": 1.0})


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo hacked')",
    "x.__class__",
    "(lambda: 1)()",
    "open('/etc/passwd')",
    "eval('1')",
    "x[0]",
    "[x for x in (1, 2)]",
    "x if x else 1",
    "x < 1",
    "x and 1",
    "'text'",
    "True + x",
    "exp(x=1)",
    "x @ x",
    "x // 2",
    "exp",
    "y + 1",
    "",
    "x +",
    "1" + "+1" * 3000,
    "1" * 2000,  # a number beyond the float range
    "1e400",
])
def test_anything_outside_the_whitelist_is_refused_with_exit_code_2(text, capsys):
    assert main([text, "x=2"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and len(error.splitlines()) == 1 and "Traceback" not in error


@pytest.mark.parametrize("pairs, words", [
    (["x"], "not name=value"), (["x=abc"], "must be a number"), (["x=1", "x=2"], "given twice"),
    (["exp=1"], "function name"), (["1x=2"], "not name=value"),
])
def test_bad_variable_assignments_are_refused(pairs, words, capsys):
    assert main(["x + 1", *pairs]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("text", ["log(x - 2)", "x / (x - 2)", "2 ** (1000 * x)", "sqrt(x - 2)"])
def test_math_errors_exit_1_with_the_engines_message(text, capsys):
    assert main([text, "x=2"]) == 1
    assert "error: " in capsys.readouterr().err


def test_the_builder_labels_subexpressions_and_shares_leaves():
    out = build("max(x, y) * clamp(x, 0, 1) + sigmoid(-y)", {"x": 0.5, "y": -2.0})
    assert out.data == pytest.approx(0.5 * 0.5 + 1 / (1 + math.exp(-2.0)))
    assert out.parents[0].label == "max(x,y)*clamp(x,0,1)"
    with pytest.raises(ExpressionError, match="takes 3 argument"):
        build("clamp(x, 1)", {"x": 1.0})


def test_python_dash_m_autograd_runs():
    result = subprocess.run([sys.executable, "-m", "autograd", "exp(a) * b", "a=0", "b=3"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "a = 0          grad 3" in result.stdout
    refused = subprocess.run([sys.executable, "-m", "autograd", "__import__('os')"], capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2 and "error:" in refused.stderr


@pytest.mark.skipif(__import__("shutil").which("dot") is None, reason="Graphviz's dot program is not installed")
def test_out_and_html_write_the_drawing_and_the_page(tmp_path, capsys):
    drawing, page = tmp_path / "graph.svg", tmp_path / "page.html"
    assert main(["tanh(x*w + b)", "x=2", "w=-3", "b=6.88", "--out", str(drawing), "--html", str(page)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {drawing}" in printed and "wrote " in printed.splitlines()[-1]
    assert "<svg" in drawing.read_text() and "x*w+b" in drawing.read_text()
    assert 'id="steps"' in page.read_text()


def test_a_drawing_too_large_is_refused_with_exit_code_2_before_any_work(tmp_path, capsys):
    def balanced(depth):  # a balanced tree stays within the recursion and length limits
        return "-x" if depth == 0 else f"({balanced(depth - 1)}+{balanced(depth - 1)})"

    expression = balanced(8)  # 256 negations + 255 sums + x: 512 Values, over draw's max_nodes=500
    assert main([expression, "x=1", "--out", str(tmp_path / "big.svg")]) == 2
    captured = capsys.readouterr()
    assert "512 Values, more than 500 for a drawing" in captured.err and captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_an_expression_without_variables_prints_its_value(capsys):
    """python -m autograd "3" used to end in an AttributeError traceback."""
    assert main(["3"]) == 0
    assert main(["2 * exp(0) + 1"]) == 0
    out = capsys.readouterr().out
    assert "out = 3 = 3" in out and "out = 2 * exp(0) + 1 = 3" in out and "nothing to differentiate" in out


def test_an_expression_that_starts_with_a_minus_is_not_an_option(capsys):
    assert main(["-x**2", "x=2"]) == 0
    assert "x = 2          grad -4" in capsys.readouterr().out  # d/dx -x**2 = -2x
    assert main(["--", "-x**2", "x=3"]) == 0
    assert "x = 3          grad -6" in capsys.readouterr().out


def test_a_flat_sum_of_a_thousand_terms_is_no_deeper_than_a_short_one(capsys):
    """600 terms used to be "nested too deeply": the walk was recursive."""
    assert main(["x" + "+x" * 999, "x=2"]) == 0
    assert "x = 2          grad 1000" in capsys.readouterr().out


@pytest.mark.parametrize("arguments, words", [
    (["x", "x=nan"], "finite"), (["x", "x=1e400"], "finite"), (["x", "x=" + "1" * 2000], "finite"),
    (["x", "x=1", "--out", "graph.txt"], "must end in .svg"), (["x", "x=1", "--html", "page.svg"], ".html"),
    (["x*x+x", "x=1", "--max-nodes", "2"], "3 Values, more than 2"),
])
def test_everything_typed_wrong_exits_2_before_any_work(arguments, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == "" and list(tmp_path.iterdir()) == []


def test_a_folder_as_the_output_is_refused_with_exit_code_2(tmp_path, capsys):
    (tmp_path / "graph.svg").mkdir()
    assert main(["x", "x=1", "--out", str(tmp_path / "graph.svg")]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_names_are_read_as_python_reads_them(capsys):
    """Python NFKC-normalises names in the expression (ﬁ is fi); name=value pairs get the same."""
    assert main(["ﬁ * 2", "ﬁ=3"]) == 0
    assert "fi = 3          grad 2" in capsys.readouterr().out
    assert main(["fi * 2", "ﬁ=3"]) == 0


def test_a_closed_pipe_ends_quietly():
    result = subprocess.run(f"{sys.executable} -m autograd 'x' x=1 | head -c 0", shell=True,
                            capture_output=True, text=True, timeout=60)
    assert result.stderr == ""


def test_a_variable_named_out_does_not_collide_with_the_result(capsys):
    assert main(["out * 2", "out=3"]) == 0
    printed = capsys.readouterr().out
    assert "f = out * 2 = 6" in printed and "gradients df/d(name):" in printed
    assert "out = 3          grad 2" in printed


# -- the functions and operators come from the rules (autograd.ops.RULES), not from a list of the CLI's own ----------

# The rules the CLI calls by name: every rule of fixed arity that Python has no operator for; and what a Value is
# besides its ops (everything else public on it applies a rule).
CALLED = [rule for rule in RULES.values() if rule.arity and (rule.symbol, rule.arity) not in vocabulary().operators]
GRAPH_MEMBERS = {"backward", "data", "grad", "item", "label", "op", "parents", "requires_grad", "rule"}


def _inside(rule):
    """The first of test_rule's points where the rule and its derivative are finite (the table holds edges too)."""
    for point in POINTS.get(rule.name, ()):
        try:
            rule(*map(Value, point)).backward()
        except (ArithmeticError, ValueError):
            continue
        return point
    pytest.fail(f"POINTS in tests/autograd/test_rule.py has no point inside {rule.name}'s domain: add one")


@pytest.mark.parametrize("name, rule", [pytest.param(name, rule, id=name)
                                        for rule in CALLED for name in (rule.name, *rule.aliases)])
def test_every_rule_of_fixed_arity_is_called_by_its_name_and_aliases(name, rule):
    point = _inside(rule)
    names = [f"x{i}" for i in range(rule.arity)]
    built = build(f"{name}({', '.join(names)})", dict(zip(names, point)))
    leaves = [Value(number) for number in point]
    direct = rule(*leaves)
    built.backward()
    direct.backward()
    assert (built.rule, built.data) == (rule, direct.data)
    assert [leaf.grad for leaf in built.parents] == [leaf.grad for leaf in leaves]


def test_the_cli_names_and_the_python_api_agree():
    functions, operators = vocabulary().functions, vocabulary().operators.values()
    assert set(functions) == {name for rule in CALLED for name in (rule.name, *rule.aliases)}
    methods = {name for name in dir(Value) if not name.startswith("_")} - GRAPH_MEMBERS
    typed = {name for rule in operators for name in (rule.name, *rule.aliases)}  # x % y rather than mod(x, y)
    assert methods - typed <= set(functions), "every op a Value has is a function of the command line"
    for name, rule in functions.items():
        assert name in RULES or name in methods, f"{name} is neither a rule in RULES nor a Value method"
        assert {rule.name, *rule.aliases} & methods, f"the rule {rule.name!r} has no Value method"
        if name in methods:  # the method applies the very rule the name calls
            point = _inside(rule)
            applied = getattr(Value, name)(Value(point[0]), *point[1:])
            assert (applied.op, applied.data) == (rule.name, rule(*point).data)


def test_the_operators_are_the_rules_with_a_python_symbol():
    operators = vocabulary().operators
    typed = {("+", 2): "+", ("-", 2): "-", ("*", 2): "*", ("/", 2): "/", ("**", 2): "**", ("-", 1): "neg"}
    assert {key: operators[key].name for key in typed} == typed
    assert all((rule.symbol, rule.arity) == key and RULES[rule.name] is rule for key, rule in operators.items())


class Scaled(Rule):
    """f(a) = factor * a: a rule with a setting, as leaky_relu has its slope."""

    name, settings = "scaled", ("factor",)

    def __init__(self, factor=2.0):
        self.factor = factor

    def forward(self, m, a):
        return self.factor * a

    def local_grads(self, m, a, out):
        return (self.factor,)


class Remainder(Rule):
    """f(a, b) = a - b * floor(a / b), written a % b."""

    name, arity, symbol = "remainder", 2, "%"

    def forward(self, m, a, b):
        return a - b * m.floor(a / b)

    def local_grads(self, m, a, b, out):
        return 1.0, -m.floor(a / b)


def test_a_rule_added_to_rules_is_known_at_once(monkeypatch):
    for rule in (Cube(), Scaled(), Remainder()):
        monkeypatch.setitem(ops.RULES, rule.name, rule)
    assert build("cube(x)", {"x": 2.0}).data == 8.0
    assert build("scaled(x)", {"x": 2.0}).data == 4.0  # the registered rule's own factor
    assert build("scaled(x, -3)", {"x": 2.0}).data == -6.0  # a factor of the call's own
    assert build("x % 3", {"x": 7.5}).data == 1.5  # a rule with Python's % is typed with it
    with pytest.raises(ExpressionError, match=r"scaled's factor must be a number, as in scaled\(x, 2\)"):
        build("scaled(x, x)", {"x": 2.0})


def test_the_help_and_the_errors_list_the_functions_of_the_rules(capsys, monkeypatch):
    monkeypatch.setitem(ops.RULES, "remainder", Remainder())  # argparse's help once choked on the % of x % y
    names = list(vocabulary().functions)
    with pytest.raises(SystemExit):
        main(["--help"])
    printed = capsys.readouterr().out
    assert all(name in printed for name in names) and "** %," in printed
    assert main(["tanhh(x)", "x=1"]) == 2
    error = capsys.readouterr().err
    assert ", ".join(names) in error and "did you mean tanh?" in error
    for text, written in (("neg(x)", "-x"), ("remainder(x, 2)", "x % y")):  # an op with a symbol is typed with it
        assert main([text, "x=1"]) == 2
        assert f"it is an operator: write {written}" in capsys.readouterr().err


def test_clamp_with_its_bounds_the_wrong_way_round_is_refused_as_the_method_refuses_it(capsys):
    """Regression: the command line called the clamp rule directly and printed 3.0 for clamp(2, 3, 1)."""
    assert main(["clamp(x, 3, 1)", "x=2"]) == 1
    assert "clamp needs low <= high; got low=3.0, high=1.0." in capsys.readouterr().err
    with pytest.raises(ValueError, match="clamp needs low <= high"):
        ops.CLAMP(Value(2.0), 3.0, 1.0)


# -- issue 21: flags anywhere, bounds on the numbers, outputs checked first, a time limit on dot ---------------------

def _exit_code(arguments):
    """main's exit code, also when argparse itself refuses the line (it raises SystemExit)."""
    try:
        return main(arguments)
    except SystemExit as stop:
        return stop.code


def test_a_flag_between_name_value_arguments_is_read(tmp_path, capsys):
    """Regression: "x*2" --out g.dot x=1 ended in "unrecognized arguments: x=1"."""
    drawing = tmp_path / "g.dot"
    assert _exit_code(["x*y", "--out", str(drawing), "x=3", "--max-nodes", "10", "y=2"]) == 0
    printed = capsys.readouterr().out
    assert "x = 3          grad 2" in printed and "y = 2          grad 3" in printed  # d(xy)/dx = y, d/dy = x
    assert drawing.read_text().startswith("digraph")


@pytest.mark.parametrize("given", ["-5", "0", "2.5", "many"])
def test_max_nodes_must_be_a_positive_whole_number(given, capsys):
    """Regression: --max-nodes -5 was taken, and every expression was then "more than -5 Values"."""
    assert _exit_code(["x", "x=1", f"--max-nodes={given}"]) == 2
    captured = capsys.readouterr()
    assert "--max-nodes must be a whole number >= 1" in captured.err and repr(given) in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("given, words", [
    (".svg", "'.svg' has no file name before its suffix"),
    ("pictures/.png", "has no file name before its suffix"),
    ("/proc/graph.svg", "cannot be written"),  # no file can be created there, not even by root
])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(given, words, capsys, tmp_path, monkeypatch):
    """Regression: --out .svg passed the check, printed the whole report, then failed with exit code 1."""
    monkeypatch.chdir(tmp_path)
    assert main(["x*2", "x=1", "--out", given]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given", ["0", "-1", "nan", "inf", "soon"])
def test_the_drawing_time_limit_must_be_a_positive_number(given, capsys):
    assert _exit_code(["x", "x=1", "--draw-timeout", given]) == 2
    assert "--draw-timeout must be a number of seconds > 0" in capsys.readouterr().err


def test_a_drawing_that_takes_too_long_is_stopped_with_exit_code_1(tmp_path, capsys, monkeypatch):
    """Regression: a sum of 80 products kept dot busy for minutes. A stand-in dot that never finishes:
    the command gives up after --draw-timeout seconds, says what to use instead, and leaves no process."""
    from tests.autograd.test_draw import slow_dot, still_running

    started = slow_dot(tmp_path, monkeypatch)
    assert main(["x*y", "x=1", "y=2", "--out", str(tmp_path / "g.svg"), "--draw-timeout", "0.5"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: drawing took too long; use --html or .dot") and "after 0.5 s" in error
    assert not (tmp_path / "g.svg").exists()
    assert started() and not still_running(started())
