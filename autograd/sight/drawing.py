"""draw(root) and render(root, path): a computation graph as a Graphviz picture.

The only module that imports graphviz, and only inside its functions, so
``import autograd`` never needs it. dot itself runs in sight.dot_program, under a time limit.

Imports: arguments, files, graph, value, sight.steps, sight.dot_program, graphviz (when called),
typing_extensions (type hints only).
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, TypedDict, overload

from ..arguments import check_choice, check_count, check_number
from ..files import writable_path, write_bytes
from ..graph import local_derivatives, topological_order
from ..value import Value
from .dot_program import DEFAULT_TIMEOUT, FAST_AFTER, FAST_LAYOUT, DrawingTimeoutError, crossed_ranks, run_dot
from .steps import Names, format_number, node_names

if TYPE_CHECKING:
    from typing_extensions import Unpack  # in typing from Python 3.11

SUFFIXES = (".svg", ".png", ".pdf", ".dot")
RANKDIRS = ("LR", "RL", "TB", "BT")
INSTALL_HINT = "Install it: apt-get install graphviz / brew install graphviz / https://graphviz.org/download/"
MISSING_DOT = "Graphviz's 'dot' program was not found, so this graph cannot be drawn here (its DOT text is in .source)."
# ColorBrewer RdBu: mid-tone ends keep black text readable; grey is "no gradient".
_PALE, _RED, _BLUE = (247, 247, 247), (239, 138, 98), (103, 169, 207)
_RED_BORDER, _BLUE_BORDER, _GREY, _GREY_BORDER = "#b2182b", "#2166ac", "#eeeeee", "#888888"
_FONT = "Helvetica"


class Digraph(Protocol):
    """What draw() returns: a graphviz.Digraph. graphviz ships no type hints, so this names the part
    chainrule uses and documents, with graphviz's own signatures; Graphviz attributes are strings."""

    timeout: float  # seconds dot may take in pipe() and in Jupyter's display (draw's timeout)

    def __init__(self, name: str | None = None, *, format: str | None = None) -> None: ...

    @property
    def source(self) -> str: ...  # the graph in the DOT language

    def attr(self, kw: str | None = None, **attrs: str) -> None: ...
    def node(self, name: str, label: str | None = None, **attrs: str) -> None: ...
    def edge(self, tail_name: str, head_name: str, label: str | None = None, **attrs: str) -> None: ...

    @overload
    def pipe(self, format: str | None = None, *, encoding: None = None) -> bytes: ...
    @overload
    def pipe(self, format: str | None = None, *, encoding: str) -> str: ...

    def render(self, filename: str | os.PathLike[str] | None = None, directory: str | os.PathLike[str] | None = None,
               view: bool = False, cleanup: bool = False, format: str | None = None) -> str: ...


class DrawOptions(TypedDict, total=False):
    """draw()'s keyword arguments, which render() passes on."""

    rankdir: str
    show_grad: bool
    edge_labels: bool
    max_nodes: int
    format: str
    legend: bool
    timeout: float


def draw(root: Value, rankdir: str = "LR", show_grad: bool = True, edge_labels: bool = True,
         max_nodes: int = 500, format: str = "svg", legend: bool = True, timeout: float = DEFAULT_TIMEOUT) -> Digraph:
    """The graph behind ``root`` as a ``graphviz.Digraph``: a record per Value, a node per op.

    Edges run parent -> op -> result. Each parent -> op edge shows the local derivative
    d(result)/d(parent); after backward it also shows upstream grad x local = what the
    edge adds to the parent's grad. Node colour: the sign and size of the grad. Graphs of
    more than ``max_nodes`` Values are refused. ``legend`` adds a key below the picture. An
    unlabelled Value shows the name explain() gives it (#2, ...). Jupyter shows it as SVG;
    without Graphviz's ``dot`` it shows how to install it instead. ``timeout``: the seconds dot
    may take to lay it out (in Jupyter's display and ``.pipe()``), then DrawingTimeoutError.
    """
    graphviz = _import_graphviz()
    order = _checked_order(root, max_nodes, rankdir)
    position, names = {id(node): i for i, node in enumerate(order)}, node_names(order)
    largest = max(abs(node.grad) for node in order) if show_grad else 0.0
    flows = show_grad and root.grad != 0.0  # grads are there to multiply: backward has run
    graph = _picture_class(graphviz)("chainrule", format=format)
    graph.timeout = check_number("timeout", timeout, 0.0, low_open=True, example=DEFAULT_TIMEOUT)
    graph.attr(rankdir=rankdir, bgcolor="white", nodesep="0.25", ranksep="0.35", fontname=_FONT)
    fast = crossed_ranks(order) > FAST_AFTER  # see sight.dot_program: long edges make dot slow
    if fast:
        graph.attr(**FAST_LAYOUT)
    graph.attr("node", fontname=_FONT, fontsize="11")
    graph.attr("edge", fontname=_FONT, fontsize="9", color="#555555", fontcolor="#333333", arrowsize="0.6")
    for i, node in enumerate(order):
        graph.node(f"v{i}", _record(node, names, show_grad), **_value_style(node, largest))
        if node.parents:
            _add_op(graph, node, i, position, ("xlabel" if fast else "label") if edge_labels else "", flows)
    if legend:
        _add_legend(graph, root, show_grad, edge_labels, flows)
    return graph


def render(root: Value, path: str | os.PathLike[str], **draw_options: Unpack[DrawOptions]) -> Path:
    """Draw ``root`` into ``path``; the suffix (.svg .png .pdf .dot) picks the format.

    Without Graphviz's ``dot`` program, writes the DOT source next to ``path`` (same stem,
    .dot), says in one line how to install Graphviz, and returns that path instead. When dot
    takes longer than ``timeout`` seconds (default 20), it is stopped and DrawingTimeoutError (a
    TimeoutError) is raised; the file is left as it was.
    """
    path = writable_path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"render() writes {', '.join(SUFFIXES)} files; got {str(path)!r}. Use one of those suffixes.")
    graph = draw(root, **draw_options)
    if suffix == ".dot":
        return write_bytes(path, graph.source.encode("utf-8"))
    if shutil.which("dot") is not None:
        graphviz = _import_graphviz()  # imported already, by draw
        try:
            return write_bytes(path, graph.pipe(format=suffix[1:]))
        except graphviz.ExecutableNotFound:  # found by which() but cannot be run
            pass
    written = write_bytes(path.with_suffix(".dot"), graph.source.encode("utf-8"))
    print(f"Graphviz's 'dot' program was not found; wrote {written} instead. {INSTALL_HINT}", file=sys.stderr)
    return written


def _add_op(graph: Digraph, node: Value, i: int, position: dict[int, int], key: str, flows: bool) -> None:
    """The op node between ``node`` (number i) and its parents, with one edge per parent. ``key`` names the
    edge labels' attribute: "label"; "xlabel" (placed after layout: no rank of its own) in the fast layout;
    "" for none."""
    graph.node(f"op{i}", _plain(node.op), shape="ellipse", style="filled", fillcolor="#fafafa",
               color="#666666", fontsize="10", height="0.3", width="0.3", margin="0.04,0.02")
    graph.edge(f"op{i}", f"v{i}")
    for parent, local in zip(node.parents, local_derivatives(node)):  # a + a: two edges, two labels
        label = {key: _edge_label(local, node.grad, flows)} if key and local is not None else {}
        graph.edge(f"v{position[id(parent)]}", f"op{i}", **label)


@functools.cache  # one class, made the first time a graph is drawn (graphviz is imported only then)
def _picture_class(graphviz: ModuleType) -> type[Digraph]:
    """graphviz.Digraph, except that its notebook display gives the install hint when ``dot`` is missing
    (Digraph's own raises ExecutableNotFound, a traceback in the notebook); ``.source`` holds the DOT."""

    class Picture(graphviz.Digraph):  # type: ignore[misc, name-defined]  # graphviz is untyped: mypy cannot see Digraph
        timeout = DEFAULT_TIMEOUT

        def pipe(self, format: str | None = None, *, encoding: str | None = None) -> bytes | str:
            """The picture in ``format`` from dot, which is stopped after ``self.timeout`` seconds."""
            try:
                output = run_dot(self.source, format or self.format, self.timeout)
            except FileNotFoundError:
                raise graphviz.ExecutableNotFound(["dot"]) from None
            except subprocess.CalledProcessError as error:
                raise graphviz.CalledProcessError(error.returncode, error.cmd, error.output, error.stderr) from None
            return output.decode(encoding) if encoding else output

        def __repr__(self) -> str:
            return f"<graphviz.Digraph: the graph in {len(self.source.splitlines())} lines of DOT, in .source>"

        def _repr_mimebundle_(self, include: object = None, exclude: object = None,
                              **options: object) -> dict[str, str]:
            try:
                picture = self.pipe(format="svg", encoding="utf-8")
                assert isinstance(picture, str)  # decoded, as asked
                return {"image/svg+xml": picture}
            except graphviz.ExecutableNotFound:
                return {"text/plain": f"{MISSING_DOT} {INSTALL_HINT}"}
            except DrawingTimeoutError as error:
                return {"text/plain": str(error)}

    Picture.__qualname__ = "Picture"
    return Picture


def _import_graphviz() -> ModuleType:
    try:
        import graphviz  # type: ignore[import-untyped]  # graphviz ships no type hints
    except ImportError:
        raise ImportError(
            "drawing a graph needs the Python package 'graphviz': pip install 'chainrule[viz]' "
            "(and Graphviz's dot program to render pictures). explain(root) needs neither."
        ) from None
    module: ModuleType = graphviz  # mypy sees Any, as graphviz ships no type hints
    return module


def _checked_order(root: Value, max_nodes: int, rankdir: str) -> list[Value]:
    """The topological order, or a quick refusal (counting is linear; layout is not)."""
    if not isinstance(root, Value):
        raise TypeError(f"draw() takes a Value; got {type(root).__name__} {root!r}.")
    check_choice("rankdir", rankdir, RANKDIRS)
    check_count("max_nodes", max_nodes, 1)
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"this graph has {len(order)} Values, more than max_nodes={max_nodes}: too many to draw "
            f"readably. Read it step by step with explain(root), or pass a larger max_nodes."
        )
    return order


def _record(node: Value, names: Names, show_grad: bool) -> str:
    """``label | data 2.0000 | grad -1.5029``: one Value as a Graphviz record, named by its label or
    else by explain()'s name for it (#2); a constant (a plain number in the expression) shows just its
    value: it has no gradient.

    The fields stack across the direction of flow (down the page for rankdir LR).
    """
    if not node.requires_grad and not node.parents:
        return format_number(node.data)
    fields = [_record_text(node.label or names[id(node)])]
    fields.append(f"data {format_number(node.data)}")
    if show_grad and node.requires_grad:
        fields.append(f"grad {format_number(node.grad)}")
    return " | ".join(fields)


def _value_style(node: Value, largest: float) -> dict[str, str]:
    """Fill by the grad's sign, deeper for a larger |grad|; leaves get square, thick borders;
    constants are plain, dashed boxes."""
    if not node.requires_grad and not node.parents:
        return {"shape": "box", "style": "dashed,rounded", "color": _GREY_BORDER, "fontcolor": "#444444"}
    grad = node.grad
    if grad == 0.0 or largest == 0.0:
        fill, border = _GREY, _GREY_BORDER
    else:
        end, border = (_RED, _RED_BORDER) if grad > 0 else (_BLUE, _BLUE_BORDER)
        share = 0.25 + 0.75 * abs(grad) / largest  # a tiny grad still shows its sign
        fill = _hex(tuple(p + (e - p) * share for p, e in zip(_PALE, end)))
    shape, width = ("Mrecord", "1") if node.parents else ("record", "2.2")
    return {"shape": shape, "style": "filled", "fillcolor": fill, "color": border, "penwidth": width}


def _edge_label(local: float, upstream: float, flows: bool) -> str:
    """``local -3.0000``, and after backward ``× 0.5010 = -1.5029`` (the edge's share of the grad)."""
    label = f"local {format_number(local)}"
    if flows:
        label += f"\\n× {format_number(upstream)} = {format_number(upstream * local)}"
    return label


def _add_legend(graph: Digraph, root: Value, show_grad: bool, edge_labels: bool, flows: bool) -> None:
    """A small key as the graph's own label: drawn below the layout, so it moves no node."""
    name = _html(root.label) if root.label else "the output"
    swatch = '<TD BGCOLOR="{}" COLOR="{}" BORDER="{}" WIDTH="14"></TD>'
    rows = [
        (swatch.format(_hex(_RED), _RED_BORDER, 1), f"grad &gt; 0: raising it raises {name}"),
        (swatch.format(_hex(_BLUE), _BLUE_BORDER, 1), f"grad &lt; 0: raising it lowers {name}"),
        (swatch.format(_GREY, _GREY_BORDER, 1), "grad 0, or no backward yet; deeper colour = larger |grad|"),
    ] if show_grad else []
    rows.append((swatch.format("white", _GREY_BORDER, 2), "square, thick border: a leaf (input or parameter)"))
    if any(not node.requires_grad and not node.parents for node in topological_order(root)):
        rows.append(('<TD BORDER="1" STYLE="dashed" COLOR="#888888" WIDTH="14"></TD>',
                     "dashed: a constant (a plain number), which needs no gradient"))
    if edge_labels:
        product = " × upstream grad = what it adds to the input's grad" if flows else ""
        rows.append(("<TD>→</TD>", f"edge: local = ∂ result / ∂ input{product}"))
    cells = "".join(f'<TR>{key}<TD ALIGN="LEFT">{text}</TD></TR>' for key, text in rows)
    table = f'<<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="3" CELLPADDING="1">{cells}</TABLE>>'
    graph.attr(label=table, labelloc="b", labeljust="r", fontsize="9", fontcolor="#444444")


def _hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def _printable(text: str) -> str:
    """Control characters (other than newlines) as spaces: SVG is XML, which forbids them."""
    return "".join(c if c.isprintable() or c == "\n" else " " for c in text)


def _plain(text: str) -> str:
    """Text for an ordinary Graphviz label: backslashes literal, one line per line."""
    return _printable(text).replace("\\", "\\\\").replace("\n", "\\n")


def _record_text(text: str) -> str:
    """Text for a record field, where { } | < > also mean something (the graphviz package escapes quotes)."""
    return "".join("\\" + c if c in "{}|<>" else c for c in _plain(text))


def _html(text: str) -> str:
    """Text for an HTML-like label: markup escaped, and each backslash doubled, as in _plain (dot reads
    \\G in any label as the graph's name, \\N as the node's)."""
    text = _printable(text).replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("\n", " ")

