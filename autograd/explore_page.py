"""The page that explore.py fills in: HTML skeleton, CSS and JavaScript, all inline.

Plain string constants, no imports: explore.py fills PAGE's {{placeholders}} in one pass.
The script reads the JSON steps block and only ever sets textContent, never HTML.
"""

CSS = """
:root {
  --ink: #1f2933; --muted: #6b7280; --faint: #9aa3af; --line: #d5dae1; --paper: #ffffff;
  --page: #f3f5f8; --accent: #f59e0b; --accent-soft: #fff4dc; --positive: #c8322f;
  --negative: #1d5fd0; --zero: #6b7280; --done: #15803d; --done-soft: #effaf2;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: var(--sans); color: var(--ink); background: var(--page);
  display: flex; flex-direction: column; }
header { padding: 14px 24px 10px; display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
h1 { font-size: 20px; font-weight: 650; margin: 0; letter-spacing: -0.01em; }
.subtitle { color: var(--muted); font-size: 14px; }
main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 400px;
  gap: 16px; padding: 0 24px 20px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.05); }
#graph-card { overflow: hidden; display: flex; flex-direction: column; min-height: 0; }
.legend { display: flex; gap: 18px; flex-wrap: wrap; padding: 10px 16px; font-size: 12.5px;
  color: var(--muted); border-bottom: 1px solid #eef0f3; }
.legend b { font-weight: 600; }
.swatch { display: inline-block; width: 18px; height: 4px; border-radius: 2px; vertical-align: middle;
  margin-right: 6px; }
.graph-wrap { flex: 1; min-height: 0; overflow: auto; display: flex; padding: 12px; }
svg { display: block; margin: auto; flex-shrink: 0; font-family: var(--sans); }  /* auto margins centre without clipping */
.edge path { fill: none; stroke: #c3cad4; stroke-width: 1.6; marker-end: url(#arrow); }
.edge.applied path { stroke: #7d8897; stroke-width: 2; }
.edge.current path { stroke: var(--accent); stroke-width: 3.5; marker-end: none; marker-start: url(#arrow-back);
  stroke-dasharray: 9 6; animation: flow 0.9s linear infinite; }
@keyframes flow { to { stroke-dashoffset: 30; } }  /* dashes run backwards: child to parent */
.node rect.box { fill: var(--paper); stroke: #b9c1cc; stroke-width: 1.4; }
.node.leaf rect.box { fill: #fbfcfd; }
.node.complete rect.box { fill: var(--done-soft); stroke: var(--done); stroke-width: 1.8; }
.node.sender rect.box { stroke: var(--accent); stroke-width: 2.4; }
.node.receiver rect.box { fill: var(--accent-soft); stroke: var(--accent); stroke-width: 3; }
.node text { font-size: 13px; }
.node .name { font-size: 15px; font-weight: 650; fill: var(--ink); }
.node .op rect { fill: #eef1f5; }
.node .op text { font-family: var(--mono); font-size: 13px; font-weight: 600; fill: #4b5563; }
.node .data, .node .grad { font-family: var(--mono); }
.node .key { fill: var(--faint); font-family: var(--sans); font-size: 11.5px; }
.node .data .number { fill: #374151; }
.grad .number { fill: var(--faint); }
.grad.partial .number { font-style: italic; }
.grad.complete .number { font-weight: 700; }
.positive .number, .number.positive { fill: var(--positive); color: var(--positive); }
.negative .number, .number.negative { fill: var(--negative); color: var(--negative); }
.zero .number, .number.zero { fill: var(--zero); color: var(--zero); }
.grad .tick { fill: var(--done); font-weight: 700; }
#edge-label rect { fill: var(--accent); }
#edge-label text { font-family: var(--mono); font-size: 12px; font-weight: 600; fill: #fff; }
#panel { display: flex; flex-direction: column; min-height: 0; overflow: hidden; }
.controls { padding: 14px 16px 12px; border-bottom: 1px solid #eef0f3; }
.buttons { display: flex; gap: 8px; }
.buttons button { flex: 1; white-space: nowrap; }
.progress { display: flex; align-items: center; gap: 12px; margin-top: 12px; }
.bar { flex: 1; height: 6px; border-radius: 3px; background: #e8ebef; overflow: hidden; }
#progress-fill { height: 100%; width: 0; background: var(--accent); transition: width 0.15s; }
.done #progress-fill { background: var(--done); }
button { font: inherit; font-size: 14px; padding: 7px 14px; border-radius: 7px; cursor: pointer;
  border: 1px solid #c9d0d9; background: #fff; color: var(--ink); }
button:hover:not(:disabled) { background: #f4f6f9; }
button:disabled { color: #b3bac4; cursor: default; background: #fafbfc; }
button#next { background: #1f2933; border-color: #1f2933; color: #fff; font-weight: 600; }
button#next:hover:not(:disabled) { background: #374151; }
button#next:disabled { background: #e5e8ec; border-color: #e5e8ec; color: #9aa3af; }
#counter { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 14px; white-space: nowrap; }
.done #counter { color: var(--done); font-weight: 600; }
.section { padding: 14px 16px; border-bottom: 1px solid #eef0f3; }
.section h2 { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.07em; color: var(--muted);
  margin: 0 0 8px; font-weight: 600; }
#caption { font-size: 14px; margin: 0 0 10px; line-height: 1.45; }
pre { font-family: var(--mono); font-size: 12.5px; line-height: 1.55; margin: 0; white-space: pre-wrap;
  word-break: break-word; }
#current-step { background: var(--accent-soft); border-left: 4px solid var(--accent); border-radius: 6px;
  padding: 10px 12px; }
.done #current-step { background: var(--done-soft); border-left-color: var(--done); }
#done { display: none; }
.done #done { display: block; }
#done p { margin: 0 0 8px; font-size: 14px; color: var(--done); font-weight: 600; }
.final-wrap { max-height: 210px; overflow: auto; }
#final { border-collapse: collapse; font-size: 13px; width: 100%; }
#final td, #final th { padding: 3px 8px 3px 0; text-align: left; }
#final th { color: var(--muted); font-weight: 500; font-size: 12px; }
#final td.number, #final th.number { font-family: var(--mono); text-align: right; }
#log-section { flex: 1; min-height: 80px; overflow: auto; }
#log { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column-reverse; }
#log li { padding: 5px 6px; border-radius: 5px; cursor: pointer; display: flex; gap: 8px; }
#log li[hidden] { display: none; }
#log li:hover { background: #f4f6f9; }
#log .index { color: var(--faint); font-family: var(--mono); font-size: 12px; min-width: 2.2em;
  text-align: right; padding-top: 1px; }
#log pre { font-size: 12px; color: #374151; }
.hint { color: var(--faint); font-size: 12px; margin-top: 10px; }
kbd { font-family: var(--mono); font-size: 11px; border: 1px solid var(--line); border-bottom-width: 2px;
  border-radius: 4px; padding: 0 4px; background: #fff; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } #panel { max-height: none; } }
"""

SCRIPT = """
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
      var group = byId("node-" + i), text = group.querySelector(".grad"), grad = gradOf(i, totals);
      group.classList.toggle("complete", !!grad && grad.state === "complete");
      group.classList.toggle("sender", !!step && step.node === i);
      group.classList.toggle("receiver", !!step && step.parent === i);
      text.setAttribute("class", "grad" + (grad ? " " + grad.state + " " + sign(grad.value) : ""));
      text.querySelector(".number").textContent = grad ? grad.text : "?";
      text.querySelector(".tick").textContent = grad && grad.state === "complete" ? " \\u2713" : "";
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
    text.textContent = "+= " + step.upstream_text + " \u00d7 " + step.local_text;
    label.querySelector("rect").setAttribute("width", text.getBBox().width + 16);
    label.setAttribute("transform", "translate(" + at.e + "," + (at.f - 23) + ")");
    label.setAttribute("visibility", "visible");
    byId("node-" + step.parent).scrollIntoView({block: "nearest", inline: "nearest"});
  }

  function renderPanel() {
    var step = steps[current - 1], done = current === steps.length;
    document.body.classList.toggle("done", done);
    byId("counter").textContent = "step " + current + " / " + steps.length + (done ? " \\u00b7 done" : "");
    byId("current-step").textContent = step ? step.text : data.seed.text;
    byId("caption").textContent = step
      ? step.names[1] + " passes its gradient back to " + step.names[2] + ": upstream \\u00d7 local = contribution, added to d" + step.names[0] + "/d" + step.names[2] + "."
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
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{css}}</style>
</head>
<body>
<header><h1>{{title}}</h1><span class="subtitle">{{subtitle}}</span></header>
<main>
<section id="graph-card" class="card">
<div class="legend">
<span><b>data</b> forward value</span>
<span><b>grad</b> d{{root}}/d(node): <span class="number positive">positive</span>,
<span class="number negative">negative</span>, <span class="number zero">zero</span>; <i>italic</i> = running total</span>
<span><span class="swatch" style="background: var(--accent)"></span>current step</span>
<span><span class="swatch" style="background: var(--done)"></span>gradient complete</span>
</div>
<div class="graph-wrap">
{{svg}}
</div>
</section>
<aside id="panel" class="card">
<div class="controls">
<div class="buttons">
<button id="reset" type="button">Reset</button>
<button id="prev" type="button">&larr; Previous</button>
<button id="next" type="button">Next &rarr;</button>
</div>
<div class="progress"><div class="bar"><div id="progress-fill"></div></div><span id="counter" aria-live="polite">step 0 / 0</span></div>
</div>
<div class="section">
<h2>Current step</h2>
<p id="caption"></p>
<pre id="current-step"></pre>
<div class="hint"><kbd>&rarr;</kbd> next &nbsp; <kbd>&larr;</kbd> previous &nbsp; <kbd>Home</kbd> reset &nbsp; <kbd>End</kbd> jump to the end</div>
</div>
<div id="done" class="section">
<p>&#10003; Done: every gradient is final, the same numbers {{root}}.backward() computes.</p>
<div class="final-wrap"><table id="final"><thead><tr><th>leaf</th><th class="number">data</th><th class="number">grad</th></tr></thead>
<tbody>{{final}}</tbody></table></div>
</div>
<div id="log-section" class="section">
<h2>Previous steps (newest first)</h2>
<p id="log-empty" class="hint">None yet: press Next.</p>
<ol id="log"></ol>
</div>
</aside>
</main>
<script type="application/json" id="steps">{{data}}</script>
<script>{{script}}</script>
</body>
</html>
"""
