"""The graph of explore()'s page as inline SVG, laid out here: no Graphviz, no dot program.

Columns left to right by depth, rows spread evenly; element ids node-i (topological order)
and edge-k (each node's inputs in order) let the page's script address them.

Imports: value, sight.steps.
"""
import html
from typing import NamedTuple

from ..value import Value
from .steps import Names, format_number

NODE_HEIGHT, COLUMN_GAP, ROW_GAP, MARGIN = 74, 46, 24, 14
TOP = 30  # room above the top row for the badge of the step being applied
MIN_WIDTH, MAX_WIDTH = 136, 250
NAME_CHAR, MONO_CHAR = 9.6, 7.9  # rough glyph widths (px) of the 15px name and 13px numbers


class Box(NamedTuple):
    """Where one node's box sits: its top-left corner and its width (every box is NODE_HEIGHT tall)."""

    x: float
    y: float
    width: float


def svg(order: list[Value], names: Names) -> str:
    """The graph as inline SVG: edge-k paths (forward direction), then node-i boxes on top."""
    index = {id(node): i for i, node in enumerate(order)}
    boxes = layout(order)
    right = max(x + width for x, _, width in boxes) + MARGIN
    bottom = max(y for _, y, _ in boxes) + NODE_HEIGHT + MARGIN
    edges = [_edge_svg(k, edge, boxes, order) for k, edge in enumerate(edges_of(order, index))]
    nodes = [_node_svg(i, node, node.label or names[id(node)], boxes[i]) for i, node in enumerate(order)]
    return (
        f'<svg id="graph" viewBox="0 0 {right:g} {bottom:g}" width="{right:g}" height="{bottom:g}" '
        f'style="width: 100%; min-width: {0.8 * right:g}px; max-width: {1.5 * right:g}px; height: auto" '
        f'role="img" aria-label="computation graph">\n{_MARKERS}\n<g class="edges">\n' + "\n".join(edges)
        + '\n</g>\n<g class="nodes">\n' + "\n".join(nodes) + "\n</g>\n" + _EDGE_LABEL + "\n</svg>"
    )


def edges_of(order: list[Value], index: dict[int, int]) -> list[tuple[int, int, int]]:
    """(parent, child, slot) for each input of each node: edge k is the SVG element edge-k."""
    return [(index[id(parent)], i, slot) for i, node in enumerate(order) for slot, parent in enumerate(node.parents)]


def layout(order: list[Value]) -> list[Box]:
    """(x, y, width) of each node's box: columns left to right by depth, each as wide as its
    widest name; rows ordered to follow their users, spread evenly and centred."""
    index = {id(node): i for i, node in enumerate(order)}
    columns, users = _columns(order, index), _users(order, index)
    members = {c: [i for i in range(len(order)) if columns[i] == c] for c in sorted(set(columns))}
    widths = {c: _node_width([order[i] for i in nodes]) for c, nodes in members.items()}
    lefts = {c: MARGIN + sum(widths[d] + COLUMN_GAP for d in members if d < c) for c in members}
    height = max(len(nodes) for nodes in members.values()) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP
    boxes = [Box(0.0, 0.0, 0.0)] * len(order)
    for column in sorted(members, reverse=True):  # right to left: users are placed first
        rows = sorted(members[column], key=lambda i: (_mean_y(users[i], boxes), i))
        top = TOP + (height - len(rows) * (NODE_HEIGHT + ROW_GAP) + ROW_GAP) / 2
        for row, i in enumerate(rows):
            boxes[i] = Box(lefts[column], top + row * (NODE_HEIGHT + ROW_GAP), widths[column])
    return boxes


def _users(order: list[Value], index: dict[int, int]) -> list[list[int]]:
    """For each node, the nodes that take it as an input."""
    users: list[list[int]] = [[] for _ in order]
    for i, node in enumerate(order):
        for parent in node.parents:
            users[index[id(parent)]].append(i)
    return users


def _columns(order: list[Value], index: dict[int, int]) -> list[int]:
    """Longest path from the leaves; a leaf then moves right to sit just before its first user."""
    columns = [0] * len(order)
    for i, node in enumerate(order):
        if node.parents:
            columns[i] = 1 + max(columns[index[id(parent)]] for parent in node.parents)
    first_use: dict[int, int] = {}  # a node -> the leftmost column that uses it
    for i, node in enumerate(order):
        for parent in node.parents:
            p = index[id(parent)]
            first_use[p] = min(first_use.get(p, columns[i]), columns[i])
    return [first_use[i] - 1 if not node.parents and i in first_use else columns[i] for i, node in enumerate(order)]


def _mean_y(users: list[int], boxes: list[Box]) -> float:
    return sum(boxes[u].y for u in users) / len(users) if users else 0.0


def _node_width(nodes: list[Value]) -> float:
    widest_name = max(26 + len(node.label or "n00") * NAME_CHAR + _badge_width(_op_sign(node)) for node in nodes)
    widest_number = max(len(format_number(node.data)) for node in nodes) + 8
    return min(MAX_WIDTH, max(MIN_WIDTH, widest_name, 44 + widest_number * MONO_CHAR))


def _badge_width(op: str) -> float:
    return 14 + 7.4 * len(op) + 8 if op else 0.0


_MARKERS = (
    '<defs>'
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
    '<path d="M0,1 L9,5 L0,9 z" fill="#aab2bd"/></marker>'
    '<marker id="arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" '
    'orient="auto-start-reverse">'
    '<path d="M0,0 L10,5 L0,10 z" fill="#f59e0b"/></marker>'
    '</defs>'
)
_EDGE_LABEL = '<g id="edge-label" visibility="hidden"><rect height="19" rx="9.5"/><text x="8" y="14"></text></g>'


def _edge_svg(k: int, edge: tuple[int, int, int], boxes: list[Box], order: list[Value]) -> str:
    """A curve from the parent's right side to one of the child's input slots (spread down its left side)."""
    parent, child, slot = edge
    x1, y1 = boxes[parent].x + boxes[parent].width, boxes[parent].y + NODE_HEIGHT / 2
    slots = len(order[child].parents)
    x2, y2 = boxes[child].x, boxes[child].y + NODE_HEIGHT * (slot + 1) / (slots + 1)
    bend = max(30.0, (x2 - x1) / 2)
    return (f'<g id="edge-{k}" class="edge" data-parent="{parent}" data-child="{child}">'
            f'<path d="M{x1:g},{y1:g} C{x1 + bend:g},{y1:g} {x2 - bend:g},{y2:g} {x2 - 2:g},{y2:g}"/></g>')


def _op_sign(node: Value) -> str:
    """The op on the node's badge, as its rule says a textbook prints it (× ÷ −), else its symbol or name;
    "" for a leaf."""
    rule = node.rule
    return "" if rule is None else rule.sign or rule.symbol or rule.name


def _node_svg(i: int, node: Value, name: str, box: Box) -> str:
    """One Value: name and op on top, its data, then its gradient (filled in by the script)."""
    x, y, width = box
    constant = not node.requires_grad
    kind = "node constant" if constant else "node leaf" if not node.parents else "node"
    sign = _op_sign(node)
    op, op_width = html.escape(sign), _badge_width(sign) - 8
    room = int((width - 26 - _badge_width(sign)) / NAME_CHAR)
    shown = name if len(name) <= room else name[: max(room - 1, 1)] + "\u2026"
    badge = (f'<g class="op"><rect x="{width - 10 - op_width:g}" y="9" width="{op_width:g}" height="20" rx="10"/>'
             f'<text x="{width - 10 - op_width / 2:g}" y="23.5" text-anchor="middle">{op}</text></g>') if op else ""
    tooltip = f"{name} = {format_number(node.data)}" + (f" ({node.op})" if op else " (constant)" if constant
                                                        else " (leaf)")
    grad = ('<text class="grad" x="12" y="65"><tspan class="key">no gradient: a constant</tspan></text>' if constant
            else '<text class="grad" x="12" y="65"><tspan class="key">grad </tspan><tspan class="number">?</tspan>'
                 '<tspan class="tick"></tspan></text>')
    return (
        f'<g id="node-{i}" class="{kind}" transform="translate({x:g},{y:g})">'
        f'<title>{html.escape(tooltip)}</title>'
        f'<rect class="box" width="{width:g}" height="{NODE_HEIGHT}" rx="9"/>'
        f'<text class="name" x="12" y="25">{html.escape(shown)}</text>{badge}'
        f'<text class="data" x="12" y="47"><tspan class="key">data </tspan>'
        f'<tspan class="number">{format_number(node.data)}</tspan></text>'
        f'{grad}</g>'
    )
