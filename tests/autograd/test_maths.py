"""The namespaces rules compute with (autograd/maths): each has every name of the Math protocol, and gives
FLOAT_MATH's numbers on random and edge points: numpy arrays, Values, duals (their values), and the code
writer (by running the code it writes, as numpy and under node as JavaScript: test_javascript.py)."""
import inspect
import math

import numpy as np
import pytest

from autograd import Value
from autograd.codegen.python import render
from autograd.codegen.symbols import SYMBOLIC_MATH, Symbol
from autograd.maths import PRIMITIVES
from autograd.maths.arrays import numpy_math
from autograd.maths.duals import DUAL_MATH, Dual
from autograd.maths.floats import FLOAT_MATH
from autograd.maths.values import VALUE_MATH
from autograd.rule import Math

PROTOCOL = {name for name, _ in inspect.getmembers(Math, inspect.isfunction) if not name.startswith("_")}
NAMESPACES = {"floats": FLOAT_MATH, "arrays": numpy_math(), "values": VALUE_MATH, "duals": DUAL_MATH,
              "symbols": SYMBOLIC_MATH}
RNG = np.random.default_rng(19)
# Points per primitive: random ones inside the domain, and its edges (0, the domain's bounds, huge numbers).
EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-300, 710.0, -710.0, 1e200, -1e200, 3.0]
UNARY = [name for name, count in PRIMITIVES.items() if count == 1]
BINARY = [name for name, count in PRIMITIVES.items() if count == 2 and name != "dot"]


def test_the_protocol_and_the_primitives_name_the_same_functions():
    assert set(PRIMITIVES) == PROTOCOL


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_namespace_has_every_name_of_the_protocol(namespace):
    missing = sorted(name for name in PROTOCOL if not callable(getattr(NAMESPACES[namespace], name, None)))
    assert not missing, f"{namespace} lacks {missing}"


def _points(count: int) -> list[tuple[float, ...]]:
    randoms = [tuple(float(x) for x in RNG.uniform(-3.0, 3.0, count)) for _ in range(12)]
    edges = [(x,) * count for x in EDGES] + ([(x, y) for x in EDGES for y in EDGES[:6]] if count == 2 else [])
    return randoms + edges


def _same(a: float, b: float) -> bool:
    """Equal as IEEE numbers: both NaN, or equal to 1e-12 relative (numpy's libm may round the last bit)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def _floats(name: str, point: tuple[float, ...]) -> float:
    return float(getattr(FLOAT_MATH, name)(*point))


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_numpy_arrays_give_the_float_numbers(name):
    points = _points(PRIMITIVES[name])
    with np.errstate(all="ignore"):
        got = getattr(numpy_math(), name)(*(np.array(column) for column in zip(*points)))
    for point, number in zip(points, np.broadcast_to(got, (len(points),))):
        assert _same(float(number), _floats(name, point)), (name, point, number)


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_values_and_duals_give_the_float_numbers_where_the_op_is_defined(name):
    for point in _points(PRIMITIVES[name]):
        expected = _floats(name, point)
        if not math.isfinite(expected) or name in ("gt", "ge", "lt", "le", "eq"):
            continue  # a Value is always finite; comparisons are plain bools in both
        as_values = getattr(VALUE_MATH, name)(*(Value(x) for x in point))
        assert _same(as_values.data if isinstance(as_values, Value) else float(as_values), expected), (name, point)
        try:
            as_duals = getattr(DUAL_MATH, name)(*(Dual(x, 1.0) for x in point))
        except ArithmeticError:  # its slope is undefined there (sqrt at 0): no tangent to carry
            continue
        assert _same(float(as_duals.value if isinstance(as_duals, Dual) else as_duals), expected), (name, point)


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_the_code_writer_gives_the_float_numbers_by_running_what_it_writes(name):
    """m.<name>(a0, ...) on symbols, written out as numpy source and run on every point at once."""
    count = PRIMITIVES[name]
    from autograd.codegen.listing import _list

    symbols = [Symbol("input", (f"a{i}",)) for i in range(count)]
    source = render(_list([f"a{i}" for i in range(count)], [getattr(SYMBOLIC_MATH, name)(*symbols)]), "forward")
    namespace: dict = {"np": np}
    exec(source, namespace)
    points = _points(count)
    with np.errstate(all="ignore"):
        got = namespace["forward"](*(np.array(column) for column in zip(*points)))
    for point, number in zip(points, np.broadcast_to(got, (len(points),))):
        assert _same(float(number), _floats(name, point)), (name, point, number, source)


def test_where_and_dot_agree_across_namespaces():
    xs, ws = [0.5, -1.25, 2.0], [3.0, 0.5, -0.75]
    expected = FLOAT_MATH.dot(xs, ws)
    assert numpy_math().dot([np.array(x) for x in xs], [np.array(w) for w in ws]) == expected
    assert VALUE_MATH.dot([Value(x) for x in xs], ws).data == expected
    assert DUAL_MATH.dot([Dual(x, 1.0) for x in xs], ws).value == expected
    assert [m.where(m.gt(2.0, 1.0), 5.0, 6.0) for m in NAMESPACES.values()] == [5.0] * len(NAMESPACES)
