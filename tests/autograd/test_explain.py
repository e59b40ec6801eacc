"""explain(): the chain rule step by step, with the very numbers backward() produces."""
import math

import pytest

from autograd import Rule, Value, explain
from autograd.ops import RULES


def _neuron():
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    xw = x * w
    xw.label = "xw"
    n = xw + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out, (x, w, b, xw, n)


def test_steps_follow_backward_order_with_upstream_times_local():
    out, _ = _neuron()
    steps = list(explain(out))
    pairs = [(s.names[1], s.names[2]) for s in steps]
    assert pairs == [("out", "n"), ("n", "xw"), ("n", "b"), ("xw", "x"), ("xw", "w")]
    d_tanh = 1 - math.tanh(0.88) ** 2
    first = steps[0]
    assert (first.upstream, first.local) == (1.0, pytest.approx(d_tanh, rel=1e-15))
    assert steps[3].upstream == pytest.approx(d_tanh) and steps[3].local == -3.0  # d(xw)/dx = w
    assert all(s.contribution == s.upstream * s.local for s in steps)


def test_printed_line_reads_like_the_chain_rule():
    out, _ = _neuron()
    text = str(explain(out))
    assert "dout/dout = 1.0000" in text.splitlines()[0]
    assert "dout/dx += dout/dxw * dxw/dx = 0.5010 * -3.0000 = -1.5029" in text
    assert "(d(x*w)/dx = w)" in text and "(d(x*w)/dw = x)" in text and "(d(tanh(n))/dn = 1 - out**2)" in text
    assert "(d(xw + b)/dxw = 1)" in text
    assert "so dout/dw = 1.0019" in text


def _reuse_graph():
    a, b = Value(1.5, label="a"), Value(-0.8, label="b")
    c = a * b
    d = (c + a) * c + a.exp()  # a reaches d along four paths
    return d, [a, b]


def test_numbers_equal_backward_on_a_graph_with_reuse():
    root, leaves = _reuse_graph()
    explanation = explain(root)
    root.backward()
    for leaf in leaves:
        assert explanation.grad(leaf) == leaf.grad  # same order, same float operations: exactly equal
    totals = {}
    for step in explanation:
        if step.last:
            totals[id(step.parent)] = step.total
    assert [totals[id(leaf)] for leaf in leaves] == [leaf.grad for leaf in leaves]


def test_each_total_is_marked_after_the_last_contribution_only():
    root, (a, _) = _reuse_graph()
    steps_into_a = [s for s in explain(root) if s.parent is a]
    assert len(steps_into_a) == 3  # a feeds three nodes: exp(a), c + a and c = a * b
    assert [s.last for s in steps_into_a] == [False, False, True]
    assert steps_into_a[-1].total == pytest.approx(sum(s.contribution for s in steps_into_a))


def test_explain_changes_no_grad():
    root, leaves = _reuse_graph()
    explain(root)
    assert all(leaf.grad == 0.0 for leaf in leaves) and root.grad == 0.0


def test_unlabelled_nodes_are_named_by_their_place_and_the_root_is_named_l():
    x = Value(3.0)
    y = (x * x).tanh()
    lines = str(explain(y)).splitlines()
    assert lines[0].startswith("dL/dL = 1.0000")
    assert lines[1].startswith("dL/d#1 += dL/dL * dL/d#1") and lines[1].endswith("(d(tanh(#1))/d#1 = 1 - tanh(#1)**2)")
    assert any(line.startswith("dL/d#0 += dL/d#1 * d#1/d#0") and line.endswith("(d(#0*#0)/d#0 = #0)") for line in lines)


@pytest.mark.parametrize("labels", [("n", "out"), ("#1", "L"), ("L", "n2"), ("out", "out")])
def test_no_two_nodes_share_a_name_whatever_the_labels(labels):
    """Made-up names (#i, L) never look like a label, and a label used twice gets its place added."""
    first, second = Value(2.0, label=labels[0]), Value(-3.0, label=labels[1])
    product = first * second
    root = (product + first).tanh()
    root.label = labels[1]  # the root takes a leaf's label: the CLI labels its root "out", a variable may be out
    explanation = explain(root)
    names = list(explanation.names.values())
    assert len(set(names)) == len(names)
    assert explanation.names[id(first)] == (labels[0] if labels[0].isidentifier() else f"({labels[0]})")
    for step in explanation:  # every line names the root, the node and its input unambiguously
        assert len({step.names[0], step.names[2]}) == 2 or step.parent is root


def test_the_cli_case_a_variable_named_like_the_root():
    out, w = Value(2.0, label="out"), Value(-3.0, label="w")
    root = (out * w).tanh()
    root.label = "out"
    lines = str(explain(root)).splitlines()
    assert lines[0].startswith("dout#3/dout#3 = 1.0000")
    assert "dout#3/dout += dout#3/d#2 * d#2/dout = " in str(explain(root))


@pytest.mark.parametrize("make, formula", [
    (lambda x, y: x * y, "d(x*y)/dx = y"),
    (lambda x, y: x / y, "d(x/y)/dx = 1/y"),
    (lambda x, y: x - y, "d(x - y)/dx = 1"),
    (lambda x, y: (x ** 3.0), "d(x**3)/dx = 3 * x**(3-1)"),
    (lambda x, y: x.maximum(y), "d(max(x, y))/dx = 1 if x > y else 0"),
    (lambda x, y: x.clamp(-1.0, 1.0), "d(clamp(x, -1, 1))/dx = 1 if (-1) <= x <= 1 else 0"),
    (lambda x, y: x.leaky_relu(0.2), "d(leaky_relu(x))/dx = 1 if x > 0 else 0.2"),
    (lambda x, y: -x, "d(-x)/dx = -1"),
    (lambda x, y: x.sigmoid(), "d(sigmoid(x))/dx = sigmoid(x) * (1 - sigmoid(x))"),
    (lambda x, y: x * -2.0, "d(x*(-2))/dx = -2"),
])
def test_a_rules_formula_is_written_with_the_operands_names(make, formula):
    x, y = Value(0.5, label="x"), Value(-1.5, label="y")
    first = explain(make(x, y))[0]
    assert first.parent is x and first.formula == formula


def test_formulas_substitute_whole_words_only_and_name_long_ops_by_their_node():
    from autograd import linear

    a, b = Value(1.0, label="b"), Value(2.0, label="a")  # the rule's own symbols, swapped: no double substitution
    assert explain(a * b)[1].formula == "d(b*a)/da = b"
    xs = [Value(float(i), label=f"x{i}") for i in range(4)]
    ws = [Value(0.5, label=f"w{i}") for i in range(4)]
    z = linear(xs, ws, Value(0.1, label="bias"))
    z.label = "z"
    assert [step.formula for step in explain(z)][4:6] == ["dz/dw0 = x0", "dz/dw1 = x1"]
    small = linear(xs[:1], ws[:1], Value(0.1, label="c"))
    assert explain(small)[1].formula == "d(x0*w0 + c)/dw0 = x0"


def test_a_leaf_root_has_no_steps_and_a_seed_scales_everything():
    assert len(explain(Value(2.0))) == 0
    x = Value(0.5, label="x")
    assert explain(x * 3, grad=2.0).grad(x) == 6.0


@pytest.mark.parametrize("root", [2.0, None, [Value(1.0)]])
def test_explain_takes_a_value_and_says_so(root):
    with pytest.raises(TypeError, match="explain takes the Value to differentiate"):
        explain(root)


def test_constants_are_named_by_their_value_and_get_no_step():
    x = Value(3.0, label="x")
    out = (x * 2.0 + 1.0).tanh()
    explanation = explain(out)
    assert [step.names[2] for step in explanation] == ["#4", "#2", "x"]  # never the 2 or the 1
    assert {explanation.names[id(node)] for node in out.parents[0].parents[0].parents} == {"x", "2"}


# -- how an op is written: by its rule (Rule.symbol, Rule.write), for a user's rule as for a built-in one --------

class Circle(Rule):
    """f(a, b) = a*a + b*b, a user's op; ``symbol`` is set per test."""

    name, arity = "circle", 2
    formulas = ("d/da = 2*a", "d/db = 2*b")

    def forward(self, m, a, b):
        return a * a + b * b

    def local_grads(self, m, a, b, out):
        return 2.0 * a, 2.0 * b


class Flip(Rule):
    """f(a) = 1 - a, a user's op of one input."""

    name = "flip"
    formulas = ("d/da = -1",)

    def forward(self, m, a):
        return 1.0 - a

    def local_grads(self, m, a, out):
        return (-1.0,)


def _with_symbol(rule_class, symbol):
    """An instance of a subclass of ``rule_class`` that states ``symbol``."""
    return type(rule_class.__name__, (rule_class,), {"symbol": symbol})()


@pytest.mark.parametrize("rule, formula", [
    (_with_symbol(Circle, "@"), "d(x@y)/dx = 2*x"),  # between its operands, tight like *
    (_with_symbol(Circle, "+"), "d(x + y)/dx = 2*x"),  # + and - are spaced, as in x*w + b
    (Circle(), "d(circle(x, y))/dx = 2*x"),  # no symbol: a call
    (_with_symbol(Flip, "~"), "d(~x)/dx = -1"),  # before its one operand
    (Flip(), "d(flip(x))/dx = -1"),
])
def test_a_users_rule_is_written_as_its_symbol_says(rule, formula):
    x, y = Value(0.5, label="x"), Value(-1.5, label="y")
    out = rule(x, y) if rule.arity == 2 else rule(x)
    assert explain(out)[0].formula == formula


def test_operands_are_bracketed_beside_a_symbol_and_bare_inside_a_call():
    x, y = Value(0.5, label="x"), Value(-1.5, label="y")
    at = _with_symbol(Circle, "@")
    inner = x + y
    inner.label = "x+y"
    assert explain(at(inner, -2.0))[0].formula == "d((x+y)@(-2))/d(x+y) = 2*(x+y)"
    assert explain(Circle()(inner, -2.0))[0].formula == "d(circle(x+y, -2))/d(x+y) = 2*(x+y)"


def test_a_rule_that_writes_itself_is_written_its_way():
    class Mean(Circle):
        def write(self, operands):
            return f"mean of {' and '.join(operands)}"

    x, y = Value(0.5, label="x"), Value(-1.5, label="y")
    assert explain(Mean()(x, y))[0].formula == "d(mean of x and y)/dx = 2*x"


def test_the_built_in_rules_write_themselves_as_a_textbook_does():
    written = {name: rule.write(["x", "y"][:rule.arity]) for name, rule in RULES.items() if rule.arity in (1, 2)}
    assert [written[name] for name in ("+", "-", "*", "/", "**", "neg", "max", "tanh")] == [
        "x + y", "x - y", "x*y", "x/y", "x**y", "-x", "max(x, y)", "tanh(x)"]
    assert RULES["linear"].write(["x0", "x1", "w0", "(-2)", "b"]) == "x0*w0 + x1*(-2) + b"
    assert RULES["clamp"].write(["x", "(-1)", "1"]) == "clamp(x, -1, 1)"  # a call needs no brackets


def test_a_rules_errors_write_it_as_explain_does():
    """A two-input rule without a symbol was shown "1e+300 circle 1e+300" in its overflow error."""
    with pytest.raises(OverflowError, match=r"^circle\(1e\+300, 1e\+300\) overflows"):
        Circle()(1e300, 1e300)
    with pytest.raises(OverflowError, match=r"^1e\+300 @ \(-1e\+300\) overflows"):
        _with_symbol(Circle, "@")(1e300, -1e300)
