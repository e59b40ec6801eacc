// main.js: the theater's state (epoch, point, neuron, weight) and its controls: play and pause, one
// epoch back or forward, the speed, the scrubber, the keyboard, clicks on the curves, the points, the
// neurons and the weights. Every view is redrawn from the record of the chosen epoch.
// window.theater exposes what is on screen (``shown``) so tests can check it against Python.
(function (T) {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var data = JSON.parse(byId("theater-data").textContent);
  var templates = JSON.parse(byId("theater-explore").textContent);  // explore's page per layer (bridge.js)
  var model = data.model, epochs = data.epochs, last = epochs.length - 1, plane = data.plane;
  var X = data.data.X, Y = data.data.y, training = data.training;
  var network = new T.Network(model, training.loss), places = T.placeParameters(model);
  var share = T.classShare(training.loss), lastLayer = model.layers.length - 1;
  var classes = model.layers[lastLayer].neurons.length > 1;  // class logits: coloured by the most likely class
  var state = {epoch: last, point: hardestPoint(), neuron: [lastLayer, 0], hover: null, timer: null,
               chosen: model.layers[lastLayer].neurons[0].w[0]};
  var shown = {}, cache = {}, scratch = document.createElement("canvas");
  var largest = 1e-12;  // the largest |parameter| of the run: the full width of a line
  epochs.forEach(function (record) {
    Object.keys(record.parameters).forEach(function (name) {
      largest = Math.max(largest, Math.abs(record.parameters[name]));
    });
  });

  function weightsAt(k) { return cache[k] || (cache[k] = network.weights(epochs[k].parameters)); }
  function hardestPoint() {  // the point the trained model gets most wrong: its chain rule shows first
    var weights = network.weights(epochs[last].parameters), worst = 0, most = -Infinity;
    X.forEach(function (x, i) {
      var loss = network.lossAt(weights, x, Y[i]);
      if (loss > most) { most = loss; worst = i; }
    });
    return worst;
  }

  var diagram = new T.Diagram(byId("diagram"), model, plane, {
    hover: function (name) {
      state.hover = name;
      renderWeight();
      diagram.mark(state.hover || state.chosen, state.neuron);
    },
    select: function (name) { state.chosen = name; state.hover = null; render(); },
    neuron: function (l, j) { chooseNeuron(l, j); }
  });
  var marks = [], series = function (name) { return epochs.map(function (record) { return record[name]; }); };
  marks.push(T.drawCurve(byId("loss-curve"), [{values: series("loss"), kind: "training"},
                                              {values: series("val_loss"), kind: "validation"}],
                         last, {title: "loss", onPick: go}));
  if (epochs.some(function (record) { return record.accuracy !== null; })) {
    marks.push(T.drawCurve(byId("accuracy-curve"), [{values: series("accuracy"), kind: "training"},
                                                    {values: series("val_accuracy"), kind: "validation"}],
                           last, {title: "accuracy", low: 0, high: 1, percent: true, onPick: go}));
  } else {
    byId("accuracy-curve").hidden = true;  // a regression loss: no classes, no accuracy
  }
  if (plane) {
    T.drawPoints(byId("points"), data.data, plane, choosePoint);
    if (classes) {
      var names = ["blue", "red", "green", "amber", "violet", "cyan", "pink", "grey"];
      byId("plane-key").textContent = "colour: the most likely class (" + model.layers[lastLayer].neurons.map(
        function (_, k) { return k + " " + names[k % names.length]; }).join(", ") + "), paler where less sure";
    }
  } else {
    document.body.classList.add("no-plane");
  }
  byId("validation-key").hidden = !data.data.validation;
  byId("scrubber").max = last;
  byId("point-number").max = X.length - 1;

  function render() {
    var k = state.epoch, record = epochs[k], weights = weightsAt(k);
    diagram.showWeights(record.parameters, largest);
    if (plane) renderPlane(weights, k);
    var pass = state.point === null ? null : network.backward(weights, X[state.point], Y[state.point]);
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
  }

  function renderPlane(weights, k) {
    var n = plane.resolution, grid = network.grid(weights, plane), outputs = grid[lastLayer];
    if (classes) {
      T.paintClasses(byId("boundary"), outputs, n, 0.3);
    } else {
      var shares = new Float64Array(n * n);
      for (var c = 0; c < n * n; c++) shares[c] = share([outputs[0][c]]);
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
    byId("scrubber").value = state.epoch;
    byId("epoch-label").textContent = "epoch " + state.epoch + " / " + last;
    byId("back").disabled = byId("first").disabled = state.epoch === 0;
    byId("forward").disabled = state.epoch === last;
    var parts = state.epoch === 0 ? ["before training"] : ["loss " + T.formatNumber(record.loss)];
    if (record.accuracy !== null) parts.push("accuracy " + T.percent(record.accuracy));
    if (record.val_loss !== null) parts.push("validation loss " + T.formatNumber(record.val_loss));
    if (record.lr !== null) parts.push("lr " + record.lr);
    byId("readout").textContent = parts.join(" \u00b7 ");
  }

  function go(k) { state.epoch = Math.max(0, Math.min(last, k)); render(); }
  function choosePoint(i) { state.point = i; render(); }
  function chooseNeuron(l, j) { state.neuron = [l, j]; render(); }

  function play() {  // play from here (from the start when at the end); pause when playing
    if (state.timer) {
      clearInterval(state.timer);
      state.timer = null;
    } else {
      if (state.epoch === last) go(0);
      state.timer = setInterval(function () {
        if (state.epoch >= last) play(); else go(state.epoch + 1);
      }, 1000 / Number(byId("speed").value));
    }
    byId("play").textContent = state.timer ? "\u275a\u275a Pause" : "\u25b6 Play";
  }

  // The chosen neuron's Value graph for the chosen point and epoch, in explore's page (bridge.js).
  function openExplore() {
    var l = state.neuron[0], j = state.neuron[1], pass = shown.pass, weights = weightsAt(state.epoch)[l][j];
    var activation = model.layers[l].activation;
    var neuron = {inputs: l === 0 ? pass.forward.x : pass.forward.a[l - 1], prefix: l === 0 ? "x" : "h",
                  w: weights.w, b: weights.b, activation: activation, g: pass.dA[l][j]};
    var title = T.neuronName(model, l, j) + " for point #" + state.point + " at epoch " + state.epoch;
    var page = T.fillExplore(templates[l], neuron, title.charAt(0).toUpperCase() + title.slice(1));
    shown.explore = {layer: l, neuron: j, point: state.point, epoch: state.epoch, html: page.html, data: page.data};
    var output = activation === "linear" ? "z" : "a";
    byId("explore-caption").innerHTML = "L = g * " + output + ": seen from this neuron, the rest of the network " +
      "turns its output into the loss through g = dL/d" + output + " = " + T.num(neuron.g) + " (this point's " +
      "gradient from above), so these steps are exactly its share of the backward pass.";
    byId("explore-frame").srcdoc = page.html;
    if (byId("explore-tab").href) URL.revokeObjectURL(byId("explore-tab").href);
    byId("explore-tab").href = URL.createObjectURL(new Blob([page.html], {type: "text/html"}));
    byId("explore-title").textContent = title;
    byId("explore-overlay").hidden = false;
  }
  function closeExplore() { byId("explore-overlay").hidden = true; }

  byId("play").addEventListener("click", play);
  byId("first").addEventListener("click", function () { go(0); });
  byId("back").addEventListener("click", function () { go(state.epoch - 1); });
  byId("forward").addEventListener("click", function () { go(state.epoch + 1); });
  byId("scrubber").addEventListener("input", function () { go(Number(byId("scrubber").value)); });
  byId("speed").addEventListener("change", function () { if (state.timer) { play(); play(); } });
  byId("point-number").addEventListener("change", function () {
    var i = Number(byId("point-number").value);
    if (Number.isInteger(i) && i >= 0 && i < X.length) choosePoint(i);
  });
  byId("explore-close").addEventListener("click", closeExplore);
  document.addEventListener("keydown", function (event) {
    var tag = event.target.tagName;  // a focused button takes its own space bar
    var typing = tag === "INPUT" || tag === "SELECT" || (tag === "BUTTON" && event.key === " ");
    if (event.altKey || event.ctrlKey || event.metaKey || typing) return;
    if (!byId("explore-overlay").hidden) {
      if (event.key === "Escape") closeExplore();
      return;
    }
    var moves = {ArrowLeft: state.epoch - 1, ArrowRight: state.epoch + 1, Home: 0, End: last};
    if (event.key in moves) { event.preventDefault(); go(moves[event.key]); }
    if (event.key === " ") { event.preventDefault(); play(); }
  });

  render();
  window.theater = {data: data, network: network, state: state, shown: shown, go: go, choosePoint: choosePoint,
                    chooseNeuron: chooseNeuron, openExplore: openExplore, weightsAt: weightsAt,
                    gridPoints: function () { return plane ? T.gridPoints(plane) : null; },
                    readyAt: performance.now()};  // ms from the start of loading to the first picture
  document.body.classList.add("ready");
}(Theater));
