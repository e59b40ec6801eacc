"""A rule written out as numpy calls that write into buffers made once: the fast form a trace's kernels run.

Each step of a Listing becomes one numpy call with ``out=``: into ``results[i]`` when the step gives the
function's i-th result, else into its own scratch buffer (a bool buffer for a comparison). So a kernel that
runs a rule over the same batch size again and again allocates nothing: tanh's local derivative
``1.0 - out * out`` becomes ``np.multiply(out, out, out=scratch[0]); np.subtract(1.0, scratch[0],
out=results[0])``. A result that is no step (a constant, or an input itself, as exp's ``out``) is returned as
it is: the caller decides how to use a constant 1.0 or -1.0.

``where(c, a, b)`` becomes two copies (b everywhere, then a where c holds), and ``where(c, 1.0, 0.0)`` one
copy of c, a mask; a result that is such a mask is returned as the bool array itself (numpy multiplies by it).

Imports: codegen.listing, codegen.python, codegen.symbols, maths.arrays.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..maths.arrays import NUMPY_NAMES
from .listing import Listing, Step
from .python import argument_text
from .symbols import CodegenError

UFUNCS = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide", "**": "power", "neg": "negative"}
COMPARISONS = ("gt", "ge", "lt", "le", "eq")


@dataclass(frozen=True)
class BufferedSource:
    """``source`` defines ``name(a0, ..., results, scratch)``, which returns its results: arrays it wrote
    (into ``results``), inputs as they are, or constants. ``scratch_kinds``: per scratch buffer, "float"
    or "bool" (a comparison's)."""

    source: str
    scratch_kinds: tuple[str, ...]


def render_buffered(listing: Listing, name: str) -> BufferedSource:
    """def name(a0, ..., results, scratch): the listing's steps as numpy calls into those buffers."""
    kinds = scratch_kinds(listing)
    results = [f"results[{i}]" for i in range(len(listing.results))]
    body, returned = buffered_lines(listing, listing.parameters, results, [f"scratch[{j}]" for j in range(len(kinds))])
    header = f"def {name}({', '.join((*listing.parameters, 'results', 'scratch'))}):"
    lines = [header, *(f"    {line}" for line in body)]
    lines.append(f"    return ({', '.join(returned)}{',' if len(returned) == 1 else ''})")
    return BufferedSource("\n".join(lines), kinds)


def scratch_kinds(listing: Listing) -> tuple[str, ...]:
    """Per scratch buffer the listing's steps need: "float", or "bool" for a comparison's."""
    finals = {value for kind, value in listing.results if kind == "name"}
    return tuple("bool" if step.op in COMPARISONS else "float" for step in listing.steps
                 if step.target not in finals)


def buffered_lines(listing: Listing, inputs: Sequence[str], results: Sequence[str],
                   scratch: Sequence[str]) -> tuple[list[str], list[str]]:
    """The listing's steps as numpy calls (one line each, no indent), reading ``inputs`` (names in place of its
    parameters), writing its i-th result into ``results[i]`` and the others into ``scratch`` in order; and what
    each result is: a name that holds it, or a constant."""
    finals = {value: i for i, (kind, value) in enumerate(listing.results) if kind == "name"}
    places: dict[str, str] = dict(zip(listing.parameters, inputs))
    lines: list[str] = []
    spare = iter(scratch)
    for step in listing.steps:
        if step.op == "where" and step.arguments[1:] == (("constant", 1.0), ("constant", 0.0)) \
                and step.target in finals:
            places[step.target] = places[str(step.arguments[0][1])]  # a result that is a mask: the mask itself
            continue
        place = results[finals[step.target]] if step.target in finals else next(spare)
        places[step.target] = place
        lines += _calls(step, place, places)
    returned = [places.get(str(value), str(value)) if kind == "name" else argument_text((kind, value))
                for kind, value in listing.results]
    return lines, returned


def _calls(step: Step, place: str, places: dict[str, str]) -> list[str]:
    """The numpy call(s) that compute ``step`` into ``place``."""
    a = [places.get(str(value), str(value)) if kind == "name" else argument_text((kind, value))
         for kind, value in step.arguments]
    if step.op == "where":
        if step.arguments[1:] == (("constant", 1.0), ("constant", 0.0)):
            return [f"np.copyto({place}, {a[0]})"]  # a mask as 1.0 and 0.0
        return [f"np.copyto({place}, {a[2]})", f"np.copyto({place}, {a[1]}, where={a[0]})"]
    if step.op in UFUNCS:
        return [f"np.{UFUNCS[step.op]}({', '.join(a)}, out={place})"]
    if step.op in NUMPY_NAMES:
        return [f"np.{NUMPY_NAMES[step.op]}({', '.join(a)}, out={place})"]
    raise CodegenError(f"m.{step.op} has no buffered numpy form")
