"""The JavaScript engine autograd.to_javascript() writes, run under node: every rule's forward and local
derivatives equal Python's to 1e-12 (relative) on its points and random ones near them; backward through
random graphs equals Python's; a user's own rule is written too; the script needs nothing but itself."""
import json
import math
import shutil
import subprocess

import numpy as np
import pytest

from autograd import Rule, Value, to_javascript
from autograd.maths.floats import FLOAT_MATH
from autograd.ops import RULES
from tests.autograd.test_rule import POINTS, Cube

# Reads {"script": path, "cases": [...]} on stdin; a case is a rule call or a graph to differentiate.
DRIVER = r"""
const fs = require("fs");
const job = JSON.parse(fs.readFileSync(0, "utf8"));
eval(fs.readFileSync(job.script, "utf8"));  // as a page's <script>: it defines globalThis.chainruleEngine
const C = globalThis.chainruleEngine, R = globalThis.chainruleRules;
const number = (x) => (isFinite(x) ? x : String(x));  // JSON has no inf or nan
const answers = job.cases.map(function (c) {
  try {
    if (c.rule !== undefined) {
      const rule = c.at ? R[c.rule].at(c.inputs.length) : R[c.rule];  // at(count): the function for that count
      const out = rule.forward(...c.inputs);
      return {out: number(out), local: rule.localGrads(...c.inputs, out).map(number)};
    }
    if (c.edges !== undefined) {
      const x = new C.Value(c.edges[0]), y = new C.Value(c.edges[1]);
      return {edges: C.chainRule(C.apply("*", C.apply("+", x, y), x)).map(
        (e) => [e.upstream, e.local, e.contribution, e.total])};
    }
    const nodes = c.leaves.map((x) => new C.Value(x));
    c.ops.forEach(([name, parents]) => nodes.push(C.apply(name, ...parents.map((p) => nodes[p]))));
    nodes[nodes.length - 1].backward();
    return {grads: nodes.slice(0, c.leaves.length).map((v) => v.grad), root: nodes[nodes.length - 1].data};
  } catch (error) { return {error: String(error.message)}; }
});
process.stdout.write(JSON.stringify(answers));
"""


def _node(tmp_path, script: str, cases: list[dict]) -> list[dict]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed: apt-get install nodejs (.ci/run does)")
    (tmp_path / "engine.js").write_text(script)
    (tmp_path / "driver.js").write_text(DRIVER)
    job = json.dumps({"script": str(tmp_path / "engine.js"), "cases": cases})
    done = subprocess.run([node, str(tmp_path / "driver.js")], input=job, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _number(x) -> float:
    return float(x) if not isinstance(x, str) else {"Infinity": math.inf, "-Infinity": -math.inf}.get(x, math.nan)


def _close(got, want) -> bool:
    got, want = _number(got), float(want)
    if math.isnan(want) or math.isinf(want):
        return got == want or (math.isnan(got) and math.isnan(want))
    return abs(got - want) <= 1e-12 * max(1.0, abs(want))


def _points(name: str) -> list[tuple[float, ...]]:
    rng = np.random.default_rng(len(name))
    near = [tuple(x * (1 + rng.uniform(-1e-2, 1e-2)) for x in point) for point in POINTS[name] for _ in range(3)]
    return [*POINTS[name], *near]


def test_every_rule_computes_in_javascript_what_it_computes_in_python(tmp_path):
    cases, expected = [], []
    for name, rule in sorted(RULES.items()):
        for point in _points(name):
            out = rule.forward(FLOAT_MATH, *point)
            if not math.isfinite(out):
                continue
            try:
                local = rule.local_grads(FLOAT_MATH, *point, out)
            except ArithmeticError:
                continue
            cases.append({"rule": name, "inputs": list(point)})
            expected.append((name, point, out, local))
    answers = _node(tmp_path, to_javascript(), cases)
    wrong = [(name, point, answer) for (name, point, out, local), answer in zip(expected, answers)
             if "error" in answer or not _close(answer["out"], out)
             or not all(_close(g, w) for g, w in zip(answer["local"], local))]
    assert not wrong, wrong[:5]
    assert {name for name, *_ in expected} == set(RULES)


def _random_graph(rng: np.random.Generator) -> tuple[list[float], list[tuple[str, list[int]]]]:
    """A few leaves and ops on them (smooth ones, inside their domains), every op reading earlier nodes."""
    leaves = rng.uniform(0.2, 1.5, 4).tolist()
    ops = []
    for _ in range(12):
        count = 4 + len(ops)
        name = str(rng.choice(["+", "-", "*", "tanh", "sigmoid", "exp", "sin", "softplus", "linear", "max"]))
        if name == "linear":
            parents = rng.integers(0, count, 5).tolist()
        else:
            parents = rng.integers(0, count, 2 if RULES[name].arity == 2 else 1).tolist()
        ops.append((name, parents))
    return leaves, ops


def _python_backward(leaves: list[float], ops: list[tuple[str, list[int]]]) -> tuple[list[float], float]:
    nodes = [Value(x) for x in leaves]
    for name, parents in ops:
        nodes.append(RULES[name](*(nodes[p] for p in parents)))
    nodes[-1].backward()
    return [leaf.grad for leaf in nodes[:len(leaves)]], nodes[-1].data


def test_backward_through_random_graphs_equals_pythons(tmp_path):
    rng = np.random.default_rng(7)
    graphs = [_random_graph(rng) for _ in range(40)]
    answers = _node(tmp_path, to_javascript(), [{"leaves": leaves, "ops": ops} for leaves, ops in graphs])
    for (leaves, ops), answer in zip(graphs, answers):
        grads, root = _python_backward(leaves, ops)
        assert "error" not in answer, answer
        assert _close(answer["root"], root) and all(_close(g, w) for g, w in zip(answer["grads"], grads)), (ops, answer)


def test_a_users_rule_is_written_too_and_the_script_needs_nothing_but_itself(tmp_path):
    script = to_javascript([*RULES.values(), Cube()])
    answers = _node(tmp_path, script, [{"rule": "cube", "inputs": [1.5]},
                                       {"leaves": [2.0], "ops": [["cube", [0]], ["tanh", [1]]]}])
    assert answers[0] == {"out": 3.375, "local": [6.75]}
    assert _close(answers[1]["grads"][0], (1 - math.tanh(8.0) ** 2) * 12.0)
    for reaching_out in ("require(", "import ", "fetch(", "XMLHttpRequest", "http"):
        assert reaching_out not in script


def test_a_rule_of_any_arity_at_a_count_it_was_not_written_for_says_how_to_include_it(tmp_path):
    answers = _node(tmp_path, to_javascript(arities={"sum": [2, 3]}),
                    [{"rule": "sum", "inputs": [1.0, 2.0, 3.0]}, {"rule": "sum", "inputs": [1.0] * 5},
                     {"rule": "sum", "inputs": [1.0, 2.0, 3.0], "at": True}])
    assert answers[0]["out"] == 6.0 and answers[2] == answers[0]
    assert "sum was written for 2, 3 inputs, not 5: pass arities={sum: [...]} to autograd.to_javascript" in \
        answers[1]["error"]


def test_the_chain_rules_edges_are_graph_chain_rules(tmp_path):
    """(x + y) * x at x = 2, y = 3: the same edges, in the same order, with the same numbers as Python's."""
    from autograd import chain_rule

    x, y = Value(2.0), Value(3.0)
    python = [[e.upstream, e.local, e.contribution, e.total] for e in chain_rule((x + y) * x)]
    assert _node(tmp_path, to_javascript(), [{"edges": [2.0, 3.0]}])[0]["edges"] == python


def test_to_javascript_refuses_what_is_not_a_rule_and_two_rules_of_one_name():
    with pytest.raises(TypeError, match="to_javascript takes Rules"):
        to_javascript(["tanh"])
    with pytest.raises(ValueError, match="two rules of the same name"):
        to_javascript([RULES["tanh"], RULES["tanh"]])


def test_the_page_engine_holds_no_calculus_of_its_own():
    """engine.js is structure: it reads every slope from chainruleRules (written from the Python rules)."""
    from importlib import resources

    engine = resources.files("autograd.codegen").joinpath("assets/engine.js").read_text()
    for formula in ("Math.exp", "Math.tanh", "1 -", "Math.log", "* (1"):
        assert formula not in engine
    assert isinstance(Rule, type)
