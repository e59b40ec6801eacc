(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("steps").textContent);
  var steps = data.steps, nodes = data.nodes, current = 0;
  function byId(id) { return document.getElementById(id); }
  function sign(x) { return x > 0 ? "positive" : (x < 0 ? "negative" : "zero"); }

  function gradOf(i, totals) {
    if (nodes[i].complete_at <= current) return {value: nodes[i].grad, text: nodes[i].grad_text, state: "complete"};
    if (i in totals) return {value: totals[i].total, text: totals[i].total_text, state: "partial"};
    return null;
  }

  function renderNodes() {
    var totals = {}, step = steps[current - 1];
    for (var k = 0; k < current; k++) totals[steps[k].parent] = steps[k];
    nodes.forEach(function (node, i) {
      if (node.constant) return;  // a plain number in the expression: it never gets a gradient
      var group = byId("node-" + i), text = group.querySelector(".grad"), grad = gradOf(i, totals);
      group.classList.toggle("complete", !!grad && grad.state === "complete");
      group.classList.toggle("sender", !!step && step.node === i);
      group.classList.toggle("receiver", !!step && step.parent === i);
      text.setAttribute("class", "grad" + (grad ? " " + grad.state + " " + sign(grad.value) : ""));
      text.querySelector(".number").textContent = grad ? grad.text : "?";
      text.querySelector(".tick").textContent = grad && grad.state === "complete" ? " \u2713" : "";
    });
  }

  function renderEdges() {
    steps.forEach(function (step, k) {
      var edge = byId("edge-" + step.edge);
      edge.classList.toggle("applied", k < current - 1);
      edge.classList.toggle("current", k === current - 1);
    });
    var label = byId("edge-label"), step = steps[current - 1];
    if (!step) { label.setAttribute("visibility", "hidden"); return; }
    // Above the receiving node: what this step adds to its gradient, upstream x local.
    var at = byId("node-" + step.parent).transform.baseVal.consolidate().matrix, text = label.querySelector("text");
    text.textContent = "+= " + step.upstream_text + " × " + step.local_text;
    label.querySelector("rect").setAttribute("width", text.getBBox().width + 16);
    label.setAttribute("transform", "translate(" + at.e + "," + (at.f - 23) + ")");
    label.setAttribute("visibility", "visible");
    byId("node-" + step.parent).scrollIntoView({block: "nearest", inline: "nearest"});
  }

  function renderPanel() {
    var step = steps[current - 1], done = current === steps.length;
    document.body.classList.toggle("done", done);
    byId("counter").textContent = "step " + current + " / " + steps.length + (done ? " \u00b7 done" : "");
    byId("current-step").textContent = step ? step.text : data.seed.text;
    byId("caption").textContent = step
      ? step.names[1] + " passes its gradient back to " + step.names[2] + ": upstream \u00d7 local = contribution, added to d" + step.names[0] + "/d" + step.names[2] + "."
      : "Start: d" + data.seed.name + "/d" + data.seed.name + " = 1. Every other gradient is still unknown.";
    byId("log").querySelectorAll("li").forEach(function (item, k) { item.hidden = k >= current - 1; });
    byId("log-empty").hidden = current > 1;
    byId("prev").disabled = byId("reset").disabled = current === 0;
    byId("next").disabled = done;
    byId("progress-fill").style.width = (steps.length ? 100 * current / steps.length : 100) + "%";
  }

  function go(target) {
    current = Math.max(0, Math.min(steps.length, target));
    renderNodes(); renderEdges(); renderPanel();
  }

  function buildLog() {
    var log = byId("log");
    steps.forEach(function (step, k) {
      var item = document.createElement("li"), index = document.createElement("span"), text = document.createElement("pre");
      index.className = "index"; index.textContent = (k + 1) + ".";
      text.textContent = step.text;
      item.appendChild(index); item.appendChild(text);
      item.addEventListener("click", function () { go(k + 1); });
      log.appendChild(item);
    });
  }

  byId("next").addEventListener("click", function () { go(current + 1); });
  byId("prev").addEventListener("click", function () { go(current - 1); });
  byId("reset").addEventListener("click", function () { go(0); });
  document.addEventListener("keydown", function (event) {
    var moves = {ArrowRight: current + 1, ArrowDown: current + 1, ArrowLeft: current - 1, ArrowUp: current - 1,
                 Home: 0, Escape: 0, End: steps.length};
    if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    go(moves[event.key]);
  });
  buildLog();
  go(0);
}());
