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
    // What this step adds to the receiver's gradient, upstream x local: above or below the receiver or the
    // sender, wherever it hides no number, else above the receiver.
    var text = label.querySelector("text");
    text.textContent = "+= " + step.upstream_text + " \u00d7 " + step.local_text;
    var width = text.getBBox().width + 18, height = 22;
    label.querySelector("rect").setAttribute("width", width);
    var spots = [step.parent, step.node].reduce(function (found, i) {
      var box = byId("node-" + i).getBBox(), at = byId("node-" + i).transform.baseVal.consolidate().matrix;
      return found.concat([[at.e, at.f - height - 3], [at.e, at.f + 44 + 3]].map(function (spot) {
        return {x: spot[0], y: spot[1], width: width, height: height, box: box};
      }));
    }, []);
    var free = spots.filter(function (spot) { return !covers(spot); })[0] || spots[0];
    label.setAttribute("transform", "translate(" + free.x + "," + free.y + ")");
    label.setAttribute("visibility", "visible");
    show(byId("node-" + step.parent));
  }

  function covers(spot) {  // does a label at `spot` hide part of a node, its numbers, or leave the picture?
    var view = byId("graph").viewBox.baseVal;
    if (spot.x < 0 || spot.y < 0 || spot.x + spot.width > view.width || spot.y + spot.height > view.height) {
      return true;
    }
    return Array.prototype.some.call(document.querySelectorAll(".node"), function (node) {
      var at = node.transform.baseVal.consolidate().matrix, box = node.getBBox();
      return spot.x < at.e + box.x + box.width && at.e + box.x < spot.x + spot.width &&
        spot.y < at.f + box.y + box.height && at.f + box.y < spot.y + spot.height;
    });
  }

  // Scroll the graph's box (never the page around it: this page may sit in a frame) so `element` is in view.
  function show(element) {
    var wrap = document.querySelector(".graph-wrap"), box = wrap.getBoundingClientRect();
    var r = element.getBoundingClientRect(), margin = 24;
    if (r.left < box.left + margin) wrap.scrollLeft -= box.left + margin - r.left;
    else if (r.right > box.right - margin) wrap.scrollLeft += r.right - box.right + margin + 140;  // and its wire
    if (r.top < box.top + margin) wrap.scrollTop -= box.top + margin - r.top;
    else if (r.bottom > box.bottom - margin) wrap.scrollTop += r.bottom - box.bottom + margin;
  }

  // The graph fills its box: scaled up to twice its size when there is room, never down (its labels stay
  // 14 px and more; a larger graph scrolls). A wide graph takes the whole width, the steps below it
  // (body.stacked), when that shows more of it.
  function fit() {
    var graph = byId("graph"), view = graph.viewBox.baseVal, body = document.body;
    function score() {  // the scale it gets, or below 1 the share of it in view
      var room = inside(document.querySelector(".graph-wrap")), across = room[0] / view.width;
      var down = room[1] / view.height;
      return Math.min(across, down) >= 1 ? Math.min(2, across, down) : Math.min(1, across) * Math.min(1, down);
    }
    body.classList.remove("stacked");
    var side = score();
    body.classList.add("stacked");
    body.classList.toggle("stacked", score() > side + 0.02);
    var room = inside(document.querySelector(".graph-wrap"));
    var scale = Math.max(1, Math.min(2, room[0] / view.width, room[1] / view.height));
    // whole pixels, down: the viewBox is whole pixels too (sight.layout), so the scale stays >= 1 and no label shrinks
    graph.setAttribute("width", Math.floor(view.width * scale));
    graph.setAttribute("height", Math.floor(view.height * scale));
  }
  function inside(element) {  // the content box's width and height
    var style = getComputedStyle(element);
    return [element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)];
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
  fit();
  window.addEventListener("resize", fit);  // a frame's window gets it too when its frame changes size
  go(0);
  show(byId("node-" + data.root));  // the backward pass starts at the root: in view from the start
}());
