"""Property tests over random expression graphs with shared sub-expressions:
backward() agrees with central differences, and a second backward() accumulates
into leaves only."""
import math
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st

from autograd import Value, gradcheck, linear
from autograd.graph import chain_rule
from autograd.ops import RULES


@dataclass(frozen=True)
class Op:
    """One instruction kind: how to build it from Values, and bounds on |result|
    and on every node it makes (``peak``), given bounds on |operands|."""

    name: str
    arity: int
    build: Callable
    bound: Callable
    peak: Callable | None = None  # when it differs from bound: an inner x*x + c can be larger

    def peak_bound(self, *bounds: float) -> float:
        return max(self.bound(*bounds), self.peak(*bounds) if self.peak else 0.0)


def pow_bound(base: float, exponent: float) -> float:
    """base ** exponent for base >= 0.5, capped instead of overflowing."""
    return math.exp(min(exponent * math.log(base), 700.0))


# Every op of the engine, each wrapped so it stays in its domain for any operand:
# log, sqrt and the Value base of ** see x*x + c > 0, divisors are 1 + y*y >= 1, exp
# sees a tanh. Constants appear on both sides to exercise the reflected operators.
OPS = [
    Op("neg", 1, lambda x: -x, lambda b: b),
    Op("exp_tanh", 1, lambda x: x.tanh().exp(), lambda b: math.e),
    Op("log", 1, lambda x: (x * x + 0.5).log(), lambda b: max(math.log(2), math.log(b * b + 0.5)),
       lambda b: b * b + 0.5),
    Op("tanh", 1, lambda x: x.tanh(), lambda b: 1.0),
    Op("sigmoid", 1, lambda x: x.sigmoid(), lambda b: 1.0),
    Op("relu", 1, lambda x: x.relu(), lambda b: b),
    Op("sqrt", 1, lambda x: (x * x + 0.1).sqrt(), lambda b: math.sqrt(b * b + 0.1), lambda b: b * b + 0.1),
    Op("abs", 1, lambda x: abs(x), lambda b: b),
    Op("abs_method", 1, lambda x: x.abs(), lambda b: b),
    Op("square", 1, lambda x: x**2, lambda b: b * b),
    Op("cube", 1, lambda x: x**3, lambda b: b**3),
    Op("pow_1.5", 1, lambda x: (x * x + 0.5) ** 1.5, lambda b: pow_bound(b * b + 0.5, 1.5)),
    Op("pow_-0.5", 1, lambda x: (x * x + 0.5) ** -0.5, lambda b: math.sqrt(2.0), lambda b: b * b + 0.5),
    Op("radd", 1, lambda x: 0.5 + x, lambda b: b + 0.5),
    Op("rsub", 1, lambda x: 1 - x, lambda b: b + 1.0),
    Op("rmul", 1, lambda x: 2 * x, lambda b: 2.0 * b),
    Op("rdiv", 1, lambda x: 3 / (1 + x * x), lambda b: 3.0, lambda b: 1.0 + b * b),
    Op("rpow", 1, lambda x: 2**x, lambda b: pow_bound(2.0, b)),
    Op("add", 2, lambda x, y: x + y, lambda a, b: a + b),
    Op("sub", 2, lambda x, y: x - y, lambda a, b: a + b),
    Op("mul", 2, lambda x, y: x * y, lambda a, b: a * b),
    Op("div", 2, lambda x, y: x / (1 + y * y), lambda a, b: a, lambda a, b: 1.0 + b * b),
    Op(
        "pow", 2, lambda x, y: (x * x + 0.5) ** y,
        lambda a, b: max(pow_bound(a * a + 0.5, b), pow_bound(2.0, b)), lambda a, b: a * a + 0.5,
    ),
    # The same with |exponent| < 1, so it is allowed also where a large y would overflow.
    Op("pow_tanh", 2, lambda x, y: (x * x + 0.5) ** y.tanh(), lambda a, b: max(a * a + 0.5, 2.0)),
    Op("softplus", 1, lambda x: x.softplus(), lambda b: b + math.log(2)),
    Op("sum", 2, lambda x, y: RULES["sum"](x, y, x * 0.5), lambda a, b: 1.5 * a + b),
    Op("max_of", 2, lambda x, y: RULES["max_of"](x, y, y * 0.5 - 1.0), lambda a, b: max(a, 0.5 * b + 1.0)),
    Op("sin", 1, lambda x: x.sin(), lambda b: 1.0),
    Op("cos", 1, lambda x: x.cos(), lambda b: 1.0),
    Op("leaky_relu", 1, lambda x: x.leaky_relu(), lambda b: b),
    Op("leaky_relu_0.3", 1, lambda x: x.leaky_relu(0.3), lambda b: b),
    Op("maximum", 2, lambda x, y: x.maximum(y), lambda a, b: max(a, b)),
    Op("clamp", 1, lambda x: x.clamp(-1.0, 2.0), lambda b: 2.0),
    # a neuron's weighted sum as one node; x appears twice among its inputs
    Op("linear", 2, lambda x, y: linear([x, y, x], [y, 0.5, -0.25], 0.1),
       lambda a, b: a * b + 0.5 * b + 0.25 * a + 0.1),
    # numpy's other scalar functions: tan inside (-1, 1), away from its poles; arcsin, arccos and
    # arctanh inside (-0.9, 0.9), away from their infinite slopes at +-1; arccosh from 1.5 up.
    Op("tan", 1, lambda x: x.tanh().tan(), lambda b: math.tan(1.0)),
    Op("arcsin", 1, lambda x: (0.9 * x.tanh()).arcsin(), lambda b: math.pi / 2),
    Op("arccos", 1, lambda x: (x.tanh() * 0.9).arccos(), lambda b: math.pi),
    Op("arctan", 1, lambda x: x.arctan(), lambda b: min(b, math.pi / 2)),
    Op("sinc", 1, lambda x: x.sinc(), lambda b: 1.0),
    Op("sinh", 1, lambda x: x.sinh(), lambda b: math.sinh(min(b, 700.0))),
    Op("cosh", 1, lambda x: x.cosh(), lambda b: math.cosh(min(b, 700.0))),
    Op("arcsinh", 1, lambda x: x.arcsinh(), lambda b: math.asinh(b)),
    Op("arccosh", 1, lambda x: (x * x + 1.5).arccosh(), lambda b: math.acosh(b * b + 1.5), lambda b: b * b + 1.5),
    Op("arctanh", 1, lambda x: (x.tanh() * 0.9).arctanh(), lambda b: math.atanh(0.9)),
    Op("log2", 1, lambda x: (x * x + 0.5).log2(), lambda b: max(1.0, math.log2(b * b + 0.5)), lambda b: b * b + 0.5),
    Op("log10", 1, lambda x: (0.5 + x * x).log10(), lambda b: max(0.31, math.log10(b * b + 0.5)),
       lambda b: b * b + 0.5),
    Op("log1p", 1, lambda x: (x * x - 0.5).log1p(), lambda b: max(math.log(2), math.log1p(b * b)),
       lambda b: b * b + 0.5),
    Op("expm1", 1, lambda x: x.expm1(), lambda b: math.expm1(min(b, 700.0))),
    Op("exp2", 1, lambda x: x.exp2(), lambda b: 2.0 ** min(b, 1000.0)),
    Op("sign", 1, lambda x: x.sign() * x + x.sign(), lambda b: b + 1.0),
    Op("deg2rad", 1, lambda x: x.deg2rad(), lambda b: b * math.pi / 180),
    Op("radians", 1, lambda x: x.radians(), lambda b: b * math.pi / 180),
    # x / 40 first: rad2deg multiplies by 57.3, so on a leaf (|x| <= 3) alone it would pass MAGNITUDE_LIMIT and the
    # generator could reach it only after a bounded op (often not within MAX_EXAMPLES: the test below failed)
    Op("rad2deg", 1, lambda x: (x / 40.0).rad2deg(), lambda b: b / 40 * 180 / math.pi),
    Op("degrees", 1, lambda x: (x / 40.0).degrees(), lambda b: b / 40 * 180 / math.pi),
    Op("arctan2", 2, lambda x, y: x.arctan2(y), lambda a, b: math.pi),
    Op("hypot", 2, lambda x, y: x.hypot(y), lambda a, b: math.hypot(a, b)),
    # the divisor y*y + 0.5 >= 0.5, so a/b is at most 2|a|; %, its reflected form and the method are one rule
    Op("mod", 2, lambda x, y: x % (y * y + 0.5), lambda a, b: b * b + 0.5),
    Op("rmod", 1, lambda x: 2.5 % (x * x + 0.5), lambda b: b * b + 0.5),
    Op("mod_method", 2, lambda x, y: x.mod(0.5 + y * y), lambda a, b: b * b + 0.5),
]
OPS_BY_NAME = {op.name: op for op in OPS}

# Every node's |data| is at most this, by construction. Central differences lose
# about ulp(|node|) / eps to rounding, so bounding magnitudes keeps the default
# gradcheck tolerances meaningful instead of loosening them.
MAGNITUDE_LIMIT = 100.0
LEAF_RANGE = 3.0
# Where an op has a kink, a central difference is not the derivative: examples with
# an op's inputs closer than KINK_MARGIN to one are rejected. Each function gives
# that distance from the op's parents (max(x, x) of one node is x: no kink).
KINK_MARGIN = 1e-3
KINK_DISTANCE = {
    "relu": lambda x: abs(x.data),
    "leaky_relu": lambda x: abs(x.data),
    "abs": lambda x: abs(x.data),
    "max": lambda x, y: math.inf if x is y else abs(x.data - y.data),
    "clamp": lambda x, low, high: min(abs(x.data - low.data), abs(x.data - high.data)),
    "max_of": lambda *xs: min((abs(a.data - b.data) for i, a in enumerate(xs) for b in xs[i + 1:] if a is not b),
                              default=math.inf),
    "sign": lambda x: abs(x.data),
    # hypot: the tip of its cone at (0, 0); arctan2: that point, and its jump from pi to -pi along y = 0, x < 0
    "hypot": lambda x, y: math.hypot(x.data, y.data),
    "arctan2": lambda y, x: math.hypot(y.data, x.data) if x.data > 0 else abs(y.data),
    "mod": lambda a, b: mod_jump_distance(a.data, b.data),
}


def mod_jump_distance(a: float, b: float) -> float:
    """How far a mod b is from a jump (a whole a / b), in a and in b (a step h in b moves the jump n h).
    The divisors above are all at least 0.5."""
    n = round(a / b)
    return abs(a - n * b) / max(1.0, abs(n))
MAX_EXAMPLES = 500  # the generator must reach every op and both kinds of reuse within this many


@dataclass(frozen=True)
class Program:
    """Leaf values plus instructions; node i < len(leaves) is leaf i, and each
    instruction appends a node computed from earlier ones (so nodes get reused)."""

    leaves: tuple
    steps: tuple  # of (op name, operand node indices)

    def __call__(self, *inputs: Value) -> Value:
        nodes = list(inputs)
        for name, operands in self.steps:
            nodes.append(OPS_BY_NAME[name].build(*(nodes[i] for i in operands)))
        return nodes[-1]


@st.composite
def programs(draw) -> Program:
    """Random programs whose every node stays within MAGNITUDE_LIMIT, by construction."""
    n_leaves = draw(st.integers(1, 4))
    finite = st.floats(-LEAF_RANGE, LEAF_RANGE, allow_nan=False, allow_infinity=False)
    leaves = tuple(draw(finite) for _ in range(n_leaves))
    bounds = [LEAF_RANGE] * n_leaves
    steps = []
    for _ in range(draw(st.integers(1, 12))):
        # Counted back from the newest node, so examples shrink towards chains like
        # n2 = f(n1, n1). The first operand is recent, so the output depends on most
        # nodes; the second is any node, often one the first already depends on (a diamond).
        newest = len(bounds) - 1
        operands = (newest - draw(st.integers(0, min(2, newest))), newest - draw(st.integers(0, newest)))
        allowed = [op for op in OPS if op.peak_bound(*(bounds[i] for i in operands[: op.arity])) <= MAGNITUDE_LIMIT]
        op = draw(st.sampled_from(allowed))
        steps.append((op.name, operands[: op.arity]))
        bounds.append(op.bound(*(bounds[i] for i in operands[: op.arity])))
    return Program(leaves, tuple(steps))


def graph_nodes(root: Value) -> list:
    """Every Value ``root`` depends on, once each (an independent walk, not graph.py's)."""
    seen, stack, nodes = set(), [root], []
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            nodes.append(node)
            stack.extend(node.parents)
    return nodes


def build(program: Program) -> tuple:
    """The program's leaves as Values, and its output; rejects examples on a kink."""
    leaves = [Value(x, label=f"n{i}") for i, x in enumerate(program.leaves)]
    out = program(*leaves)
    for node in graph_nodes(out):
        assert abs(node.data) <= MAGNITUDE_LIMIT, f"the generator's bounds are wrong: {node!r}"
        if node.op in KINK_DISTANCE:
            assume(KINK_DISTANCE[node.op](*node.parents) > KINK_MARGIN)
    return leaves, out


# max_examples comes from the Hypothesis profile (tests/conftest.py): 500, or 20 in `make quick`.
PROPERTY_SETTINGS = settings(suppress_health_check=[HealthCheck.filter_too_much])


@PROPERTY_SETTINGS
@given(programs())
def test_backward_matches_numerical_gradient(program):
    leaves, _ = build(program)  # for the kink and magnitude checks; gradcheck builds its own
    report = gradcheck(program, leaves)
    assert report, str(report)


@PROPERTY_SETTINGS
@given(programs())
def test_second_backward_doubles_leaves_and_repeats_intermediates(program):
    _, out = build(program)
    nodes = graph_nodes(out)  # includes constant leaves such as the 2 in 2 * x
    out.backward()
    first = [node.grad for node in nodes]
    out.backward()
    for node, grad in zip(nodes, first):
        if node.parents:
            assert node.grad == grad, f"{node!r} (op {node.op}) changed from {grad!r}"
        else:
            # Not bit-exact: the second call adds the same terms onto the first sum,
            # and float addition is not associative. Gradients here stay below ~1e3
            # (measured over 1e5 examples), so rounding is ~1e-13, far below abs_tol.
            assert math.isclose(node.grad, 2 * grad, rel_tol=1e-12, abs_tol=1e-9), f"{node!r}: first {grad!r}"


@PROPERTY_SETTINGS
@given(programs())
def test_the_reference_chain_rule_and_the_fast_loop_agree_to_the_bit(program):
    """graph.chain_rule (the readable loop explain follows) and backward() (the fast one)."""
    _, out = build(program)
    reference = {}
    for edge in chain_rule(out):
        reference[id(edge.parent)] = edge.total
    out.backward()
    for node in graph_nodes(out):
        if node is not out:
            assert node.grad == reference.get(id(node), 0.0), f"{node!r} (op {node.op})"


def test_op_table_covers_every_engine_rule():
    used = {node.op for op in OPS for node in graph_nodes(op.build(*[Value(0.7)] * op.arity))}
    missing = set(RULES) - used
    assert not missing, f"add an Op to OPS in this file for each new rule: {sorted(missing)}"


def used_twice_in_one_step(program: Program) -> bool:  # x * x
    return any(len(set(operands)) < len(operands) for _, operands in program.steps)


def used_by_two_steps(program: Program) -> bool:  # a diamond, or a reused leaf
    uses = [i for _, operands in program.steps for i in set(operands)]
    return len(uses) > len(set(uses))


REUSE = {"used_twice_in_one_step": used_twice_in_one_step, "used_by_two_steps": used_by_two_steps}


@pytest.mark.slow  # a check of the generator, not of the engine: up to MAX_EXAMPLES programs per op
@pytest.mark.parametrize("name", [*REUSE, *OPS_BY_NAME])
def test_generator_reaches(name):
    """The properties above mean something only if programs reuse nodes and use every op."""
    condition = REUSE.get(name) or (lambda program: any(op == name for op, _ in program.steps))
    # Within as many examples as the properties run; any example will do, so no shrinking.
    budget = settings(max_examples=MAX_EXAMPLES, derandomize=True, phases=[Phase.generate])
    assert find(programs(), condition, settings=budget).steps
