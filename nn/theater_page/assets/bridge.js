// bridge.js: explore's step-through page for one neuron at one point, made in the page.
// The theater embeds, per layer, the page autograd's explore() wrote for the graph L = g * a of one
// of its neurons (nn/theater_page/bridge.py), with placeholder numbers. Here the chosen neuron's graph is
// built again in chainrule's engine, with its numbers, and the engine's chainRule (graph.chain_rule's loop:
// nodes in the page's order, a node whose gradient is 0 passes nothing on) gives the steps and their numbers.
(function (T, engine) {
  "use strict";

  function escapeJson(data) {  // as explore writes it: no '<', '>' or '&' inside <script>
    return JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  }

  // bridge.py's neuron_graph in the engine: inputs x0.. (or h0..), weights w0.., bias b, z = linear(...),
  // a = activation(z) (z itself when linear), L = a * g with g = dL/da a constant. Every Value by its name.
  function neuronGraph(neuron) {
    var nodes = {}, named = function (value, name) { value.label = name; nodes[name] = value; return value; };
    var xs = neuron.inputs.map(function (v, i) { return named(new engine.Value(v), neuron.prefix + i); });
    var ws = neuron.w.map(function (v, i) { return named(new engine.Value(v), "w" + i); });
    var z = named(engine.apply.apply(null, ["linear"].concat(xs, ws, [named(new engine.Value(neuron.b), "b")])), "z");
    var a = neuron.activation === "linear" ? z : named(engine.apply(neuron.activation, z), "a");
    named(engine.apply("*", a, named(engine.constant(neuron.g), "g")), "L");
    return nodes;
  }

  function stepText(names, upstream, slope, contribution, formula, last, total) {  // explain's Step.__str__
    var f = T.formatNumber, root = names[0], node = names[1], parent = names[2];
    return "d" + root + "/d" + parent + " += d" + root + "/d" + node + " * d" + node + "/d" + parent + " = " +
      f(upstream) + " * " + f(slope) + " = " + f(contribution) + (formula ? "   (" + formula + ")" : "") +
      (last ? "\n    so d" + root + "/d" + parent + " = " + f(total) : "");
  }

  // The engine's chain-rule steps through the neuron's graph, each matched to the template's step of the same
  // edge (its id and the explanation's words); grads: each template node's gradient once every step is done.
  function chainRule(template, nodes) {
    var index = {}, byEdge = {}, grads = template.nodes.map(function () { return 0; });
    template.nodes.forEach(function (node, i) { index[node.name] = i; });
    template.steps.forEach(function (step) { byEdge[step.node + " " + step.parent] = step; });
    grads[template.root] = 1;
    var steps = engine.chainRule(nodes.L).map(function (edge) {
      var step = byEdge[index[edge.node.label] + " " + index[edge.parent.label]];
      grads[step.parent] = edge.total;
      return {edge: step.edge, node: step.node, parent: step.parent, upstream: edge.upstream, local: edge.local,
              contribution: edge.contribution,
              total: edge.total, names: step.names, formula: step.formula};
    });
    steps.forEach(function (step, k) {
      step.last = !steps.slice(k + 1).some(function (later) { return later.parent === step.parent; });
      step.text = stepText(step.names, step.upstream, step.local, step.contribution, step.formula, step.last,
                           step.total);
      step.total_text = T.formatNumber(step.total);
      step.local_text = T.formatNumber(step.local);
      step.upstream_text = T.formatNumber(step.upstream);
    });
    return {grads: grads, steps: steps};
  }

  function completion(count, parents, steps) {  // page.py's _completion: when each gradient is final
    var completeAt = new Array(count).fill(0), lastStep = {};
    steps.forEach(function (step, k) { lastStep[step.parent] = k + 1; });
    for (var i = count - 1; i >= 0; i--) {
      if (i in lastStep) completeAt[i] = lastStep[i];
      parents[i].forEach(function (p) { completeAt[p] = Math.max(completeAt[p], completeAt[i]); });
    }
    return completeAt;
  }

  // The page for one neuron: {inputs, prefix ("x" or "h"), w, b, activation, g} (g = dL/da from the point's pass).
  T.fillExplore = function (html, neuron, title) {
    var doc = new DOMParser().parseFromString(html, "text/html"), script = doc.getElementById("steps");
    var template = JSON.parse(script.textContent), count = template.nodes.length;
    var parents = template.nodes.map(function () { return []; });
    doc.querySelectorAll(".edge").forEach(function (edge) {
      parents[Number(edge.getAttribute("data-child"))].push(Number(edge.getAttribute("data-parent")));
    });
    var nodes = neuronGraph(neuron), result = chainRule(template, nodes);
    var completeAt = completion(count, parents, result.steps);
    var rows = doc.querySelector("#final tbody");
    rows.textContent = "";
    template.nodes.forEach(function (node, i) {
      var number = nodes[node.name].data, group = doc.getElementById("node-" + i), tip = group.querySelector("title");
      group.querySelector(".data .number").textContent = T.formatNumber(number);
      tip.textContent = node.name + " = " + T.formatNumber(number) + tip.textContent.replace(/^.*? = \S+/, "");
      node.grad = result.grads[i];
      node.grad_text = T.formatNumber(node.grad);
      node.complete_at = completeAt[i];
      if (!parents[i].length && !node.constant) rows.appendChild(finalRow(doc, node.name, number, node.grad));
    });
    template.steps = result.steps;
    script.textContent = escapeJson(template);
    var steps = result.steps.length;
    doc.querySelector(".subtitle").textContent = count + " values, " + steps + " chain-rule step" +
      (steps === 1 ? "" : "s") + ": press Next";
    doc.title = title;
    doc.querySelector("h1").textContent = title;
    return {html: "<!DOCTYPE html>\n" + doc.documentElement.outerHTML, data: template};
  };

  // Escape closes the step-through wherever the focus is: in the page (main.js listens there) or inside the
  // frame, whose key presses the page never sees, so each page loaded into the frame is listened to as well.
  var frame = document.getElementById("explore-frame");
  if (frame) {
    frame.addEventListener("load", function () {
      var inner = frame.contentDocument;
      if (!inner) return;
      inner.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        event.preventDefault();
        var close = document.getElementById("explore-close");
        if (close) close.click();
        frame.blur();
      });
    });
  }

  function finalRow(doc, name, number, grad) {
    var row = doc.createElement("tr"), sign = grad > 0 ? "positive" : grad < 0 ? "negative" : "zero";
    [[name, ""], [T.formatNumber(number), "number"], [T.formatNumber(grad), "number " + sign]].forEach(function (cell) {
      var td = doc.createElement("td");
      td.textContent = cell[0];
      if (cell[1]) td.className = cell[1];
      row.appendChild(td);
    });
    return row;
  }
}(Theater, globalThis.chainruleEngine));
