// diagram.js: the network as columns of neurons joined by their weights. A line's colour is the
// weight's sign (red +, blue -) and its width its size; each neuron shows its activation over the
// plane (2 inputs) or at the chosen point (more inputs); the small dot beside a neuron is its bias.
// Laid out in the pixels the svg has on screen, and laid out again whenever that size changes (T.watch).
// The pointer picks the weight whose line passes nearest to it (its distance to each curve), not whichever
// line's stroke happens to be on top: in a 16 x 16 hairball the line under the pointer is the one it gets.
(function (T) {
  "use strict";
  var GAP = 8, REACH = 10;  // px between nodes; how far from a line the pointer still picks it

  function Diagram(svg, model, plane, handlers) {
    this.svg = svg;
    this.model = model;
    this.plane = plane;
    this.handlers = handlers;
    this.shown = {hrefs: {}};  // what was last shown, to show again after laying out anew
    this.hovered = null;
    svg.diagram = this;  // the svg's current diagram: a new one (a new model) takes over its listeners
    if (!svg.dataset.listening) {
      svg.dataset.listening = "yes";
      listen(svg);
    }
    T.watch(svg, function () { if (svg.diagram) svg.diagram.relayout(); });
    this.draw();
  }
  T.Diagram = Diagram;

  Diagram.prototype.draw = function () {
    var svg = this.svg, model = this.model;
    svg.textContent = "";
    var columns = [model.inputs].concat(model.layers.map(function (layer) { return layer.neurons.length; }));
    var tallest = Math.max.apply(null, columns), font = T.fontSize(svg, "column-label");
    this.top = 2 * font + 10;  // two lines of column labels: "layer 0", "tanh"
    var room = Math.max(svg.clientHeight || 0, 200);
    this.width = Math.max(svg.clientWidth || 0, 240);
    this.size = Math.max(6, Math.min(40, Math.floor((room - this.top - 6) / tallest) - GAP));
    this.height = Math.max(room, this.top + tallest * (this.size + GAP) + 6);
    svg.setAttribute("viewBox", "0 0 " + this.width + " " + this.height);
    this.positions = columns.map(this.column.bind(this));
    this.lines = {}; this.units = {}; this.biases = {}; this.curves = [];
    var layersGroup = T.svg("g", {"class": "weights"}, svg), hits = T.svg("g", {"class": "hits"}, svg);
    var nodes = T.svg("g", {"class": "units"}, svg);
    this.drawLabels(svg, font);
    this.drawInputs(nodes, T.fontSize(svg, "input-name"));
    this.drawLayers(layersGroup, hits, nodes);
    this.laidOut = this.room();
  };
  Diagram.prototype.room = function () {  // what the layout depends on: the svg's size and its labels' size
    return [this.svg.clientWidth, this.svg.clientHeight, T.fontSize(this.svg, "column-label")].join(" ");
  };

  // Laid out again for the svg's new size (or its labels' new size), with what it showed.
  Diagram.prototype.relayout = function () {
    if (!this.svg.clientWidth || this.room() === this.laidOut) return;
    var shown = this.shown;
    this.draw();
    var units = this.units;
    if (shown.weights) this.showWeights(shown.weights[0], shown.weights[1]);
    Object.keys(shown.hrefs).forEach(function (key) { units[key].setAttribute("href", shown.hrefs[key]); });
    if ("point" in shown) this.showPoint(shown.point);
    if (shown.mark) this.mark(shown.mark[0], shown.mark[1]);
  };

  Diagram.prototype.column = function (count, c, all) {  // top-left corner of each node of column c
    var left = 10 + 3 * T.fontSize(this.svg, "input-name"), size = this.size, top;
    var spread = (this.width - left - 50 - size) / Math.max(1, all.length - 1), x = left + c * spread;
    top = this.top + (this.height - this.top - count * (size + GAP)) / 2;
    return Array.from({length: count}, function (_, i) { return [x, top + i * (size + GAP)]; });
  };

  Diagram.prototype.drawLabels = function (svg, font) {  // "layer 0" over "tanh": two short lines fit any width
    var model = this.model, positions = this.positions, size = this.size;
    positions.forEach(function (column, c) {
      var last = c === positions.length - 1, label = T.svg("text", {x: column[0][0] + size / 2, y: font + 2,
                                                                  "class": "column-label", "text-anchor": "middle"}, svg);
      T.svg("tspan", {x: column[0][0] + size / 2}, label).textContent = c === 0 ? "inputs" : last ? "output" :
        "layer " + (c - 1);
      if (c > 0) {
        T.svg("tspan", {x: column[0][0] + size / 2, dy: font + 2, "class": "activation"}, label).textContent =
          model.layers[c - 1].activation;
      }
    });
  };

  Diagram.prototype.drawInputs = function (nodes, font) {
    var size = this.size, self = this;
    this.positions[0].forEach(function (at, i) {
      var unit = T.svg("g", {"class": "unit input", id: "input-" + i, transform: "translate(" + at + ")"}, nodes);
      T.svg("text", {x: -6, y: size / 2 + font / 3, "class": "input-name", "text-anchor": "end"}, unit).textContent =
        "x" + i;
      if (self.plane) {  // the feature itself over the plane: left to right for x0, bottom to top for x1
        var n = 24, values = new Float64Array(n * n);
        for (var c = 0; c < n * n; c++) {
          values[c] = i === 0 ? (c % n + 0.5) / n * 2 - 1 : 1 - (Math.floor(c / n) + 0.5) / n * 2;
        }
        var picture = T.paint(document.createElement("canvas"), values, n, function (v) { return v; });
        T.svg("image", {width: size, height: size, preserveAspectRatio: "none", href: picture.toDataURL()}, unit);
      } else {
        self.units["input-" + i] = T.svg("circle", {cx: size / 2, cy: size / 2, r: size / 2, "class": "dot"}, unit);
      }
      T.svg("rect", {width: size, height: size, rx: 3, "class": "frame"}, unit);
    });
  };

  Diagram.prototype.drawLayers = function (lines, hits, nodes) {
    var self = this, size = this.size, handlers = this.handlers;
    this.model.layers.forEach(function (layer, l) {
      layer.neurons.forEach(function (neuron, j) {
        var to = self.positions[l + 1][j];
        neuron.w.forEach(function (name, i) {
          var from = self.positions[l][i], x1 = from[0] + size, y1 = from[1] + size / 2;
          var x2 = to[0], y2 = to[1] + size / 2, bend = (x2 - x1) / 2;
          var curve = [x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2];
          var d = "M" + x1 + "," + y1 + " C" + curve.slice(2).join(" ");
          self.lines[name] = T.svg("path", {d: d, "class": "weight", "data-name": name}, lines);
          T.svg("path", {d: d, "class": "hit", "data-name": name}, hits);  // the cursor's hint only
          self.curves.push({name: name, points: curve, samples: sample(curve)});
        });
        var id = "neuron-" + l + "-" + j;
        var unit = T.svg("g", {"class": "unit neuron", id: id, transform: "translate(" + to + ")"}, nodes);
        var where = neuron.b.replace(/\.?b$/, "") || "the neuron";  // layers.1.neurons.3.b -> layers.1.neurons.3
        T.svg("title", {}, unit).textContent = where + " (" + layer.activation + "): click for its chain rule";
        self.units[l + "-" + j] = self.plane
          ? T.svg("image", {width: size, height: size, preserveAspectRatio: "none"}, unit)
          : T.svg("circle", {cx: size / 2, cy: size / 2, r: size / 2, "class": "dot"}, unit);
        T.svg("rect", {width: size, height: size, rx: 3, "class": "frame"}, unit);
        unit.addEventListener("click", function () { handlers.neuron(l, j); });
        var bias = T.svg("circle", {cx: -4, cy: size - 3, r: 3, "class": "bias", "data-name": neuron.b}, unit);
        self.biases[neuron.b] = bias;
        bias.addEventListener("click", function (event) { event.stopPropagation(); handlers.select(neuron.b); });
      });
    });
  };

  // -- the pointer: the nearest line ------------------------------------------------------------------------
  function listen(svg) {
    // pointermove: its coordinates keep their fractions (a mouse event's are whole pixels)
    svg.addEventListener("pointermove", function (event) { svg.diagram.point(event); });
    svg.addEventListener("pointerleave", function () { svg.diagram.hover(null); });
    svg.addEventListener("click", function (event) {
      var self = svg.diagram;
      if (!event.target.closest(".unit") && self.hovered && self.lines[self.hovered]) self.handlers.select(self.hovered);
    });
  }

  Diagram.prototype.point = function (event) {
    var bias = event.target.closest(".bias");
    if (bias) return this.hover(bias.getAttribute("data-name"));
    if (event.target.closest(".unit")) return this.hover(null);
    var at = new DOMPoint(event.clientX, event.clientY).matrixTransform(this.svg.getScreenCTM().inverse());
    this.hover(this.nearest(at.x, at.y, REACH));
  };

  Diagram.prototype.hover = function (name) {
    if (name === this.hovered) return;
    this.hovered = name;
    this.svg.classList.toggle("picking", !!name && !!this.lines[name]);
    this.handlers.hover(name);
  };

  // The weight whose curve passes nearest to (x, y), if within `reach`: each curve's nearest sample first, then
  // the closest candidates refined on the curve itself. Ties go to the line drawn later (the one on top).
  Diagram.prototype.nearest = function (x, y, reach) {
    var found = [];
    this.curves.forEach(function (curve, order) {
      var best = Infinity, at = 0;
      for (var s = 0; s < curve.samples.length; s += 3) {
        var d = Math.hypot(curve.samples[s] - x, curve.samples[s + 1] - y);
        if (d < best) { best = d; at = curve.samples[s + 2]; }
      }
      if (best <= reach + 8) found.push({curve: curve, order: order, t: at});
    });
    var winner = null, closest = Infinity;
    found.forEach(function (candidate) {
      var d = refine(candidate.curve.points, candidate.t, x, y);
      if (d <= reach && (d < closest - 1e-9 || (Math.abs(d - closest) <= 1e-9 && candidate.order > winner.order))) {
        closest = d;
        winner = candidate;
      }
    });
    return winner && winner.curve.name;
  };

  var STEPS = 24;
  function bezier(p, t) {  // a point of the cubic from p[0..1] through controls p[2..5] to p[6..7]
    var u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return [a * p[0] + b * p[2] + c * p[4] + d * p[6], a * p[1] + b * p[3] + c * p[5] + d * p[7]];
  }
  function sample(p) {  // [x, y, t, x, y, t, ...] along the curve
    var out = [];
    for (var s = 0; s <= STEPS; s++) {
      var xy = bezier(p, s / STEPS);
      out.push(xy[0], xy[1], s / STEPS);
    }
    return out;
  }
  function refine(p, t, x, y) {  // the distance to the curve near t, by golden-section search
    var low = Math.max(0, t - 1 / STEPS), high = Math.min(1, t + 1 / STEPS), ratio = (Math.sqrt(5) - 1) / 2;
    var distance = function (s) { var xy = bezier(p, s); return Math.hypot(xy[0] - x, xy[1] - y); };
    for (var k = 0; k < 30; k++) {
      var a = high - ratio * (high - low), b = low + ratio * (high - low);
      if (distance(a) < distance(b)) high = b; else low = a;
    }
    return distance((low + high) / 2);
  }

  // -- what it shows ----------------------------------------------------------------------------------------
  // Weights of one epoch: sign as colour, size as width and opacity (relative to the largest of the run).
  Diagram.prototype.showWeights = function (parameters, largest) {
    var self = this;
    this.shown.weights = [parameters, largest];
    Object.keys(this.lines).forEach(function (name) {
      var w = parameters[name], share = Math.sqrt(Math.min(1, Math.abs(w) / largest)), line = self.lines[name];
      var chosen = line.classList.contains("chosen") ? " chosen" : "";
      line.setAttribute("class", "weight " + (w >= 0 ? "positive" : "negative") + chosen);
      line.setAttribute("stroke-width", (0.4 + 4.2 * share).toFixed(2));
      line.setAttribute("stroke-opacity", (0.18 + 0.82 * share).toFixed(2));
      line.setAttribute("data-value", String(w));
    });
    Object.keys(this.biases).forEach(function (name) {
      var b = parameters[name], bias = self.biases[name];
      var chosen = bias.classList.contains("chosen") ? " chosen" : "";
      bias.setAttribute("class", "bias " + (b >= 0 ? "positive" : "negative") + chosen);
      bias.setAttribute("r", (1.5 + 3 * Math.sqrt(Math.min(1, Math.abs(b) / largest))).toFixed(2));
      bias.setAttribute("data-value", String(b));
    });
  };

  // Each neuron's picture: its activations over the plane (a Float64Array per neuron), or its colour at one point.
  Diagram.prototype.showPictures = function (grid, resolution, canvas) {
    var self = this;
    this.model.layers.forEach(function (layer, l) {
      grid[l].forEach(function (values, j) {
        T.paint(canvas, values, resolution, T.scaleFor(layer.activation, values));
        self.shown.hrefs[l + "-" + j] = canvas.toDataURL();
        self.units[l + "-" + j].setAttribute("href", self.shown.hrefs[l + "-" + j]);
      });
    });
  };

  Diagram.prototype.showPoint = function (forward) {
    var self = this;
    this.shown.point = forward;
    if (forward) forward.x.forEach(function (v, i) { self.units["input-" + i].style.fill = T.css(T.colour(v / 3)); });
    this.model.layers.forEach(function (layer, l) {
      var values = forward ? forward.a[l] : null, scale = values ? T.scaleFor(layer.activation, values) : null;
      layer.neurons.forEach(function (_, j) {
        self.units[l + "-" + j].style.fill = values ? T.css(T.colour(scale(values[j]))) : "";
      });
    });
  };

  Diagram.prototype.mark = function (weight, neuron) {  // the chosen weight and neuron stand out
    var lines = this.lines, biases = this.biases;
    this.shown.mark = [weight, neuron];
    Object.keys(lines).forEach(function (name) { lines[name].classList.toggle("chosen", name === weight); });
    Object.keys(biases).forEach(function (name) { biases[name].classList.toggle("chosen", name === weight); });
    if (lines[weight]) lines[weight].parentNode.appendChild(lines[weight]);  // drawn last: on top
    this.svg.querySelectorAll(".unit.neuron").forEach(function (unit) {
      unit.classList.toggle("chosen", !!neuron && unit.id === "neuron-" + neuron[0] + "-" + neuron[1]);
    });
  };
}(Theater));
