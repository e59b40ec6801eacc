// bridge.js: explore's step-through page for one neuron at one point, made in the page.
// The theater embeds, per layer, the page autograd's explore() wrote for the graph L = g * a of one
// of its neurons (nn/theater_page/bridge.py), with placeholder numbers. Here the chosen neuron's
// numbers go in, and the chain-rule steps are redone as graph.chain_rule does them: nodes in the
// page's order, a node whose gradient is 0 passes nothing on, each step adds upstream * local.
(function (T) {
  "use strict";

  function escapeJson(data) {  // as explore writes it: no '<', '>' or '&' inside <script>
    return JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  }

  // d(node)/d(parent) for the neuron graph's names: L = a * g, a = f(z), z = x0 w0 + ... + b.
  function local(nodeName, parentName, values, activation) {
    if (nodeName === "L") return values.g;
    if (nodeName === "a") return T.activations[activation].slope(values.z, values.a);
    if (parentName === "b") return 1;
    var i = parentName.replace(/^\D+/, "");
    return parentName.charAt(0) === "w" ? values[(values.x0 !== undefined ? "x" : "h") + i] : values["w" + i];
  }

  function stepText(names, upstream, slope, contribution, formula, last, total) {  // explain's Step.__str__
    var f = T.formatNumber, root = names[0], node = names[1], parent = names[2];
    return "d" + root + "/d" + parent + " += d" + root + "/d" + node + " * d" + node + "/d" + parent + " = " +
      f(upstream) + " * " + f(slope) + " = " + f(contribution) + (formula ? "   (" + formula + ")" : "") +
      (last ? "\n    so d" + root + "/d" + parent + " = " + f(total) : "");
  }

  // The steps of the chain rule through the template's graph, with this neuron's numbers.
  function chainRule(template, values, activation) {
    var grads = template.nodes.map(function () { return 0; }), steps = [];
    grads[template.root] = 1;
    template.steps.forEach(function (step) {
      var upstream = grads[step.node];  // complete: every step into this node came earlier
      if (upstream === 0) return;  // as backward() skips it: it has nothing to pass on
      var slope = local(step.names[1], step.names[2], values, activation), contribution = upstream * slope;
      grads[step.parent] += contribution;
      steps.push({edge: step.edge, node: step.node, parent: step.parent, upstream: upstream, local: slope,
                  contribution: contribution, total: grads[step.parent], names: step.names, formula: step.formula});
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

  // The page for `values` (number by node name: x0.. or h0.., w0.., b, z, a, g, L).
  T.fillExplore = function (html, values, activation, title) {
    var doc = new DOMParser().parseFromString(html, "text/html"), script = doc.getElementById("steps");
    var template = JSON.parse(script.textContent), count = template.nodes.length;
    var parents = template.nodes.map(function () { return []; });
    doc.querySelectorAll(".edge").forEach(function (edge) {
      parents[Number(edge.getAttribute("data-child"))].push(Number(edge.getAttribute("data-parent")));
    });
    var result = chainRule(template, values, activation), completeAt = completion(count, parents, result.steps);
    var rows = doc.querySelector("#final tbody");
    rows.textContent = "";
    template.nodes.forEach(function (node, i) {
      var number = values[node.name], group = doc.getElementById("node-" + i), tip = group.querySelector("title");
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
}(Theater));
