// pictures.js: the plane as heatmaps (the model's output with the points and the p = 0.5 line on it,
// each neuron's activation) and the loss and accuracy curves. One colour language throughout: red for positive
// values and class 1, blue for negative values and class 0, white at zero (or p = 0.5).
(function (T) {
  "use strict";
  var SVG = document.querySelector("svg").namespaceURI;  // taken from the page: it holds no address at all
  var RED = [200, 50, 47], BLUE = [29, 95, 208], WHITE = [247, 247, 245];
  // Class k's colour: 0 blue and 1 red as everywhere, then green, amber, violet, cyan, pink, grey.
  T.classColours = [BLUE, RED, [21, 128, 61], [217, 119, 6], [124, 58, 237], [8, 145, 178], [190, 24, 93],
                    [90, 90, 90]];

  T.svg = function (tag, attributes, parent) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(element);
    return element;
  };

  // v in [-1, 1] -> [r, g, b]: blue through white to red; `fade` in [0, 1] moves it towards white.
  T.colour = function (v, fade) {
    var t = Math.max(-1, Math.min(1, v)), end = t < 0 ? BLUE : RED;
    var share = Math.pow(Math.abs(t), 0.8) * (1 - (fade || 0));
    return [0, 1, 2].map(function (k) { return Math.round(WHITE[k] + (end[k] - WHITE[k]) * share); });
  };
  T.css = function (rgb) { return "rgb(" + rgb.join(",") + ")"; };

  // How a neuron's activation a is coloured: tanh's a as it is, in [-1, 1]; a sigmoid's (0, 1) centred on 1/2;
  // relu and linear units divided by their largest |a| over the plane.
  T.scaleFor = function (activation, values) {
    if (activation === "sigmoid") return function (a) { return 2 * a - 1; };
    if (activation === "tanh") return function (a) { return a; };
    var largest = 1e-12;
    for (var i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
    return function (a) { return a / largest; };
  };

  // One output read as "how much class 1", 0.5 on the boundary: what the big picture shows.
  T.classShare = function (lossName) {
    if (lossName === "bce") return function (o) { return o[0]; };
    if (lossName === "mse") return function (o) { return Math.max(0, Math.min(1, o[0])); };
    return function (o) { return T.compute("sigmoid", o[0]); };  // a logit, or a score read by its sign
  };

  // Paint n x n values (row 0 at the top) on a canvas, through `toUnit` (value -> [-1, 1]).
  T.paint = function (canvas, values, n, toUnit, fade) {
    if (canvas.width !== n) { canvas.width = n; canvas.height = n; }
    var context = canvas.getContext("2d"), image = context.createImageData(n, n);
    for (var c = 0; c < n * n; c++) {
      var rgb = T.colour(toUnit(values[c]), fade);
      image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * c);
    }
    context.putImageData(image, 0, 0);
    return canvas;
  };

  // Several classes: each cell in the colour of its most likely class, paler where the model is less sure.
  // outputs[k] holds class k's logit at every cell.
  T.paintClasses = function (canvas, outputs, n, fade) {
    if (canvas.width !== n) { canvas.width = n; canvas.height = n; }
    var context = canvas.getContext("2d"), image = context.createImageData(n, n), k = outputs.length;
    for (var c = 0; c < n * n; c++) {
      var logits = outputs.map(function (values) { return values[c]; }), largest = Math.max.apply(null, logits);
      var total = logits.reduce(function (sum, z) { return sum + T.compute("exp", z - largest); }, 0);
      var best = logits.indexOf(largest);
      var sure = Math.max(0, (1 / total - 1 / k) / (1 - 1 / k)), end = T.classColours[best % T.classColours.length];
      for (var rgb = 0; rgb < 3; rgb++) {
        image.data[4 * c + rgb] = Math.round(WHITE[rgb] + (end[rgb] - WHITE[rgb]) * Math.pow(sure, 0.8) * (1 - fade));
      }
      image.data[4 * c + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  };

  // The training (and validation) points over the boundary picture, as clickable SVG circles.
  T.drawPoints = function (svg, data, plane, onClick) {
    var size = 1000, toX = function (x) { return (x - plane.x[0]) / (plane.x[1] - plane.x[0]) * size; };
    var toY = function (y) { return (plane.y[1] - y) / (plane.y[1] - plane.y[0]) * size; };
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    var validation = data.validation;
    var colour = function (label) { return T.css(T.classColours[Math.max(0, label) % T.classColours.length]); };
    if (validation) {
      validation.X.forEach(function (x, i) {
        var ring = {cx: toX(x[0]), cy: toY(x[1]), r: 11, "class": "validation", stroke: colour(validation.y[i])};
        T.svg("circle", ring, svg);
      });
    }
    data.X.forEach(function (x, i) {
      var circle = T.svg("circle", {cx: toX(x[0]), cy: toY(x[1]), r: 13, id: "point-" + i, "class": "point",
                                    fill: colour(data.y[i])}, svg);
      T.svg("title", {}, circle).textContent = "point #" + i + ": x = (" + T.formatNumber(x[0]) + ", " +
        T.formatNumber(x[1]) + "), y = " + data.y[i] + " (click for its chain rule)";
      circle.addEventListener("click", function () { onClick(i); });
    });
  };

  // One curve chart: epochs 0..last across, the series' range up; click picks the nearest epoch.
  T.drawCurve = function (svg, series, last, options) {  // laid out in the svg's own pixels
    var width = svg.clientWidth || 340, height = svg.clientHeight || 120, left = 40, right = 10, top = 16, bottom = 20;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.textContent = "";
    var values = [];
    series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null) values.push(v); }); });
    var low = options.low !== undefined ? options.low : Math.min.apply(null, values.concat([0]));
    var high = options.high !== undefined ? options.high : Math.max.apply(null, values.concat([1e-9])) * 1.05;
    var x = function (epoch) { return left + epoch / Math.max(last, 1) * (width - left - right); };
    var y = function (v) { return top + (high - v) / (high - low || 1) * (height - top - bottom); };
    [low, (low + high) / 2, high].forEach(function (v) {
      T.svg("line", {x1: left, x2: width - right, y1: y(v), y2: y(v), "class": "grid"}, svg);
      T.svg("text", {x: left - 5, y: y(v) + 4, "class": "tick", "text-anchor": "end"}, svg).textContent =
        options.percent ? Math.round(100 * v) + "%" : v.toFixed(high < 0.1 ? 3 : 2);
    });
    T.svg("text", {x: left, y: 11, "class": "chart-title"}, svg).textContent = options.title;
    series.forEach(function (s) {
      var points = [];
      s.values.forEach(function (v, epoch) { if (v !== null) points.push(x(epoch) + "," + y(v)); });
      if (points.length) T.svg("polyline", {points: points.join(" "), "class": "curve " + s.kind}, svg);
    });
    var end = T.svg("text", {x: width - right, y: height - 5, "class": "tick", "text-anchor": "end"}, svg);
    end.textContent = "epoch " + last;
    T.svg("text", {x: left, y: height - 5, "class": "tick"}, svg).textContent = "0";
    var marker = T.svg("line", {y1: top - 4, y2: height - bottom, "class": "marker"}, svg);
    T.svg("rect", {x: left, y: 0, width: width - left - right, height: height, "class": "catcher"}, svg)
      .addEventListener("click", function (event) {
        var box = svg.getBoundingClientRect(), at = (event.clientX - box.left) / box.width * width;
        options.onPick(Math.max(0, Math.min(last, Math.round((at - left) / (width - left - right) * last))));
      });
    return function mark(epoch) { marker.setAttribute("x1", x(epoch)); marker.setAttribute("x2", x(epoch)); };
  };

  // The decision boundary as a line: where the n x n values (row 0 at the top) cross `level`, by
  // marching squares with linear interpolation, in the 0..1000 coordinates of the points' picture.
  T.contour = function (values, n, level) {
    var cell = 1000 / n, parts = [];
    function at(row, col) { return values[row * n + col] - level; }
    function cross(r1, c1, r2, c2) {  // where the line from one cell centre to the next crosses the level
      var a = at(r1, c1), b = at(r2, c2), t = a / (a - b);
      return [((c1 + t * (c2 - c1)) + 0.5) * cell, ((r1 + t * (r2 - r1)) + 0.5) * cell];
    }
    for (var row = 0; row < n - 1; row++) {
      for (var col = 0; col < n - 1; col++) {
        var corners = [[row, col], [row, col + 1], [row + 1, col + 1], [row + 1, col]], found = [];
        for (var k = 0; k < 4; k++) {
          var p = corners[k], q = corners[(k + 1) % 4];
          if ((at(p[0], p[1]) >= 0) !== (at(q[0], q[1]) >= 0)) found.push(cross(p[0], p[1], q[0], q[1]));
        }
        for (k = 0; k + 1 < found.length; k += 2) {
          var a = found[k], b = found[k + 1];
          parts.push("M" + a[0].toFixed(1) + "," + a[1].toFixed(1) + "L" + b[0].toFixed(1) + "," + b[1].toFixed(1));
        }
      }
    }
    return parts.join("");
  };
}(Theater));
