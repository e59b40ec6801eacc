// pictures.js: the plane as heatmaps (the model's output with the points and the p = 0.5 line on it, each
// neuron's activation), its axes, and the loss and accuracy curves. One colour language throughout: red for
// positive values and class 1, blue for negative values and class 0, white at zero (or p = 0.5); classes are
// told by shape as well (circle, square, triangle, ...), for readers who do not tell red from blue.
// Charts and axes are drawn in the pixels they have, and drawn again when that changes (T.watch).
(function (T) {
  "use strict";
  var SVG = document.querySelector("svg").namespaceURI;  // taken from the page: it holds no address at all
  var RED = [200, 50, 47], BLUE = [29, 95, 208], WHITE = [247, 247, 245];
  // Class k's colour: 0 blue and 1 red as everywhere, then green, amber, violet, cyan, pink, grey.
  T.classColours = [BLUE, RED, [21, 128, 61], [217, 119, 6], [124, 58, 237], [8, 145, 178], [190, 24, 93],
                    [90, 90, 90]];
  // Class k's shape, by a regular polygon's corners and turn (0 corners: a circle), its size across relative to a
  // circle's of the same area, and its sign for the keys; the classes after the fifth take the shapes again.
  T.classShapes = [{corners: 0, radius: 0.5, sign: "\u25cf"}, {corners: 4, turn: 0.125, radius: 0.63, sign: "\u25a0"},
                   {corners: 3, turn: 0, radius: 0.72, sign: "\u25b2"}, {corners: 4, turn: 0, radius: 0.66, sign: "\u25c6"},
                   {corners: 3, turn: 0.5, radius: 0.72, sign: "\u25bc"}];
  T.shapeOf = function (k) { return T.classShapes[k % T.classShapes.length]; };
  T.svg = function (tag, attributes, parent) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(element);
    return element;
  };

  // Redraw `element` whenever its size changes: one observer for the page, the newest redraw per element.
  var watched = [], observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { if (entry.target.redraw) entry.target.redraw(); });
  }) : null;
  T.watch = function (element, redraw) {
    if (!element.redraw) {
      watched.push(element);
      if (observer) observer.observe(element); else window.addEventListener("resize", function () { element.redraw(); });
    }
    element.redraw = redraw;
  };
  T.relayout = function () { watched.forEach(function (element) { element.redraw(); }); };  // e.g. new text sizes

  // The font size (px) CSS gives an SVG text of `className` inside `svg`.
  T.fontSize = function (svg, className) {
    var probe = T.svg("text", {"class": className}, svg), size = parseFloat(getComputedStyle(probe).fontSize);
    svg.removeChild(probe);
    return size || 12;
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

  // A point's mark at (x, y), `size` across: class k's shape and colour (a label that is no class: a circle
  // coloured by its value, relative to `largest`; null: a plain dark circle).
  T.drawMark = function (parent, x, y, size, label, largest, attributes) {
    var whole = label === Math.round(label) && label >= 0, shape = whole ? T.shapeOf(label) : T.classShapes[0];
    var fill = label === null ? "#374151" : whole ? T.css(T.classColours[label % T.classColours.length])
      : T.css(T.colour(label / largest));
    var mark, corners = [];
    if (!shape.corners) {
      mark = T.svg("circle", {cx: x, cy: y, r: size * shape.radius}, parent);
    } else {
      for (var c = 0; c < shape.corners; c++) {
        var angle = 2 * Math.PI * (c / shape.corners + shape.turn) - Math.PI / 2, r = size * shape.radius;
        corners.push((x + r * Math.cos(angle)).toFixed(1) + "," + (y + r * Math.sin(angle)).toFixed(1));
      }
      mark = T.svg("polygon", {points: corners.join(" ")}, parent);
    }
    mark.setAttribute("fill", fill);
    Object.keys(attributes).forEach(function (key) { mark.setAttribute(key, attributes[key]); });
    return mark;
  };

  // The training (and validation) points over the boundary picture, clickable, in 0..1000 coordinates; the
  // chosen one is moved to the end, drawn over its neighbours; the plane's axes around it.
  T.drawPoints = function (svg, data, plane, onClick) {
    var size = 1000, toX = function (x) { return (x - plane.x[0]) / (plane.x[1] - plane.x[0]) * size; };
    var toY = function (y) { return (plane.y[1] - y) / (plane.y[1] - plane.y[0]) * size; };
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    var largest = Math.max.apply(null, data.y.map(Math.abs).concat([1e-12])), validation = data.validation;
    if (validation) {
      validation.X.forEach(function (x, i) {  // hollow: drawn in its class's colour, filled with nothing
        var ring = T.drawMark(svg, toX(x[0]), toY(x[1]), 24, validation.y[i], largest, {"class": "validation"});
        ring.setAttribute("stroke", ring.getAttribute("fill"));
        ring.setAttribute("fill", "none");
      });
    }
    data.X.forEach(function (x, i) {
      var point = T.drawMark(svg, toX(x[0]), toY(x[1]), 26, data.y[i], largest, {id: "point-" + i, "class": "point"});
      T.svg("title", {}, point).textContent = "point #" + i + ": x = (" + T.fixed(x[0]) + ", " + T.fixed(x[1]) +
        "), y = " + data.y[i] + " (click for its chain rule)";
      point.addEventListener("click", function () { onClick(i); });
    });
    if (!svg.dataset.onTop && window.MutationObserver) {  // the chosen point over its neighbours
      svg.dataset.onTop = "yes";
      new MutationObserver(function (changes) {
        changes.forEach(function (change) {
          if (change.target.classList.contains("chosen") && change.target !== svg.lastChild) svg.appendChild(change.target);
        });
      }).observe(svg, {attributes: true, attributeFilter: ["class"], subtree: true});
    }
    T.drawAxes(svg.parentNode, plane);
  };

  // Ticks at round numbers (1, 2 or 5 times a power of ten), about `count` of them over [low, high].
  T.ticks = function (low, high, count) {
    var rough = (high - low) / count, power = Math.pow(10, Number(rough.toExponential().split("e")[1]));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (s) { return s >= rough; })[0];
    var ticks = [];
    for (var v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  };

  // x0 across and x1 up, with round ticks, around the square of the plane's picture inside `box` (.plane).
  T.drawAxes = function (box, plane) {
    var axes = box.querySelector("svg.axes") || T.svg("svg", {"class": "axes", "aria-hidden": "true"}, box);
    T.watch(box, function () {
      var canvas = box.querySelector("canvas"), left = canvas.offsetLeft, top = canvas.offsetTop, side = canvas.offsetWidth;
      if (!side) return;
      axes.setAttribute("viewBox", "0 0 " + box.clientWidth + " " + box.clientHeight);
      axes.textContent = "";
      var font = T.fontSize(axes, "tick"), count = Math.max(2, Math.floor(side / (5 * font)));
      T.ticks(plane.x[0], plane.x[1], count).forEach(function (v) {
        var x = left + (v - plane.x[0]) / (plane.x[1] - plane.x[0]) * side;
        T.svg("line", {x1: x, x2: x, y1: top + side, y2: top + side + 4, "class": "axis"}, axes);
        T.svg("text", {x: x, y: top + side + 5 + font, "text-anchor": "middle", "class": "tick"}, axes).textContent = v;
      });
      T.ticks(plane.y[0], plane.y[1], count).forEach(function (v) {
        var y = top + (plane.y[1] - v) / (plane.y[1] - plane.y[0]) * side;
        T.svg("line", {x1: left - 4, x2: left, y1: y, y2: y, "class": "axis"}, axes);
        T.svg("text", {x: left - 6, y: y + font / 3, "text-anchor": "end", "class": "tick"}, axes).textContent = v;
      });
      T.svg("text", {x: left + side, y: top + side + 5 + 2 * font, "text-anchor": "end", "class": "axis-name"}, axes)
        .textContent = "x0 \u2192";
      T.svg("text", {x: left - 6, y: top - 4, "text-anchor": "end", "class": "axis-name"}, axes).textContent = "x1 \u2191";
    });
    box.redraw();
  };

  // One curve chart: epochs 0..last across, the series' range up; click picks the nearest epoch. Drawn in the
  // svg's own pixels, again when they change; a legend names the series only when there are two with data.
  T.drawCurve = function (svg, series, last, options) {
    svg.chart = {series: series, last: last, options: options, epoch: svg.chart ? svg.chart.epoch : last};
    T.watch(svg, function () { drawChart(svg); });
    drawChart(svg);
    return function mark(epoch) {
      svg.chart.epoch = epoch;
      if (svg.chart.marker) svg.chart.marker(epoch);
    };
  };
  T.seriesNames = {training: "training", validation: "validation"};  // classroom.js: "test" for a test split

  function drawChart(svg) {
    // the drawn size to the fraction of a pixel (clientWidth rounds), so 1 unit of the viewBox is 1 px of text
    var chart = svg.chart, options = chart.options, last = chart.last, size = svg.getBoundingClientRect();
    var width = size.width, height = size.height;
    if (!width || !height) return;  // hidden: drawn when shown
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.textContent = "";
    var values = [], drawn = chart.series.filter(function (s) {
      var some = s.values.filter(function (v) { return v !== null && v !== undefined; });
      values = values.concat(some);
      return some.length > 0;
    });
    var low = options.low !== undefined ? options.low : Math.min.apply(null, values.concat([0]));
    var high = options.high !== undefined ? options.high : Math.max.apply(null, values.concat([1e-9])) * 1.05;
    var font = T.fontSize(svg, "tick"), labels = [low, (low + high) / 2, high].map(function (v) {
      return [v, options.percent ? Math.round(100 * v) + "%" : v.toFixed(high < 0.1 ? 3 : 2)];
    });
    var texts = labels.map(function (label) {
      var text = T.svg("text", {"class": "tick", "text-anchor": "end"}, svg);
      text.textContent = label[1];
      return text;
    });
    var left = Math.ceil(Math.max.apply(null, texts.map(function (t) { return t.getBBox().width; }))) + 10;
    var right = 10, top = font + 10, bottom = font + 8;
    var x = function (epoch) { return left + epoch / Math.max(last, 1) * (width - left - right); };
    var y = function (v) { return top + (high - v) / (high - low || 1) * (height - top - bottom); };
    labels.forEach(function (label, k) {
      svg.insertBefore(T.svg("line", {x1: left, x2: width - right, y1: y(label[0]), y2: y(label[0]), "class": "grid"}),
                       svg.firstChild);
      texts[k].setAttribute("x", left - 5);
      texts[k].setAttribute("y", y(label[0]) + font / 3);
    });
    T.svg("text", {x: left, y: font, "class": "chart-title"}, svg).textContent = options.title;
    drawn.forEach(function (s) {
      var points = [];
      s.values.forEach(function (v, epoch) { if (v !== null && v !== undefined) points.push(x(epoch) + "," + y(v)); });
      T.svg("polyline", {points: points.join(" "), "class": "curve " + s.kind}, svg);
    });
    if (drawn.length > 1) legend(svg, drawn, width - right, font);
    T.svg("text", {x: width - right, y: height - 3, "class": "tick", "text-anchor": "end"}, svg).textContent =
      "epoch " + last;
    T.svg("text", {x: left, y: height - 3, "class": "tick"}, svg).textContent = "0";
    var marker = T.svg("line", {y1: top - 4, y2: height - bottom, "class": "marker"}, svg);
    chart.marker = function (epoch) { marker.setAttribute("x1", x(epoch)); marker.setAttribute("x2", x(epoch)); };
    chart.marker(chart.epoch);
    T.svg("rect", {x: left, y: 0, width: Math.max(0, width - left - right), height: height, "class": "catcher"}, svg)
      .addEventListener("click", function (event) {
        var box = svg.getBoundingClientRect(), at = (event.clientX - box.left) / box.width * width;
        options.onPick(Math.max(0, Math.min(last, Math.round((at - left) / (width - left - right) * last))));
      });
  }

  function legend(svg, drawn, right, font) {  // right-aligned on the title's line: a line sample, then its name
    var names = drawn.map(function (s) {
      var name = T.svg("text", {y: font, "class": "legend"}, svg);
      name.textContent = T.seriesNames[s.kind] || s.kind;
      return name;
    });
    var at = right - names.reduce(function (sum, name) { return sum + name.getBBox().width + 32; }, 0) + 8;
    drawn.forEach(function (s, k) {
      T.svg("line", {x1: at, x2: at + 18, y1: font * 0.65, y2: font * 0.65, "class": "curve " + s.kind}, svg);
      names[k].setAttribute("x", at + 23);
      at += names[k].getBBox().width + 32;
    });
  }

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
