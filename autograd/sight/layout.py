"""The graph of explore()'s page as inline SVG, laid out here: no Graphviz, no dot program.

Columns left to right by depth, rows spread evenly; a column of more than MAX_ROWS nodes (a
neuron's 33 inputs) wraps into several, so the graph stays about as wide as it is tall. Each
edge is drawn CS231n's way: the value travelling forward above the wire leaving a node, the
gradient coming back below it. Element ids node-i (topological order) and edge-k (each node's
inputs in order) let the page's script address them.

Imports: value, sight.steps.
"""
import html
import math
from collections.abc import Sequence
from typing import NamedTuple

from ..value import Value
from .steps import Names, format_number

NODE_HEIGHT, ROW_GAP, CURVE_GAP, MARGIN = 44, 14, 30, 12
TOP = 36  # room above the top row for the badge of the step being applied
MAX_ROWS = 8  # a taller column wraps into several (each about sqrt(2 n) rows)
MIN_WIDTH, MAX_WIDTH = 56, 250
NAME_CHAR, MONO_CHAR = 9.9, 8.5  # rough glyph widths (px) of the 16px names and the 14px numbers
WIRE_PAD = 10  # the wire runs this much past its longest number
GRAD_CHARS = 13  # room for a gradient the layout is not told: "-1.2345e-05 ✓"


class Box(NamedTuple):
    """Where one node's box sits: its top-left corner and its width (every box is NODE_HEIGHT tall)."""

    x: float
    y: float
    width: float


def svg(order: list[Value], names: Names, label_chars: Sequence[int] | None = None) -> str:
    """The graph as inline SVG: edge-k paths (forward direction), then node-i boxes with their wires on top.
    ``label_chars``: per node, the longest number its wire will show (data or gradient), in characters."""
    index = {id(node): i for i, node in enumerate(order)}
    chars = list(label_chars) if label_chars is not None else _default_chars(order)
    boxes = layout(order, chars)
    wires = [_wire(chars[i]) for i in range(len(order))]
    # Whole pixels: the page scales the graph by (whole pixels) / (this size), never below 1, so no label shrinks.
    right = math.ceil(max(x + width + wire for (x, _, width), wire in zip(boxes, wires)) + MARGIN)
    bottom = math.ceil(max(y for _, y, _ in boxes) + NODE_HEIGHT + MARGIN)
    edges = [_edge_svg(k, edge, boxes, wires, order) for k, edge in enumerate(edges_of(order, index))]
    used = {parent for parent, _, _ in edges_of(order, index)}
    nodes = [_node_svg(i, node, node.label or names[id(node)], boxes[i], wires[i], i not in used)
             for i, node in enumerate(order)]
    return (
        f'<svg id="graph" viewBox="0 0 {right} {bottom}" width="{right}" height="{bottom}" '
        f'role="img" aria-label="computation graph">\n{_MARKERS}\n<g class="edges">\n' + "\n".join(edges)
        + '\n</g>\n<g class="nodes">\n' + "\n".join(nodes) + "\n</g>\n" + _EDGE_LABEL + "\n</svg>"
    )


def edges_of(order: list[Value], index: dict[int, int]) -> list[tuple[int, int, int]]:
    """(parent, child, slot) for each input of each node: edge k is the SVG element edge-k."""
    return [(index[id(parent)], i, slot) for i, node in enumerate(order) for slot, parent in enumerate(node.parents)]


def layout(order: list[Value], label_chars: Sequence[int] | None = None) -> list[Box]:
    """(x, y, width) of each node's box: columns left to right by depth (a tall one wrapped into several),
    each as wide as its widest name plus the wire after it; rows ordered to follow their users, centred."""
    index = {id(node): i for i, node in enumerate(order)}
    chars = list(label_chars) if label_chars is not None else _default_chars(order)
    column_of, users = columns(order, index), _users(order, index)
    members = {c: [i for i in range(len(order)) if column_of[i] == c] for c in sorted(set(column_of))}
    rows_of = {c: _rows(len(nodes)) for c, nodes in members.items()}
    pitch = NODE_HEIGHT + ROW_GAP
    height = max(rows_of.values()) * pitch - ROW_GAP
    lefts, widths, left = {}, {}, float(MARGIN)
    for c, nodes in members.items():  # each wrapped part of a column: the column's box width, then its wire
        width, wire = _node_width([order[i] for i in nodes]), max(_wire(chars[i]) for i in nodes)
        for part in range(math.ceil(len(nodes) / rows_of[c])):
            widths[c, part], lefts[c, part] = width, left
            left += width + wire + CURVE_GAP
    boxes = [Box(0.0, 0.0, 0.0)] * len(order)
    for column in sorted(members, reverse=True):  # right to left: users are placed first
        ordered = sorted(members[column], key=lambda i: (_mean_y(users[i], boxes), i))
        rows = rows_of[column]
        for part in range(math.ceil(len(ordered) / rows)):
            chunk = ordered[part * rows:(part + 1) * rows]
            top = TOP + (height - len(chunk) * pitch + ROW_GAP) / 2
            for row, i in enumerate(chunk):
                boxes[i] = Box(lefts[column, part], top + row * pitch, widths[column, part])
    return boxes


def _rows(count: int) -> int:
    """How many rows a column of ``count`` nodes takes: all of them up to MAX_ROWS, else about sqrt(2 count),
    shared out evenly over the parts."""
    if count <= MAX_ROWS:
        return max(count, 1)
    parts = math.ceil(count / max(MAX_ROWS, math.ceil(math.sqrt(2 * count))))
    return math.ceil(count / parts)


def _users(order: list[Value], index: dict[int, int]) -> list[list[int]]:
    """For each node, the nodes that take it as an input."""
    users: list[list[int]] = [[] for _ in order]
    for i, node in enumerate(order):
        for parent in node.parents:
            users[index[id(parent)]].append(i)
    return users


def columns(order: list[Value], index: dict[int, int]) -> list[int]:
    """Each node's column: the longest path from the leaves; a leaf then moves right to sit just before
    its first user. (draw()'s picture ranks nodes the same way: sight.dot_program counts on it.)"""
    depth = [0] * len(order)
    for i, node in enumerate(order):
        if node.parents:
            depth[i] = 1 + max(depth[index[id(parent)]] for parent in node.parents)
    first_use: dict[int, int] = {}  # a node -> the leftmost column that uses it
    for i, node in enumerate(order):
        for parent in node.parents:
            p = index[id(parent)]
            first_use[p] = min(first_use.get(p, depth[i]), depth[i])
    return [first_use[i] - 1 if not node.parents and i in first_use else depth[i] for i, node in enumerate(order)]


def _mean_y(users: list[int], boxes: list[Box]) -> float:
    return sum(boxes[u].y for u in users) / len(users) if users else 0.0


def _node_width(nodes: list[Value]) -> float:
    return min(MAX_WIDTH, max(MIN_WIDTH, *(24 + len(node.label or "n00") * NAME_CHAR + _badge_width(_op_sign(node))
                                           for node in nodes)))


def _default_chars(order: list[Value]) -> list[int]:
    """Without the gradients' texts: each node's data, or room for any gradient, whichever is longer."""
    return [max(len(format_number(node.data)), GRAD_CHARS) for node in order]


def _wire(chars: int) -> float:
    """The length of the wire leaving a box: its longest number and some air."""
    return chars * MONO_CHAR + WIRE_PAD


def _badge_width(op: str) -> float:
    return 14 + 8.2 * len(op) + 8 if op else 0.0


_MARKERS = (
    '<defs>'
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
    '<path d="M0,1 L9,5 L0,9 z" fill="#aab2bd"/></marker>'
    '<marker id="arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" '
    'orient="auto-start-reverse">'
    '<path d="M0,0 L10,5 L0,10 z" fill="#f59e0b"/></marker>'
    '</defs>'
)
_EDGE_LABEL = '<g id="edge-label" visibility="hidden"><rect height="22" rx="11"/><text x="9" y="16"></text></g>'


def _edge_svg(k: int, edge: tuple[int, int, int], boxes: list[Box], wires: list[float], order: list[Value]) -> str:
    """The parent's wire (a straight run past its numbers), then a curve to one of the child's input slots
    (spread down its left side)."""
    parent, child, slot = edge
    x0, y1 = boxes[parent].x + boxes[parent].width, boxes[parent].y + NODE_HEIGHT / 2
    x1 = x0 + wires[parent]
    slots = len(order[child].parents)
    x2, y2 = boxes[child].x, boxes[child].y + NODE_HEIGHT * (slot + 1) / (slots + 1)
    bend = max(20.0, (x2 - x1) / 2)
    return (f'<g id="edge-{k}" class="edge" data-parent="{parent}" data-child="{child}">'
            f'<path d="M{x0:g},{y1:g} H{x1:g} C{x1 + bend:g},{y1:g} {x2 - bend:g},{y2:g} {x2 - 2:g},{y2:g}"/></g>')


def _op_sign(node: Value) -> str:
    """The op on the node's badge, as its rule says a textbook prints it (× ÷ −), else its symbol or name;
    "" for a leaf."""
    rule = node.rule
    return "" if rule is None else rule.sign or rule.symbol or rule.name


def _node_svg(i: int, node: Value, name: str, box: Box, wire: float, unused: bool) -> str:
    """One Value: its name and op in the box; on the wire leaving it, its data above and its gradient below
    (filled in by the script). The edges draw the wires of used nodes; an unused one's (the root's) is drawn
    here, leading nowhere: it only carries the numbers."""
    x, y, width = box
    constant = not node.requires_grad
    kind = "node constant" if constant else "node leaf" if not node.parents else "node"
    sign = _op_sign(node)
    op, op_width = html.escape(sign), _badge_width(sign) - 8
    room = int((width - 24 - _badge_width(sign)) / NAME_CHAR + 1e-9)
    shown = name if len(name) <= room else name[: max(room - 1, 1)] + "\u2026"
    badge = (f'<g class="op"><rect x="{width - 8 - op_width:g}" y="11" width="{op_width:g}" height="22" rx="11"/>'
             f'<text x="{width - 8 - op_width / 2:g}" y="27" text-anchor="middle">{op}</text></g>') if op else ""
    tooltip = f"{name} = {format_number(node.data)}" + (f" ({node.op})" if op else " (constant)" if constant
                                                        else " (leaf)")
    mid, start = NODE_HEIGHT / 2, width + 6
    grad = (f'<text class="grad" x="{start:g}" y="{mid + 19:g}"><tspan class="key">constant</tspan></text>'
            if constant else
            f'<text class="grad" x="{start:g}" y="{mid + 19:g}"><tspan class="number">?</tspan>'
            '<tspan class="tick"></tspan></text>')
    own_wire = f'<path class="wire" d="M{width:g},{mid:g} H{width + wire:g}"/>' if unused else ""
    return (
        f'<g id="node-{i}" class="{kind}" transform="translate({x:g},{y:g})">'
        f'<title>{html.escape(tooltip)}</title>{own_wire}'
        f'<rect class="box" width="{width:g}" height="{NODE_HEIGHT}" rx="9"/>'
        f'<text class="name" x="12" y="28">{html.escape(shown)}</text>{badge}'
        f'<text class="data" x="{start:g}" y="{mid - 7:g}"><tspan class="number">{format_number(node.data)}</tspan>'
        f'</text>{grad}</g>'
    )
