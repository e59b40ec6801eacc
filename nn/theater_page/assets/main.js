// main.js: the theater's state (epoch, point, neuron, weight) and its controls: play and pause, one epoch back
// or forward, the speed, the scrubber, the keyboard, clicks on the curves, the points, the neurons and the
// weights; Step, Epoch and Reset train in the page (trainer.js), and the settings (controls.js) change it live.
// Every view is redrawn from the record of the chosen epoch. T.live is how training reaches the views:
// onEpoch(record) after each epoch (the views follow the newest), onReset(data) when the data or the model
// changed (every view rebuilt from the new document). window.theater exposes what is on screen (``shown``),
// window.chainrule the training (surface.js), for tests and for scripted lectures.
(function (T) {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var page = JSON.parse(byId("theater-data").textContent);
  var templates = JSON.parse(byId("theater-explore").textContent);  // explore's page per kind of neuron (bridge.js)
  var data, model, epochs, last, plane, X, Y, training, network, places, share, lastLayer, classes, diagram, marks;
  var state = {epoch: 0, point: null, neuron: [0, 0], hover: null, timer: null, chosen: null, training: false};
  var shown = {}, cache = {}, scratch = document.createElement("canvas"), largest = 1e-12, drawn = -1, pending = 0;
  var planeKey = byId("plane-key").innerHTML;  // the two-class key, as the page was written

  // Every view, built for the document `d` (the page's own, or one the trainer made).
  function init(d) {
    data = d; model = d.model; epochs = d.epochs; last = epochs.length - 1; plane = d.plane;
    X = d.data.X; Y = d.data.y; training = d.training; cache = {}; largest = 1e-12; drawn = -1;
    network = new T.Network(model, training.loss); places = T.placeParameters(model);
    share = T.classShare(training.loss); lastLayer = model.layers.length - 1;
    classes = model.layers[lastLayer].neurons.length > 1;  // class logits: coloured by the most likely class
    epochs.forEach(widen);
    state.epoch = last; state.point = hardestPoint(); state.neuron = [lastLayer, 0]; state.hover = null;
    state.chosen = model.layers[lastLayer].neurons[0].w[0];
    byId("diagram").textContent = "";
    diagram = new T.Diagram(byId("diagram"), model, plane, {
      hover: function (name) {
        state.hover = name;
        renderWeight();
        diagram.mark(state.hover || state.chosen, state.neuron);
      },
      select: function (name) { state.chosen = name; state.hover = null; render(); },
      neuron: function (l, j) { chooseNeuron(l, j); }
    });
    var points = byId("points");
    points.textContent = "";
    points.appendChild(T.svg("path", {id: "contour"}));
    document.body.classList.toggle("no-plane", !plane);
    if (plane) T.drawPoints(points, d.data, plane, choosePoint);
    byId("plane-key").innerHTML = planeKey;
    if (plane && classes) {
      var names = ["blue", "red", "green", "amber", "violet", "cyan", "pink", "grey"];
      byId("plane-key").textContent = "colour: the most likely class (" + model.layers[lastLayer].neurons.map(
        function (_, k) { return k + " " + names[k % names.length]; }).join(", ") + "), paler where less sure";
    }
    byId("validation-key").hidden = !d.data.validation;
    byId("point-number").max = X.length - 1;
    document.querySelector("header h1").textContent = d.title;
    document.title = d.title;
  }
  function widen(record) {  // the largest |parameter| so far: the full width of a line
    Object.keys(record.parameters).forEach(function (name) {
      largest = Math.max(largest, Math.abs(record.parameters[name]));
    });
  }

  function weightsAt(k) { return cache[k] || (cache[k] = network.weights(epochs[k].parameters)); }
  function hardestPoint() {  // the point the model gets most wrong: its chain rule shows first
    var weights = network.weights(epochs[last].parameters), worst = 0, most = -Infinity;
    X.forEach(function (x, i) {
      var loss = network.lossAt(weights, x, Y[i]);
      if (loss > most) { most = loss; worst = i; }
    });
    return worst;
  }

  function drawCurves() {  // again whenever the epochs grew
    var series = function (name) { return epochs.map(function (record) { return record[name]; }); };
    marks = [T.drawCurve(byId("loss-curve"), [{values: series("loss"), kind: "training"},
                                              {values: series("val_loss"), kind: "validation"}],
                         last, {title: "loss", onPick: go})];
    var accuracy = epochs.some(function (record) { return record.accuracy !== null; }) ||
      (last === 0 && data.live.losses[training.loss] !== null);
    byId("accuracy-curve").hidden = !accuracy;  // a regression loss: no classes, no accuracy
    if (accuracy) {
      marks.push(T.drawCurve(byId("accuracy-curve"), [{values: series("accuracy"), kind: "training"},
                                                      {values: series("val_accuracy"), kind: "validation"}],
                             last, {title: "accuracy", low: 0, high: 1, percent: true, onPick: go}));
    }
    drawn = last;
  }

  function render() {
    var k = state.epoch, record = epochs[k], weights = weightsAt(k), begun = performance.now();
    if (drawn !== last) drawCurves();
    diagram.showWeights(record.parameters, largest);
    if (plane) renderPlane(weights, k);
    var pass = state.point === null ? null : pointPass(weights);
    shown.epoch = k;
    shown.pass = pass;
    if (!plane) diagram.showPoint(pass && pass.forward);
    diagram.mark(state.hover || state.chosen, state.neuron);
    renderWeight();
    renderChain(record, pass);
    renderTransport(record);
    marks.forEach(function (mark) { mark(k); });
    byId("points").querySelectorAll(".chosen").forEach(function (point) { point.classList.remove("chosen"); });
    if (plane && state.point !== null) byId("point-" + state.point).classList.add("chosen");
    state.drawing = performance.now() - begun;
  }
  function pointPass(weights) {  // weights about to diverge may overflow a point's pass: then it has none
    try {
      return network.backward(weights, X[state.point], Y[state.point]);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      T.say("At these weights point #" + state.point + "'s pass overflows: " + error.message);
      return null;
    }
  }
  function later() {  // one redraw at the next frame, however many epochs arrive before it
    if (!pending) pending = requestAnimationFrame(function () { pending = 0; render(); });
  }

  function renderPlane(weights, k) {
    var n = plane.resolution, grid = network.grid(weights, plane), outputs = grid[lastLayer];
    if (classes) {
      T.paintClasses(byId("boundary"), outputs, n, 0.3);
      byId("contour").setAttribute("d", "");
    } else {
      var shares = new Float64Array(n * n), output = [0];  // one cell's outputs, refilled
      for (var c = 0; c < n * n; c++) {
        output[0] = outputs[0][c];
        shares[c] = share(output);
      }
      T.paint(byId("boundary"), shares, n, function (s) { return 2 * s - 1; }, 0.3);
      byId("contour").setAttribute("d", T.contour(shares, n, 0.5));
    }
    diagram.showPictures(grid, n, scratch);
    shown.boundary = {epoch: k, outputs: outputs};
  }

  function renderWeight() {
    var name = state.hover || state.chosen, k = state.epoch;
    T.weightPanel(byId("weight-body"), {name: name, place: places[name], record: epochs[k], next: epochs[k + 1] || null,
                                        epoch: k, model: model, training: training, samples: X.length,
                                        point: state.point, pass: shown.pass});
  }

  function renderChain(record, pass) {
    var body = byId("chain-body");
    byId("point-number").value = state.point === null ? "" : state.point;
    if (!pass) {
      body.innerHTML = '<p class="hint">Click a training point to see its chain rule.</p>';
      return;
    }
    T.chainPanel(body, {pass: pass, model: model, record: record, epoch: state.epoch, point: state.point,
                        y: Y[state.point], neuron: state.neuron, lossName: training.loss,
                        lossFormula: network.loss.formula, formulas: data.formulas});
    body.querySelectorAll(".neuron-row").forEach(function (row) {
      row.addEventListener("click", function () {
        chooseNeuron(Number(row.dataset.layer), Number(row.dataset.neuron));
      });
    });
    var button = byId("explore-neuron");
    if (button) button.addEventListener("click", openExplore);
  }

  function renderTransport(record) {
    byId("scrubber").max = last;
    byId("scrubber").value = state.epoch;
    byId("epoch-label").textContent = "epoch " + state.epoch + " / " + last;
    byId("back").disabled = byId("first").disabled = state.epoch === 0;
    byId("forward").disabled = state.epoch === last;
    var parts = state.epoch === 0 ? ["before training"] : ["loss " + T.fixed(record.loss)];
    if (record.accuracy !== null) parts.push("accuracy " + T.percent(record.accuracy));
    if (record.val_loss !== null) parts.push("test loss " + T.fixed(record.val_loss));
    if (record.lr !== null) parts.push("lr " + record.lr);
    var done = trainer.epochSteps;
    if (done) parts.push("epoch " + (last + 1) + ": " + done + " batch" + (done > 1 ? "es" : "") + " done");
    byId("readout").textContent = parts.join(" \u00b7 ");
    document.querySelector("header .subtitle").textContent = data.subtitle;
  }

  function go(k) { state.epoch = Math.max(0, Math.min(last, k)); render(); }
  function choosePoint(i) { state.point = i; render(); }
  function chooseNeuron(l, j) { state.neuron = [l, j]; render(); }

  // -- training in the page (trainer.js, player.js) --------------------------------------------------------
  T.say = function (message) { byId("message").textContent = message || ""; };
  T.live = {
    onEpoch: function (record) {  // the views follow the newest epoch when they showed the one before it
      var following = state.training || state.epoch === last;
      last = epochs.length - 1;
      widen(record);
      if (following) state.epoch = last;
      later();
    },
    onReset: function (d) { init(d); render(); }
  };
  var player = new T.Player({state: state, newest: function () { return last; }, go: go,
                             transport: function () { renderTransport(epochs[state.epoch]); },
                             trainer: function () { return trainer; }});
  function play() { player.play(); }

  // A change of settings (controls.js, window.chainrule.set): checked, then made; the trainer calls onReset when
  // it starts anew, else the views show the newest record again (its next step is the new settings').
  function apply(change) {
    var checked = T.checkSettings(change, trainer.live, trainer.own, trainer.settings);
    if (!trainer.change(checked)) render();
    if (controls) controls.refresh();
  }

  // The chosen neuron's Value graph for the chosen point and epoch, in explore's page (bridge.js).
  function openExplore() {
    var l = state.neuron[0], j = state.neuron[1], pass = shown.pass, weights = weightsAt(state.epoch)[l][j];
    if (!pass) return;  // no point chosen, or its pass overflows at these weights
    var activation = model.layers[l].activation;
    var template = templates[T.templateKey(l, weights.w.length, activation)];
    var title = T.neuronName(model, l, j) + " for point #" + state.point + " at epoch " + state.epoch;
    byId("explore-title").textContent = title;
    if (!template) {  // a shape made in the page: its explore page was not written with it
      shown.explore = null;
      byId("explore-caption").textContent = "This page holds the step-through of the neurons it was written with; " +
        "a neuron of " + weights.w.length + " inputs with " + activation + " is new. Its chain rule is in the panel; " +
        "for its Value graph, write a page of this shape (Python code shows how).";
      byId("explore-frame").srcdoc = "";
      byId("explore-overlay").hidden = false;
      return;
    }
    var neuron = {inputs: l === 0 ? pass.forward.x : pass.forward.a[l - 1], prefix: l === 0 ? "x" : "h",
                  w: weights.w, b: weights.b, activation: activation, g: pass.dA[l][j]};
    var filled = T.fillExplore(template, neuron, title.charAt(0).toUpperCase() + title.slice(1));
    shown.explore = {layer: l, neuron: j, point: state.point, epoch: state.epoch, html: filled.html, data: filled.data};
    var output = activation === "linear" ? "z" : "a";
    byId("explore-caption").innerHTML = "L = g * " + output + ": seen from this neuron, the rest of the network " +
      "turns its output into the loss through g = dL/d" + output + " = " + T.num(neuron.g) + " (this point's " +
      "gradient from above), so these steps are exactly its share of the backward pass.";
    byId("explore-frame").srcdoc = filled.html;
    if (byId("explore-tab").href) URL.revokeObjectURL(byId("explore-tab").href);
    byId("explore-tab").href = URL.createObjectURL(new Blob([filled.html], {type: "text/html"}));
    byId("explore-overlay").hidden = false;
  }
  T.templateKey = function (layer, inputs, activation) {  // page.py's template_key
    return (layer === 0 ? "x" : "h") + inputs + " " + activation;
  };
  function closeExplore() { byId("explore-overlay").hidden = true; }
  function showCode() {
    byId("code-text").textContent = T.pythonCode(trainer);
    byId("code-overlay").hidden = false;
  }

  var trainer = new T.Trainer(page), controls = null;
  init(page.epochs.length ? trainer.resume(page) : trainer.start(page.live.model_file, null, false));
  controls = new T.Controls(trainer, apply);
  var handlers = {
    play: play, first: function () { go(0); }, back: function () { go(state.epoch - 1); },
    forward: function () { go(state.epoch + 1); }, step: function () { player.steps(1, false); },
    epoch: function () { player.steps(1, true); },
    reset: function () { player.stop(); T.say(""); trainer.reset(); },
    "explore-close": closeExplore, "download-model": function () { T.downloadModel(trainer); },
    "python-code": showCode, "code-close": function () { byId("code-overlay").hidden = true; }
  };
  Object.keys(handlers).forEach(function (id) {
    byId(id).addEventListener("click", function () {
      try { handlers[id](); } catch (error) { T.say(error.message); }  // steps() has said why already
    });
  });
  byId("scrubber").addEventListener("input", function () { go(Number(byId("scrubber").value)); });
  byId("speed").addEventListener("change", function () { player.speedChanged(); });
  byId("point-number").addEventListener("change", function () {
    var i = Number(byId("point-number").value);
    if (Number.isInteger(i) && i >= 0 && i < X.length) choosePoint(i);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeExplore();
      byId("code-overlay").hidden = true;
      return;
    }
    var tag = event.target.tagName;  // a focused button takes its own space bar
    var typing = tag === "INPUT" || tag === "SELECT" || (tag === "BUTTON" && event.key === " ");
    var open = !byId("explore-overlay").hidden || !byId("code-overlay").hidden;
    if (event.altKey || event.ctrlKey || event.metaKey || typing || open) return;
    var moves = {ArrowLeft: state.epoch - 1, ArrowRight: state.epoch + 1, Home: 0, End: last};
    if (event.key in moves) { event.preventDefault(); go(moves[event.key]); }
    if (event.key === " ") { event.preventDefault(); play(); }
  });

  render();
  window.chainrule = T.scripting({apply: apply, steps: function (n, whole) { return player.steps(n, whole); },
                                  reset: handlers.reset,
                                  trainer: function () { return trainer; }});
  window.theater = {state: state, shown: shown, go: go, choosePoint: choosePoint, chooseNeuron: chooseNeuron,
                    openExplore: openExplore, weightsAt: weightsAt, render: render, trainer: trainer,
                    gridPoints: function () { return plane ? T.gridPoints(plane) : null; },
                    readyAt: performance.now()};  // ms from the start of loading to the first picture
  Object.defineProperty(window.theater, "data", {get: function () { return data; }});
  Object.defineProperty(window.theater, "network", {get: function () { return network; }});
  document.body.classList.add("ready");
}(Theater));
