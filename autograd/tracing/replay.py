"""The batched replay behind trace(): groups of same-depth, same-rule nodes run as one numpy call.

Values live in one matrix, a row per node and a column per sample; each group's rows
are contiguous, so reads and writes are slices. Backward finds the matrix products
hidden in the rules: a layer's weight gradients, for instance, come out of one `@`.
Uses only the nodes' own rules, run through a numpy namespace.

Imports: numpy (when a replay is planned).
"""
import functools
from collections import defaultdict
from types import SimpleNamespace


@functools.cache
def numpy_math() -> SimpleNamespace:
    """The numpy twin of rule.FLOAT_MATH, made on first use (importing autograd never imports numpy)."""
    import numpy as np

    return SimpleNamespace(exp=np.exp, log=np.log, log1p=np.log1p, tanh=np.tanh, sqrt=np.sqrt, sin=np.sin, cos=np.cos,
                           pow=np.power, abs=np.abs, sign=np.sign, where=np.where, maximum=np.maximum, dot=_dot,
                           gt=np.greater, ge=np.greater_equal, lt=np.less, le=np.less_equal, eq=np.equal)


def _dot(xs, ws):
    """Sum of xs[i] * ws[i] over i for a group: when every x is one row shared by the group
    (shape (1, n)) and every w one number per node (shape (g, 1)), that is W @ X."""
    import numpy as np

    x_shape, w_shape = np.shape(xs[0]), np.shape(ws[0])
    if (len(x_shape) == 2 and x_shape[0] == 1 and len(w_shape) == 2 and w_shape[1] == 1
            and all(np.shape(x) == x_shape for x in xs) and all(np.shape(w) == w_shape for w in ws)):
        return np.concatenate(ws, axis=1) @ np.concatenate(xs, axis=0)
    total = xs[0] * ws[0]
    for x, w in zip(xs[1:], ws[1:]):
        total = total + x * w
    return total


def plan(order: list, varying: set, first_rows: list, fixed_index: dict) -> tuple[dict, list]:
    """Rows for the varying nodes (``first_rows`` first, then group by group) and the Groups."""
    depth, batches = {}, defaultdict(list)
    for node in order:
        if id(node) in varying and node.parents:
            depth[id(node)] = 1 + max((depth.get(id(parent), 0) for parent in node.parents), default=0)
            kinds = tuple("varying" if id(parent) in varying else "fixed" if parent.requires_grad else "constant"
                          for parent in node.parents)
            batches[(depth[id(node)], id(node.rule), kinds)].append(node)
    rows = {id(node): i for i, node in enumerate(first_rows)}
    ordered = [members for _, members in sorted(batches.items(), key=lambda item: item[0][0])]
    for members in ordered:
        rows.update({id(node): len(rows) + i for i, node in enumerate(members)})
    return rows, [Group(members, rows, fixed_index) for members in ordered]


class Group:
    """One batch of nodes: an input position reads a matrix row for all of them ("shared"),
    distinct rows ("rows"), fixed floats ("fixed"), or constants ("constant": read like fixed floats,
    but given no gradient, as the eager engine gives none)."""

    def __init__(self, members: list, rows: dict, fixed_index: dict) -> None:
        import numpy as np

        self.rule = members[0].rule
        start = rows[id(members[0])]
        self.out = slice(start, start + len(members))
        self.sources = []
        for position, parent in enumerate(members[0].parents):
            parents = [member.parents[position] for member in members]
            if id(parent) in rows:
                index = np.array([rows[id(p)] for p in parents])
                kind = "shared" if (index == index[0]).all() else "rows"
            else:
                kind = "fixed" if parent.requires_grad else "constant"
                index = np.array([fixed_index[id(p)] for p in parents])
            self.sources.append((kind, _as_slice(index) if kind == "rows" else index))
        self.batches = _batches(self.sources)
        self.inputs = None

    def operands(self, values, fixed) -> list:
        """Each input position's numbers, shaped to broadcast against the group's (nodes, samples) block."""
        return [values[index[0]][None, :] if kind == "shared" else values[index] if kind == "rows"
                else fixed[index][:, None] for kind, index in self.sources]

    def forward(self, values, fixed) -> None:
        self.inputs = self.operands(values, fixed)
        values[self.out] = self.rule.forward(numpy_math(), *self.inputs)

    def backward(self, values, grads, fixed_grads, careful: bool = False) -> None:
        import numpy as np

        upstream = grads[self.out]
        local = self.rule.local_grads(numpy_math(), *self.inputs, values[self.out])
        if careful:
            local = [derivative if kind == "constant" else _finite(upstream, derivative, self.rule)
                     for derivative, (kind, _) in zip(local, self.sources)]
        for kind, positions, index, unique in self.batches:
            by_shape = defaultdict(list)  # positions whose local derivatives stack into one array
            for j, p in enumerate(positions):
                by_shape[getattr(local[p], "shape", None) if kind != "rows" else None].append(j)
            for shape, picks in by_shape.items():
                if shape is not None and len(shape) == 2 and len(picks) > 1:
                    stacked = np.stack([local[positions[j]] for j in picks])
                    _push_batch(kind, stacked, upstream, index[picks], unique, grads, fixed_grads)
                    continue
                for j in picks:
                    kind_p, index_p = self.sources[positions[j]]
                    _push_one(kind_p, local[positions[j]], upstream, index_p, grads, fixed_grads)

    def check(self, values) -> None:
        """Raise the eager engine's error for the first sample whose output is not finite."""
        import numpy as np

        outputs = values[self.out]
        if not np.isfinite(outputs).all():
            node, sample = np.argwhere(~np.isfinite(outputs))[0]
            operands = [np.broadcast_to(array, outputs.shape)[node, sample] for array in self.inputs]
            raise self.rule.failure(*[float(x) for x in operands])


def _push_one(kind, derivative, upstream, index, grads, fixed_grads) -> None:
    """One input position: contribution = upstream * local, added where that input lives."""
    import numpy as np

    contribution = upstream if type(derivative) is float and derivative == 1.0 else upstream * derivative
    if kind == "fixed":
        np.add.at(fixed_grads, index, contribution.sum(axis=1))
    elif kind == "shared":
        grads[index[0]] += contribution.sum(axis=0)
    elif isinstance(index, slice):
        grads[index] += contribution
    else:
        np.add.at(grads, index, contribution)


def _push_batch(kind, stacked, upstream, index, unique, grads, fixed_grads) -> None:
    """Several positions at once. Summing upstream * local over the samples (for fixed inputs)
    or over the group (for shared rows) is a matrix product when the local derivatives are
    constant along the other axis, as a layer's are."""
    import numpy as np

    nodes, samples = upstream.shape
    if kind == "fixed":  # sums[position, node] over samples
        if stacked.shape[1:] == (1, samples):
            rows = stacked[:, 0, :] @ upstream.T
        else:
            rows = np.broadcast_to((stacked * upstream).sum(axis=2), (len(stacked), nodes))
        target = fixed_grads
    else:  # shared: sums[position, sample] over the group's nodes
        if stacked.shape[1:] == (nodes, 1):
            rows = stacked[:, :, 0] @ upstream
        else:
            rows = np.broadcast_to((stacked * upstream).sum(axis=1), (len(stacked), samples))
        target = grads
    if unique:
        target[index] += rows
    else:
        np.add.at(target, index, rows)


def _batches(sources: list) -> list:
    """Positions pushed together: all "fixed" ones, all "shared" ones; "rows" one by one."""
    import numpy as np

    batches = []
    for kind in ("fixed", "shared"):
        positions = [p for p, (k, _) in enumerate(sources) if k == kind]
        if positions:
            index = np.array([sources[p][1] if kind == "fixed" else sources[p][1][0] for p in positions])
            batches.append((kind, positions, index, len(np.unique(index)) == index.size))
    batches += [("rows", [p], None, True) for p, (k, _) in enumerate(sources) if k == "rows"]
    return batches


def _as_slice(index):
    """A run of consecutive rows as a slice (a view); anything else stays an index array."""
    if len(index) > 1 and (index[1:] - index[:-1] == 1).all():
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def _finite(upstream, derivative, rule):
    """As the eager engine: a node with no gradient pushes nothing, even where its slope is infinite."""
    import numpy as np

    contribution = np.where(upstream != 0.0, upstream * derivative, 0.0)
    if not np.isfinite(contribution).all():
        raise ArithmeticError(f"backward through {rule.name} failed: its derivative is infinite or undefined "
                              "for some sample (as sqrt'(0) is). Keep its input away from that point.")
    return np.where(upstream != 0.0, derivative, 0.0)
