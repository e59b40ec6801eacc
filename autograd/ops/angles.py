"""Angles: the angle and the length of a point (y, x), arctan2 and hypot, each written so that no square
overflows; and the change of angle units, deg2rad and rad2deg (numpy's radians and degrees).

Imports: rule.
"""
from __future__ import annotations

import math

from ..rule import Math, Number, Rule

# As numpy and the math module have them: the one rounded factor each, so the results agree to the bit.
_DEGREE = math.pi / 180.0
_RADIAN = 180.0 / math.pi


class Arctan2(Rule):
    """f(y, x) = the angle of the point (x, y), in (-pi, pi] (numpy's arctan2, y first);
    df/dy = x / (x**2 + y**2),  df/dx = -y / (x**2 + y**2)  (undefined at (0, 0)).

    The slopes are computed as (x/r)/r with r = hypot(x, y): x*x + y*y would overflow for
    |x| > 1e154 and underflow for |x| < 1e-162, and r does neither.
    """

    name, arity = "arctan2", 2
    formulas = ("d/dy = x/(x**2 + y**2)", "d/dx = -y/(x**2 + y**2)")

    def forward(self, m: Math, y: Number, x: Number) -> Number:
        return m.arctan2(y, x)

    def local_grads(self, m: Math, y: Number, x: Number, out: Number) -> tuple[Number, ...]:
        r = m.hypot(y, x)
        return x / r / r, -y / r / r

    def show(self, y: float, x: float) -> str:
        return f"arctan2({y!r}, {x!r})"


class Hypot(Rule):
    """f(a, b) = sqrt(a**2 + b**2), the length of (a, b);  df/da = a / f,  df/db = b / f.

    Computed by m.hypot, which scales instead of squaring, so it is finite wherever the length
    is (hypot(1e200, 1e200) = 1.4e200). At (0, 0), a cone's tip, both slopes are taken as 0, as
    abs's is at 0 (hypot(a, 0) = |a|).
    """

    name, arity = "hypot", 2
    formulas = ("d/da = a/out", "d/db = b/out")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return m.hypot(a, b)

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        safe = m.where(m.eq(out, 0.0), 1.0, out)  # out = 0 only at a = b = 0: there 0/1 = 0
        return a / safe, b / safe

    def show(self, a: float, b: float) -> str:
        return f"hypot({a!r}, {b!r})"


class Deg2rad(Rule):
    """f(a) = a * pi / 180, degrees to radians;  df/da = pi / 180.  numpy's other name for it: radians."""

    name, aliases = "deg2rad", ("radians",)
    formulas = ("d/da = pi/180",)

    def forward(self, m: Math, a: Number) -> Number:
        return a * _DEGREE

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (_DEGREE,)


class Rad2deg(Rule):
    """f(a) = a * 180 / pi, radians to degrees;  df/da = 180 / pi.  numpy's other name for it: degrees."""

    name, aliases = "rad2deg", ("degrees",)
    formulas = ("d/da = 180/pi",)

    def forward(self, m: Math, a: Number) -> Number:
        return a * _RADIAN

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (_RADIAN,)
