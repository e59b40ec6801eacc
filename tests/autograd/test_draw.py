"""draw() and render(): the DOT source against hand-derived numbers, escaping, the files
render writes (with and without Graphviz's dot program) and the Jupyter display."""
import importlib
import math
import os
import re
import shutil
import sys
import time
import xml.etree.ElementTree as ElementTree

import pytest

from autograd import Value, numerical_grad, topological_order

pytest.importorskip("graphviz")
draw_module = importlib.import_module("autograd.sight.drawing")
draw, render = draw_module.draw, draw_module.render
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot program is not installed (apt-get install graphviz)")
NUMBER = r"-?\d+\.\d+(?:e[+-]\d+)?"


def _neuron(x=2.0, w=-3.0, b=6.88):
    """out = tanh(x*w + b), every node labelled."""
    leaves = Value(x, label="x"), Value(w, label="w"), Value(b, label="b")
    xw = leaves[0] * leaves[1]
    xw.label = "xw"
    n = xw + leaves[2]
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out


def _names(source: str) -> dict:
    """DOT node id -> the Value's label, read back from the records."""
    return dict(re.findall(r'^\t(v\d+) \[label="([^|"]+?) \|', source, re.M))


def _edges(source: str) -> dict:
    """(parent label, result label) -> the numbers on that parent -> op edge."""
    names = _names(source)
    edges = {}
    for parent, op, label in re.findall(r'^\t(v\d+) -> op(\d+) \[label="([^"]*)"\]$', source, re.M):
        edges[names[parent], names[f"v{op}"]] = [float(x) for x in re.findall(NUMBER, label)]
    return edges


def _by_hand(x=2.0, w=-3.0, b=6.88):
    """The neuron's local derivatives, d(result)/d(parent), from the calculus."""
    d_tanh = 1 - math.tanh(x * w + b) ** 2
    return {("x", "xw"): w, ("w", "xw"): x, ("xw", "n"): 1.0, ("b", "n"): 1.0, ("n", "out"): d_tanh}


def test_every_value_shows_its_label_data_and_grad_and_every_op_has_a_node():
    out = _neuron()
    out.backward()
    source = draw(out).source
    for node in topological_order(out):
        assert f'{node.label} | data {node.data:.4f} | grad {node.grad:.4f}"' in source
    assert re.findall(r'^\top\d+ \[label="?([^" ]+)"? ', source, re.M) == ["*", "+", "tanh"]


def test_edge_labels_are_the_local_derivatives_before_backward():
    edges = _edges(draw(_neuron()).source)
    assert edges.keys() == _by_hand().keys()
    for edge, local in _by_hand().items():
        assert edges[edge] == [pytest.approx(local, abs=5e-5)]  # one number: no grads to multiply yet


def test_after_backward_each_edge_shows_upstream_times_local():
    out = _neuron()
    out.backward()
    d_tanh = 1 - math.tanh(0.88) ** 2
    upstream = {"out": 1.0, "n": d_tanh, "xw": d_tanh}  # d out / d result, by hand
    for (parent, result), numbers in _edges(draw(out).source).items():
        local = _by_hand()[parent, result]
        assert numbers == pytest.approx([local, upstream[result], upstream[result] * local], abs=5e-5)


def test_contributions_leaving_a_leaf_add_up_to_its_numerical_gradient():
    def f(a, b):
        c = a * b
        c.label = "c"
        d = (c + a) * c + a.exp()  # a reaches d along four paths
        d.label = "d"
        return d

    a, b = Value(1.5, label="a"), Value(-0.8, label="b")
    root = f(a, b)
    root.backward()
    contributions = re.findall(rf'^\t(v\d+) -> op\d+ \[label="local {NUMBER}\\n× {NUMBER} = ({NUMBER})"\]$',
                               draw(root).source, re.M)
    for leaf, expected in zip(("v0", "v1"), numerical_grad(f, [Value(1.5), Value(-0.8)])):
        assert sum(float(c) for node, c in contributions if node == leaf) == pytest.approx(expected, abs=1e-3)


def test_a_reused_value_gets_one_edge_per_use():
    a = Value(3.0, label="a")
    square = a * a
    square.backward()
    assert re.findall(r'^\tv0 -> op1 \[label="([^"]*)"\]$', draw(square).source, re.M) == [
        "local 3.0000\\n× 1.0000 = 3.0000"] * 2


def test_same_graph_and_same_structure_give_byte_identical_source():
    out = _neuron()
    out.backward()
    again = _neuron()
    again.backward()
    assert draw(out).source == draw(out).source == draw(again).source


def test_colours_follow_the_sign_and_size_of_the_gradient_and_leaves_stand_out():
    out = _neuron()
    assert set(re.findall(r'fillcolor="(#\w+)" penwidth', draw(out).source)) == {"#eeeeee"}  # before backward
    out.backward()
    styles = dict(re.findall(r'^\t(v\d+) \[label="[^"]*" (.*)\]$', draw(out).source, re.M))
    fills = {name: re.search(r'fillcolor="#(\w\w)(\w\w)(\w\w)"', styles[v]).groups()
             for v, name in _names(draw(out).source).items()}
    red, _, blue = (int(channel, 16) for channel in fills["w"])  # d out/d w = x * d_tanh > 0
    assert red > blue
    red, _, blue = (int(channel, 16) for channel in fills["x"])  # d out/d x = w * d_tanh < 0
    assert blue > red
    assert fills["x"] == ("67", "a9", "cf")  # the largest |grad| gets the full colour
    leaf_shapes = {v: "shape=record" in style for v, style in styles.items()}
    assert leaf_shapes == {"v0": True, "v1": True, "v2": False, "v3": True, "v4": False, "v5": False}


def test_options_hide_grads_edge_labels_and_legend():
    out = _neuron()
    out.backward()
    source = draw(out, show_grad=False, edge_labels=False, legend=False, rankdir="TB").source
    assert "grad" not in source and "local" not in source and "TABLE" not in source
    assert "rankdir=TB" in source and "data -6.0000" in source


def test_numbers_are_compact():
    tiny, huge, negative_zero = Value(1.5e-7, label="tiny"), Value(123456.789, label="huge"), Value(-0.0, label="z")
    source = draw(tiny * huge + negative_zero).source
    assert "data 1.5000e-07" in source and "data 1.2346e+05" in source and "z | data 0.0000" in source


def test_special_characters_in_labels_are_escaped_in_the_source():
    source = draw(Value(1.0, label='a<b{c}|d "q" back\\slash\nline2')).source
    assert r'label="a\<b\{c\}\|d \"q\" back\\slash\nline2 | data 1.0000' in source


@needs_dot
def test_special_characters_render_as_typed(tmp_path):
    label = 'a<b{c}|d "q" & back\\slash \\N'
    leaf = Value(1.0, label=label + "\nline2")
    path = render(leaf * 2, tmp_path / "special.svg")
    texts = [element.text for element in ElementTree.parse(path).iter() if element.tag.endswith("text")]
    assert label in texts and "line2" in texts  # well-formed XML, and \N not replaced by the node's name


@needs_dot
@pytest.mark.parametrize("suffix, magic", [(".svg", b"<svg"), (".png", b"\x89PNG\r\n\x1a\n"), (".pdf", b"%PDF")],
                         ids=["svg", "png", "pdf"])
def test_render_writes_each_format(tmp_path, suffix, magic):
    out = _neuron()
    out.backward()
    path = render(out, tmp_path / "pictures" / f"neuron{suffix}")
    assert path == tmp_path / "pictures" / f"neuron{suffix}"
    content = path.read_bytes()
    assert content.startswith(magic) or (suffix == ".svg" and content.startswith(b"<?xml") and magic in content)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_render_dot_writes_the_source_without_graphviz_program(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = _neuron()
    path = render(out, tmp_path / "neuron.DOT")
    assert path.read_text(encoding="utf-8") == draw(out).source


def test_without_dot_render_writes_the_source_and_one_line_hint(tmp_path, monkeypatch, capsys):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = _neuron()
    path = render(out, tmp_path / "neuron.png")
    assert path == tmp_path / "neuron.dot" and not (tmp_path / "neuron.png").exists()
    assert path.read_text(encoding="utf-8") == draw(out).source
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "'dot' program was not found" in captured.err and "install graphviz" in captured.err


def test_unknown_suffix_is_refused_naming_the_supported_ones(tmp_path):
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf, \.dot"):
        render(_neuron(), tmp_path / "neuron.jpg")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "neuron.svg"
    path.write_text("old picture")

    def fail(*args, **kwargs):
        raise RuntimeError("dot crashed")

    monkeypatch.setattr(draw_module, "run_dot", fail)  # what the picture's pipe() calls
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/dot")
    with pytest.raises(RuntimeError):
        render(_neuron(), path)
    assert path.read_text() == "old picture" and [p.name for p in tmp_path.iterdir()] == ["neuron.svg"]


def test_missing_python_package_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "graphviz", None)  # makes `import graphviz` fail
    with pytest.raises(ImportError, match=r"pip install 'chainrule\[viz\]'"):
        draw(_neuron())


def test_a_large_graph_is_refused_before_any_drawing(monkeypatch):
    import graphviz

    monkeypatch.setattr(graphviz, "Digraph", None)  # building the picture would fail loudly
    chain = Value(0.5)
    for _ in range(10_000):
        chain = chain.tanh()
    with pytest.raises(ValueError, match=r"10001 Values, more than max_nodes=500.*explain\(root\).*larger max_nodes"):
        draw(chain, max_nodes=500)


@pytest.mark.parametrize("options, error", [
    ({"max_nodes": 0}, ValueError), ({"max_nodes": 2.5}, TypeError), ({"max_nodes": True}, TypeError),
    ({"rankdir": "up"}, ValueError), ({"rankdir": 3}, TypeError),
])
def test_bad_options_are_clear_errors(options, error):
    with pytest.raises(error, match=r"max_nodes|rankdir"):
        draw(_neuron(), **options)


def test_only_values_can_be_drawn():
    with pytest.raises(TypeError, match="draw\\(\\) takes a Value; got float"):
        draw(1.5)


@needs_dot
def test_jupyter_shows_a_small_graph_as_svg():
    out = _neuron()
    bundle = out._repr_mimebundle_()
    assert bundle["text/plain"] == repr(out) and "<svg" in bundle["image/svg+xml"]


def test_jupyter_shows_only_text_for_a_large_graph_or_a_failing_draw(monkeypatch):
    chain = Value(0.5)
    for _ in range(100):
        chain = chain.tanh()
    assert chain._repr_mimebundle_() == {"text/plain": repr(chain)}

    def fail(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(draw_module, "draw", fail)
    small = _neuron()
    assert small._repr_mimebundle_() == {"text/plain": repr(small)}


def test_jupyter_shows_only_text_without_dot(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    small = _neuron()
    assert small._repr_mimebundle_() == {"text/plain": repr(small)}


# -- issue 21: a time limit on dot, settings that keep its layout fast, names, the legend's escaping -------------------

def slow_dot(folder, monkeypatch):
    """Put a stand-in ``dot`` first on PATH that never finishes: a shell that starts a child and waits for it
    (so stopping only the shell would leave the child behind). Returns a function listing their process ids."""
    bin_folder, pids = folder / "slow-bin", folder / "dot-pids"
    bin_folder.mkdir()
    script = bin_folder / "dot"
    script.write_text(f'#!/bin/sh\necho $$ >> "{pids}"\nsleep 60 &\necho $! >> "{pids}"\nwait\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    return lambda: [int(line) for line in pids.read_text().split()] if pids.exists() else []


def alive(pid):
    """True while the process runs (a zombie waiting for its parent to read its status counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def still_running(pids, patience=5.0):
    """The processes of ``pids`` still running after ``patience`` seconds: a killed process may take a
    moment to finish exiting."""
    deadline = time.monotonic() + patience
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc to find processes")


@needs_proc
def test_render_stops_dot_at_the_time_limit_and_leaves_no_process(tmp_path, monkeypatch):
    started = slow_dot(tmp_path, monkeypatch)
    path = tmp_path / "neuron.svg"
    path.write_text("old picture")
    with pytest.raises(TimeoutError, match=r"timeout=0\.5 s.*\.dot.*explore") as caught:
        render(_neuron(), path, timeout=0.5)
    assert isinstance(caught.value, draw_module.DrawingTimeoutError) and caught.value.timeout == 0.5
    assert path.read_text() == "old picture"
    assert len(started()) == 2 and not still_running(started())


@needs_proc
def test_draws_picture_keeps_its_time_limit_when_piped_or_shown(tmp_path, monkeypatch):
    started = slow_dot(tmp_path, monkeypatch)
    picture = draw(_neuron(), timeout=0.3)
    with pytest.raises(draw_module.DrawingTimeoutError, match=r"timeout=0\.3 s"):
        picture.pipe(format="svg")
    assert "took longer than" in picture._repr_mimebundle_()["text/plain"]  # a notebook shows why, no traceback
    assert not still_running(started())


@pytest.mark.parametrize("timeout, error", [(0, ValueError), (-1.0, ValueError), (float("inf"), ValueError),
                                            ("20", TypeError), (True, TypeError)])
def test_the_time_limit_is_a_positive_number_of_seconds(timeout, error, tmp_path):
    with pytest.raises(error, match="timeout"):
        render(_neuron(), tmp_path / "neuron.svg", timeout=timeout)
    with pytest.raises(error, match="timeout"):
        draw(_neuron(), timeout=timeout)
    assert list(tmp_path.iterdir()) == []


def _sum_of_products(terms):
    """x*y + x*y + ... : a chain of sums as deep as the terms are many, and the two leaves used by all of them."""
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    total = x * y
    for _ in range(terms - 1):
        total = total + x * y
    return total


def test_long_edges_get_a_layout_that_dot_finishes_quickly_and_small_pictures_keep_theirs():
    """dot's cost is in the virtual nodes of edges that cross many ranks (x and y reach every depth of the
    chain): their count grows as terms squared. Beyond a bound the picture uses straight edges, a bounded
    network simplex and labels placed after layout; a neuron's picture is drawn exactly as before."""
    # the sum of k terms is in column k, its own product in column 1: that edge crosses 2(k - 2) ranks
    assert draw_module.crossed_ranks(topological_order(_sum_of_products(60))) == sum(2 * (k - 2) for k in range(2, 61))
    big = draw(_sum_of_products(60)).source
    assert "splines=line" in big and "nslimit=" in big and "xlabel=" in big
    small = draw(_neuron()).source
    assert "splines" not in small and "nslimit" not in small and "xlabel" not in small


@needs_dot
def test_a_sum_of_sixty_products_is_drawn_within_the_default_limit(tmp_path):
    """Regression: 60 terms took dot 13 s, 80 terms over 200 s (well under the 500 Values draw accepts)."""
    out = _sum_of_products(60)
    out.backward()
    assert render(out, tmp_path / "sum.svg").read_bytes().count(b"<g id=\"node") == 2 * len(topological_order(out)) - 2


@pytest.mark.parametrize("label", ["#0", "#1", "#3", "L"])
def test_unlabelled_nodes_show_names_no_label_has(label):
    """Regression: an unlabelled node showed no name in the picture (explain called it #2), and a label "#0"
    would have read as the unlabelled #0."""
    from autograd import explain

    a = Value(2.0, label=label)
    root = (a * 3.0).tanh() + a  # a, the constant 3, a*3, tanh, the sum
    names = explain(root).names
    made_up = [names[id(node)] for node in topological_order(root)[2:]]
    assert len(set(made_up)) == 3 and label not in made_up
    records = re.findall(r'^\tv\d+ \[label="([^"|]+?) \| data', draw(root).source, re.M)
    assert records == [label, *made_up]


@needs_dot
def test_the_legend_shows_a_backslash_as_typed(tmp_path):
    """Regression: a root labelled \\G showed the graph's name, "chainrule", in the legend."""
    root = Value(2.0, label="x") * 3
    root.label = "\\G \\N \\L"
    texts = [element.text or "" for element in ElementTree.parse(render(root, tmp_path / "g.svg")).iter()]
    legend = [text for text in texts if "raising it" in text]
    assert len(legend) == 2 and all(text.endswith(" \\G \\N \\L") for text in legend), legend


def test_a_failing_dot_is_graphvizs_own_error_with_dots_message(tmp_path, monkeypatch):
    """dot runs under the time limit through our own pipe(); a failure still reads as graphviz reports it."""
    import graphviz

    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "dot").write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 3\n")
    (folder / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(graphviz.CalledProcessError, match="syntax error in line 1") as caught:
        render(_neuron(), tmp_path / "neuron.svg")
    assert caught.value.returncode == 3 and not (tmp_path / "neuron.svg").exists()
