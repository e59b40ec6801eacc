"""Rule, the declared base of every op: a rule a user writes works everywhere a built-in one does,
and every rule keeps its comparisons and branches inside the math namespace ``m``."""
import math

import numpy as np
import pytest

from autograd import Rule, Value, draw, explain, explore, gradcheck, trace
from autograd.ops import RULES
from autograd.rule import FLOAT_MATH


class Cube(Rule):
    """f(a) = a**3;  df/da = 3 a**2."""

    name = "cube"
    formulas = ("d/da = 3*a**2",)

    def forward(self, m, a):
        return a * a * a

    def local_grads(self, m, a, out):
        return (3.0 * a * a,)


class WrongCube(Cube):
    """The slip a learner makes: the power rule without the factor 3."""

    def local_grads(self, m, a, out):
        return (a * a,)


class Hypot(Rule):
    """f(a, b) = sqrt(a**2 + b**2);  df/da = a / f,  df/db = b / f."""

    name, arity = "hypot", 2
    formulas = ("d/da = a/out", "d/db = b/out")

    def forward(self, m, a, b):
        return m.sqrt(a * a + b * b)

    def local_grads(self, m, a, b, out):
        return a / out, b / out


def test_rule_is_an_abstract_base_the_built_in_rules_subclass():
    with pytest.raises(TypeError, match="abstract"):
        Rule()

    class Incomplete(Rule):
        def forward(self, m, a):
            return a

    with pytest.raises(TypeError, match="local_grads"):
        Incomplete()
    assert all(isinstance(rule, Rule) and rule.name == name for name, rule in RULES.items())


def test_calling_a_rule_records_a_node_with_the_rule_on_it():
    cube, x = Cube(), Value(1.5, label="x")
    y = cube(x)
    assert y.data == 3.375 and y.op == "cube" and y.rule is cube and y.parents == (x,)
    y.backward()
    assert x.grad == 3 * 1.5**2  # 6.75, by the power rule


def test_a_rule_takes_plain_numbers_as_constants():
    hypot, x = Hypot(), Value(3.0)
    out = hypot(x, 4.0)
    out.backward()
    assert out.data == 5.0 and x.grad == 3.0 / 5.0
    assert out.parents[1].data == 4.0 and not out.parents[1].parents


def test_the_built_in_rules_are_applied_the_same_way():
    a, b = Value(2.0), Value(-0.5)
    by_call, by_operator = RULES["*"](a, b), a * b
    assert (by_call.data, by_call.op, by_call.parents) == (by_operator.data, by_operator.op, by_operator.parents)


def test_gradcheck_passes_a_right_rule_and_names_a_wrong_one():
    assert gradcheck(lambda x, y: Hypot()(Cube()(x), y).tanh(), [Value(0.7), Value(-0.4)])
    report = gradcheck(lambda x: WrongCube()(x) * 2.0, [Value(1.5, label="x")])
    assert not report
    # the rule claims 1.5**2 = 2.25; its own forward's slope is 3 * 1.5**2 = 6.75
    assert report.suspects == ("suspect: rule 'cube' at cube(1.5): its local_grads give derivative 0 = 2.25, "
                               "but its forward's central difference is 6.75",)
    assert "suspect: rule 'cube'" in str(report)


def test_explain_prints_the_rules_own_formula():
    x = Value(2.0, label="x")
    y = Cube()(x)
    y.label = "y"
    lines = str(explain(y)).splitlines()
    assert lines[1] == "dy/dx += dy/dy * dy/dx = 1.0000 * 12.0000 = 12.0000   (d(cube(x))/dx = 3*x**2)"


def test_a_formula_in_another_form_is_shown_as_the_rule_wrote_it():
    class Odd(Cube):
        formulas = ("three a squared",)

    x = Value(2.0, label="x")
    assert explain(Odd()(x))[0].formula == "cube: three a squared"


def test_draw_and_explore_show_the_rule(tmp_path):
    pytest.importorskip("graphviz")
    x = Value(2.0, label="x")
    y = Cube()(x)
    y.backward()
    assert '"cube"' in draw(y).source or "label=cube" in draw(y).source
    page = explore(y, tmp_path / "cube.html").read_text(encoding="utf-8")
    assert ">cube<" in page and "d(cube(x))/dx = 3*x**2" in page


def test_trace_replays_a_user_rule_on_numpy_arrays():
    w = Value(0.3, label="w")
    recorded = trace(lambda x, t: (Hypot()(Cube()(x * w), t) - t) ** 2, 0.5, 1.0)
    xs, ts = np.array([0.5, -1.2, 2.0]), np.array([1.0, 0.3, -0.7])
    mean = recorded.backward(xs, ts)
    eager_w = Value(0.3)
    losses = [(Hypot()(Cube()(Value(x) * eager_w), t) - t) ** 2 for x, t in zip(xs, ts)]
    total = losses[0] + losses[1] + losses[2]
    (total * (1 / 3)).backward()
    assert mean == pytest.approx(total.data / 3, rel=1e-14)
    assert w.grad == pytest.approx(eager_w.grad, rel=1e-12)


@pytest.mark.parametrize("returned, words", [
    (lambda a: (3.0, 1.0), ["'bad'", "returned 2 derivative(s) for 1 input(s)", "one number per input"]),
    (lambda a: (), ["'bad'", "returned 0 derivative(s) for 1 input(s)"]),
    (lambda a: 3.0, ["'bad'", "returned float 3.0", "tuple"]),
    (lambda a: ("3",), ["'bad'", "str '3' as derivative 0", "plain number"]),
    (lambda a: (None,), ["'bad'", "NoneType None as derivative 0"]),
    (lambda a: (Value(3.0),), ["'bad'", "Value", "as derivative 0"]),
])
def test_a_rule_returning_the_wrong_derivatives_is_named(returned, words):
    class Bad(Rule):
        name = "bad"

        def forward(self, m, a):
            return a * 2.0

        def local_grads(self, m, a, out):
            return returned(a)

    x = Value(1.0)
    with pytest.raises(TypeError) as info:
        (Bad()(x) * 3.0).backward()
    assert all(word in str(info.value) for word in words), str(info.value)
    assert x.grad == 0.0  # a failed backward leaves the leaves as they were
    with pytest.raises(TypeError, match="'bad'"):
        explain(Bad()(x))


def test_a_rule_forward_must_give_one_finite_number():
    class Text(Rule):
        name = "text"

        def forward(self, m, a):
            return "two"

        def local_grads(self, m, a, out):
            return (0.0,)

    class Root(Rule):
        name, hint = "root", "root needs a >= 0"

        def forward(self, m, a):
            return m.sqrt(a)

        def local_grads(self, m, a, out):
            return (0.5 / out,)

    with pytest.raises(TypeError, match="rule 'text': forward returned str 'two'"):
        Text()(Value(1.0))
    with pytest.raises(ValueError, match=r"root\(-1.0\) is not a number \(NaN\): root needs a >= 0"):
        Root()(Value(-1.0))


def test_arity_and_name_are_checked_when_a_rule_is_called():
    with pytest.raises(TypeError, match="rule 'hypot' takes 2 input"):
        Hypot()(Value(1.0))

    class Nameless(Cube):
        name = ""

    with pytest.raises(TypeError, match="needs a name"):
        Nameless()(Value(1.0))


# -- every rule compares and branches only through m ---------------------------------------------

def _lift_operator(operation, reflected=False):
    """An operator method for Strict: operation(self, other), or operation(other, self) when reflected."""
    def apply(self, other):
        other = other.value if isinstance(other, Strict) else other
        return Strict(operation(other, self.value) if reflected else operation(self.value, other))
    return apply


class Strict:
    """A number that refuses Python's bool() and comparisons: only m may look at it."""

    def __init__(self, value):
        self.value = float(value)

    def __bool__(self):
        raise AssertionError("a rule used bool() or if on an operand; use m.where")

    def _refuse(self, other):
        raise AssertionError("a rule compared an operand with a Python operator; use m.gt, m.ge, m.lt, m.le, m.eq")

    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _refuse
    __hash__ = None

    __add__, __radd__ = _lift_operator(lambda a, b: a + b), _lift_operator(lambda a, b: a + b, True)
    __sub__, __rsub__ = _lift_operator(lambda a, b: a - b), _lift_operator(lambda a, b: a - b, True)
    __mul__, __rmul__ = _lift_operator(lambda a, b: a * b), _lift_operator(lambda a, b: a * b, True)
    __truediv__, __rtruediv__ = _lift_operator(lambda a, b: a / b), _lift_operator(lambda a, b: a / b, True)

    def __neg__(self):
        return Strict(-self.value)


class Condition:
    """A comparison's result, which only m.where may read."""

    def __init__(self, truth):
        self.truth = truth

    def __bool__(self):
        raise AssertionError("a rule branched on a comparison in Python; use m.where")


def _plain(x):
    return x.value if isinstance(x, Strict) else x


def _lift_function(function):
    return lambda *args: Strict(function(*[_plain(a) for a in args]))


def _compare(test):
    return lambda a, b: Condition(test(_plain(a), _plain(b)))


_FUNCTIONS = {
    "exp": math.exp, "log": math.log, "log1p": math.log1p, "tanh": math.tanh, "sqrt": math.sqrt, "sin": math.sin,
    "cos": math.cos, "pow": math.pow, "abs": abs, "tan": math.tan, "arcsin": math.asin, "arccos": math.acos,
    "arctan": math.atan, "sinh": math.sinh, "cosh": math.cosh, "arcsinh": math.asinh, "arccosh": math.acosh,
    "arctanh": math.atanh, "log2": math.log2, "log10": math.log10, "expm1": math.expm1, "exp2": lambda x: 2.0**x,
    "floor": lambda x: float(math.floor(x)), "arctan2": math.atan2, "hypot": math.hypot,
}


class StrictMath:
    sign = staticmethod(_lift_function(lambda x: (x > 0) - (x < 0)))
    maximum = staticmethod(_lift_function(max))
    gt, ge = staticmethod(_compare(lambda a, b: a > b)), staticmethod(_compare(lambda a, b: a >= b))
    lt, le = staticmethod(_compare(lambda a, b: a < b)), staticmethod(_compare(lambda a, b: a <= b))
    eq = staticmethod(_compare(lambda a, b: a == b))

    @staticmethod
    def where(condition, if_true, if_false):
        assert isinstance(condition, Condition), "m.where takes the result of m.gt/ge/lt/le/eq"
        return if_true if condition.truth else if_false

    @staticmethod
    def dot(xs, ws):
        total = xs[0] * ws[0]
        for x, w in zip(xs[1:], ws[1:]):
            total = total + x * w
        return total


for _name, _function in _FUNCTIONS.items():
    setattr(StrictMath, _name, staticmethod(_lift_function(_function)))

# Points on every branch of every rule: both sides of a kink, the kink itself, ties, bounds.
POINTS = {
    "+": [(1.5, -2.0)], "-": [(1.5, -2.0)], "*": [(1.5, -2.0)], "/": [(1.5, -2.0)],
    "**": [(1.7, 2.5), (-2.0, 3.0), (0.0, 0.0), (0.0, 2.0), (2.0, 0.0)],
    "max": [(1.0, 2.0), (2.0, 1.0), (2.0, 2.0)],
    "neg": [(0.3,)], "exp": [(-1.2,)], "log": [(0.4,)], "tanh": [(0.6,)], "sqrt": [(2.0,)],
    "sigmoid": [(-3.0,), (0.0,), (2.0,)], "relu": [(-1.0,), (0.0,), (1.0,)], "abs": [(-1.0,), (0.0,), (1.0,)],
    "softplus": [(-3.0,), (0.0,), (4.0,)], "sin": [(0.7,)], "cos": [(0.7,)],
    "leaky_relu": [(-1.0,), (0.0,), (1.0,)],
    "clamp": [(-2.0, -1.0, 1.0), (0.5, -1.0, 1.0), (3.0, -1.0, 1.0)],
    "linear": [(0.5, -1.5, 2.0, 0.25, 0.1)],
    "sum": [(1.0, -2.0, 0.5)],
    "max_of": [(1.0, 3.0, -2.0), (3.0, 1.0, 3.0)],
    "tan": [(0.4,)], "arcsin": [(-0.3,)], "arccos": [(0.8,)], "arctan": [(2.0,)],
    "sinc": [(0.0,), (0.05,), (-0.15,), (0.7,)],  # at 0, on the series, at its edge, and the quotient
    "arctan2": [(0.5, -1.5)], "hypot": [(0.0, 0.0), (3.0, -4.0)], "deg2rad": [(30.0,)], "rad2deg": [(0.5,)],
    "sinh": [(0.6,)], "cosh": [(-0.6,)], "arcsinh": [(1.5,)], "arccosh": [(1.5,)], "arctanh": [(0.4,)],
    "log2": [(3.0,)], "log10": [(0.3,)], "log1p": [(-0.5,)], "expm1": [(0.2,)], "exp2": [(-1.5,)],
    "sign": [(-2.0,), (0.0,), (2.0,)],
    "mod": [(5.5, 2.0), (-5.5, 2.0), (5.5, -2.0), (-15.9, 0.3)],  # -15.9 % 0.3: rounded to b's sign
}


def test_every_rule_has_points_here():
    assert set(POINTS) == set(RULES)


@pytest.mark.parametrize("name, point", [(name, point) for name, points in POINTS.items() for point in points])
def test_every_rule_runs_on_numbers_that_refuse_python_comparisons(name, point):
    rule, strict = RULES[name], [Strict(x) for x in point]
    out = rule.forward(StrictMath, *strict)
    grads = rule.local_grads(StrictMath, *strict, out)
    expected_out = rule.forward(FLOAT_MATH, *point)
    expected_grads = rule.local_grads(FLOAT_MATH, *point, expected_out)
    assert _plain(out) == expected_out
    assert [_plain(g) for g in grads] == list(expected_grads)
