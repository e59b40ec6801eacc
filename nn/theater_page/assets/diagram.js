// diagram.js: the network as columns of neurons joined by their weights. A line's colour is the
// weight's sign (red +, blue -) and its width its size; each neuron shows its activation over the
// plane (2 inputs) or at the chosen point (more inputs); the small dot beside a neuron is its bias.
(function (T) {
  "use strict";
  var TOP = 30, GAP = 8;

  // Laid out in the pixels the svg has on screen: the nodes as large as its height allows (up to 40 px).
  function Diagram(svg, model, plane, handlers) {
    this.svg = svg;
    this.model = model;
    this.pictures = !!plane;
    var columns = [model.inputs].concat(model.layers.map(function (layer) { return layer.neurons.length; }));
    var tallest = Math.max.apply(null, columns), room = Math.max(svg.clientHeight || 0, 300);
    this.width = Math.max(svg.clientWidth || 0, 300);
    this.size = Math.max(6, Math.min(40, Math.floor((room - TOP - 6) / tallest) - GAP));
    this.height = Math.max(room, TOP + tallest * (this.size + GAP) + 6);
    svg.setAttribute("viewBox", "0 0 " + this.width + " " + this.height);
    this.positions = columns.map(this.column.bind(this));
    this.lines = {}; this.units = {}; this.biases = {};
    var layersGroup = T.svg("g", {"class": "weights"}, svg), hits = T.svg("g", {"class": "hits"}, svg);
    var nodes = T.svg("g", {"class": "units"}, svg);
    this.drawLabels(svg);
    this.drawInputs(nodes, plane);
    this.drawLayers(layersGroup, hits, nodes, handlers);
  }
  T.Diagram = Diagram;

  Diagram.prototype.column = function (count, c, all) {  // top-left corner of each node of column c
    var spread = (this.width - 84 - this.size) / Math.max(1, all.length - 1), x = 34 + c * spread, size = this.size;
    var top = TOP + (this.height - TOP - count * (size + GAP)) / 2;
    return Array.from({length: count}, function (_, i) { return [x, top + i * (size + GAP)]; });
  };

  Diagram.prototype.drawLabels = function (svg) {
    var model = this.model, positions = this.positions, size = this.size;
    positions.forEach(function (column, c) {
      var text = c === 0 ? "inputs" : (c === positions.length - 1 ? "output" : "layer " + (c - 1)) +
        " \u00b7 " + model.layers[c - 1].activation;
      T.svg("text", {x: column[0][0] + size / 2, y: 14, "class": "column-label", "text-anchor": "middle"}, svg)
        .textContent = text;
    });
  };

  Diagram.prototype.drawInputs = function (nodes, plane) {
    var size = this.size, self = this;
    this.positions[0].forEach(function (at, i) {
      var unit = T.svg("g", {"class": "unit input", id: "input-" + i, transform: "translate(" + at + ")"}, nodes);
      T.svg("text", {x: -6, y: size / 2 + 4, "class": "input-name", "text-anchor": "end"}, unit).textContent = "x" + i;
      if (plane) {  // the feature itself over the plane: left to right for x0, bottom to top for x1
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

  Diagram.prototype.drawLayers = function (lines, hits, nodes, handlers) {
    var self = this, size = this.size;
    this.model.layers.forEach(function (layer, l) {
      layer.neurons.forEach(function (neuron, j) {
        var to = self.positions[l + 1][j];
        neuron.w.forEach(function (name, i) {
          var from = self.positions[l][i], x1 = from[0] + size, y1 = from[1] + size / 2;
          var x2 = to[0], y2 = to[1] + size / 2, bend = (x2 - x1) / 2;
          var d = "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 +
            "," + y2;
          self.lines[name] = T.svg("path", {d: d, "class": "weight", "data-name": name}, lines);
          self.listen(T.svg("path", {d: d, "class": "hit", "data-name": name}, hits), name, handlers);
        });
        var id = "neuron-" + l + "-" + j;
        var unit = T.svg("g", {"class": "unit neuron", id: id, transform: "translate(" + to + ")"}, nodes);
        var where = neuron.b.replace(/\.?b$/, "") || "the neuron";  // layers.1.neurons.3.b -> layers.1.neurons.3
        T.svg("title", {}, unit).textContent = where + " (" + layer.activation + "): click for its chain rule";
        self.units[l + "-" + j] = self.pictures
          ? T.svg("image", {width: size, height: size, preserveAspectRatio: "none"}, unit)
          : T.svg("circle", {cx: size / 2, cy: size / 2, r: size / 2, "class": "dot"}, unit);
        T.svg("rect", {width: size, height: size, rx: 3, "class": "frame"}, unit);
        unit.addEventListener("click", function () { handlers.neuron(l, j); });
        var bias = T.svg("circle", {cx: -4, cy: size - 3, r: 3, "class": "bias", "data-name": neuron.b}, unit);
        self.biases[neuron.b] = bias;
        self.listen(bias, neuron.b, handlers);
      });
    });
  };

  Diagram.prototype.listen = function (element, name, handlers) {
    element.addEventListener("mouseenter", function () { handlers.hover(name); });
    element.addEventListener("mouseleave", function () { handlers.hover(null); });
    element.addEventListener("click", function (event) { event.stopPropagation(); handlers.select(name); });
  };

  // Weights of one epoch: sign as colour, size as width and opacity (relative to the largest of the run).
  Diagram.prototype.showWeights = function (parameters, largest) {
    var self = this;
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
      bias.setAttribute("class", "bias " + (b >= 0 ? "positive" : "negative"));
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
        self.units[l + "-" + j].setAttribute("href", canvas.toDataURL());
      });
    });
  };

  Diagram.prototype.showPoint = function (forward) {
    var self = this;
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
    Object.keys(lines).forEach(function (name) { lines[name].classList.toggle("chosen", name === weight); });
    Object.keys(biases).forEach(function (name) { biases[name].classList.toggle("chosen", name === weight); });
    if (lines[weight]) lines[weight].parentNode.appendChild(lines[weight]);  // drawn last: on top
    this.svg.querySelectorAll(".unit.neuron").forEach(function (unit) {
      unit.classList.toggle("chosen", !!neuron && unit.id === "neuron-" + neuron[0] + "-" + neuron[1]);
    });
  };
}(Theater));
