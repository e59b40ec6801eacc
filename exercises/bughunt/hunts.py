"""The six bug hunts: each one a classic mistake, planted in a copy of engine.py by a small explicit patch.

A patch is a list of (clean text, planted text) pairs; each clean text occurs exactly once in
engine.py, so the planted copy differs from the clean engine by exactly the bug.

Imports: the standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENGINE = Path(__file__).with_name("engine.py")


@dataclass(frozen=True)
class Hunt:
    """One planted bug: what the learner sees, what it is called, and which behavioural checks expose it."""

    number: int
    name: str  # the answer
    synonyms: tuple[str, ...]  # other answers that mean the same
    symptom: str  # one line, what the learner observes (never the cause)
    patch: tuple[tuple[str, str], ...]
    checks: tuple[str, ...]  # names in checks.CHECKS that this bug fails
    lesson: str  # shown once the hunt is solved

    def accepts(self, answer: str) -> bool:
        """True when ``answer`` names this bug (case, spaces, '_' and '-' do not matter)."""
        return normalized(answer) in {normalized(name) for name in (self.name, *self.synonyms)}


def normalized(answer: str) -> str:
    """'Zero_Grad' and 'zero-grad ' both read 'zero grad'."""
    return " ".join(answer.lower().replace("_", " ").replace("-", " ").split())


HUNTS = (
    Hunt(1, "accumulate", ("+=", "accumulation", "gradient accumulation", "overwrite", "overwritten", "= for +=",
                           "= instead of +=", "plus equals"),
         "Gradients are right for (x * y).tanh() but wrong for (x * y + x).tanh().",
         (("            parent.grad += local * self.grad  # +=: a parent used twice (x * x) collects from both uses",
           "            parent.grad = local * self.grad"),),
         ("reuse", "training"),
         "A Value used twice receives a gradient from each use; `=` keeps only the last one, `+=` adds them."),
    Hunt(2, "topological order", ("topological", "topological sort", "topo", "topo sort", "order", "recursion",
                                  "recursive", "recursive backward"),
         "Gradients are right along a chain but wrong where a value feeds two paths; a long chain crashes.",
         (("        # Reverse topological order: a node's grad is complete before it is passed on, because\n"
           "        # every Value computed from it comes later in the order and has already pushed its share.\n"
           "        for node in reversed(order):\n"
           "            node.push()\n",
           "        self.push_onwards()\n"
           "\n"
           "    def push_onwards(self) -> None:\n"
           "        self.push()\n"
           "        for parent in self.parents:\n"
           "            parent.push_onwards()\n"),),
         ("reuse", "deep"),
         "A node may pass its grad on only once every node computed from it has added its share: that is what "
         "reverse topological order guarantees. Pushing as soon as a node is reached passes on partial gradients "
         "(and a recursive walk runs out of stack on a deep graph)."),
    Hunt(3, "local derivative", ("derivative", "wrong derivative", "local gradient", "local grad", "tanh",
                                 "tanh derivative", "derivative of tanh", "rule", "wrong rule"),
         "Gradients disagree with central differences, but only through one of the operations.",
         (("        return Value(t, (self,), (1 - t**2,), \"tanh\")",
           "        return Value(t, (self,), (1 - t,), \"tanh\")"),),
         ("reuse", "training"),
         "d tanh(a)/da = 1 - tanh(a)**2. Each rule can be checked alone: its local derivative against a central "
         "difference of its own forward."),
    Hunt(4, "zero_grad", ("zero grad", "forgotten zero_grad", "missing zero_grad", "no zero_grad", "zero the grads",
                          "zero the gradients"),
         "A training run starts as expected, then from the second update on its loss goes astray (it even rises).",
         (("        neuron.zero_grad()\n", ""),),
         ("training",),
         "Parameters are leaves, and leaves add to their grad on every backward(): without zero_grad() each step "
         "follows the sum of all the gradients so far."),
    Hunt(5, "overflow", ("sigmoid overflow", "exp overflow", "stable sigmoid", "unstable sigmoid", "naive sigmoid",
                         "numerical stability", "stability", "overflowerror"),
         "sigmoid is right for ordinary inputs, yet Value(-1000.0).sigmoid() crashes.",
         (("        # e ** -a overflows once a < -709, but e ** -|a| is always in (0, 1]: write f with it.\n"
           "        z = math.exp(-abs(self.data))\n"
           "        s = 1 / (1 + z) if self.data >= 0 else z / (1 + z)\n",
           "        s = 1 / (1 + math.exp(-self.data))\n"),),
         ("sigmoid",),
         "math.exp(1000) is beyond the largest float. sigmoid(a) = e**a / (1 + e**a) for a < 0 needs only e**-|a|, "
         "which is at most 1."),
    Hunt(6, "stale gradient", ("stale", "stale grad", "stale gradients", "stale intermediate", "stale intermediates",
                               "stale intermediate gradient", "intermediate", "intermediates"),
         "The first backward() is right; a second backward() on the same graph (inputs zeroed) is not.",
         (("        for node in order:\n"
           "            if node.parents:  # an intermediate's grad belongs to one pass: start it from zero\n"
           "                node.grad = 0.0\n", ""),),
         ("twice",),
         "An intermediate node's grad is the gradient of one pass. Left from the previous pass, it is added to, and "
         "every node below it receives the old gradient again."),
)


def hunt(number: int) -> Hunt:
    """Hunt ``number`` (1 to len(HUNTS)); a ValueError naming the range otherwise."""
    if not 1 <= number <= len(HUNTS):
        raise ValueError(f"there is no bug hunt {number}: the hunts are 1 to {len(HUNTS)} "
                         "(python -m exercises bughunt list).")
    return HUNTS[number - 1]


def planted_source(number: int) -> str:
    """engine.py's text with hunt ``number``'s bug planted in it."""
    source = ENGINE.read_text(encoding="utf-8")
    for clean, planted in hunt(number).patch:
        count = source.count(clean)
        if count != 1:  # engine.py changed under the patch: fail loudly, never plant half a bug
            raise RuntimeError(f"hunt {number}'s patch expects its text once in {ENGINE.name}; found it {count} "
                               f"times:\n{clean}")
        source = source.replace(clean, planted)
    return source
