// classroom.js: what makes the theater ready for a classroom, after main.js has built the views.
// Presentation mode (the Present button, or the key p): text of 16 px and more, the fine print left out
// (theater.css, body.presenting), every chart and the diagram drawn again for the new sizes. After every
// drawing of the page (main.js writes the epoch label each time): the headings and keys say what is shown
// (no accuracy for a regression, shapes as well as colours, "test" for a test split), and a one-feature run
// gets the picture the plane cannot give: the model's output over x, with the points on it.
(function (T) {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var COLOURS = ["blue", "red", "green", "amber", "violet", "cyan", "pink", "grey"];

  // -- presentation mode ------------------------------------------------------------------------------------
  function presenting() { return document.body.classList.contains("presenting"); }
  function present(on) {
    document.body.classList.toggle("presenting", on);
    var button = byId("present");
    if (button) {
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Leave presentation" : "Present";
    }
    T.relayout();  // the charts' and the diagram's text changed size: laid out again
  }
  T.present = present;
  // Listening on the document: the button works wherever and whenever it is put in the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#present")) present(!presenting());
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target, tag = target.tagName;
    if ((event.key !== "p" && event.key !== "P") || event.altKey || event.ctrlKey || event.metaKey) return;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable) return;
    event.preventDefault();
    present(!presenting());
  });

  // -- after every drawing ----------------------------------------------------------------------------------
  function update() {
    var theater = window.theater, data = theater && theater.data;
    if (!data) return;
    var heldOut = data.live && data.live.settings && data.live.settings.test_fraction > 0 ? "test" : "validation";
    if (T.seriesNames.validation !== heldOut) {
      T.seriesNames.validation = heldOut;
      T.relayout();
    }
    headings(data, heldOut);
    var oneFeature = data.data.X.length > 0 && data.data.X[0].length === 1;
    var card = byId("fit-card");
    if (card) card.hidden = !oneFeature;
    if (oneFeature && data.model.layers[data.model.layers.length - 1].neurons.length === 1) drawFit(theater, data);
  }

  function headings(data, heldOut) {
    var chart = byId("accuracy-curve"), accuracy = chart.hidden !== true, curves = byId("curves-card").querySelector("h2");
    // An SVG element's `hidden` is no attribute of its own (main.js sets the property): made one, so CSS sees it.
    if (chart.hasAttribute("hidden") === accuracy) chart.toggleAttribute("hidden", !accuracy);
    set(curves.firstChild, "nodeValue", accuracy ? "Loss and accuracy " : "Loss ");
    set(curves.querySelector(".key"), "textContent", "per epoch \u00b7 click a chart to go to an epoch");
    var key = byId("plane-key"), labels = data.data.y, classes = data.model.layers[data.model.layers.length - 1]
      .neurons.length;
    var whole = labels.every(function (y) { return y === Math.round(y) && y >= 0; });
    var html = !whole ? "colour: y, red high, blue low" : classes > 1
      ? "shape and colour: the class (" + Array.from({length: classes}, function (_, k) {
        return T.shapeOf(k).sign + " " + k + " " + COLOURS[k % COLOURS.length];
      }).join(", ") + "), paler where less sure"
      : '<b class="positive">' + T.shapeOf(1).sign + ' red: class 1</b>, <b class="negative">' + T.shapeOf(0).sign +
        " blue: class 0</b>, line: p = 0.5";
    set(key, "innerHTML", html);
    set(byId("validation-key"), "textContent", ", hollow: " + heldOut + " points");
  }
  function set(element, property, value) {  // only when it changes: no needless layout, no observer echo
    if (element && element[property] !== value) element[property] = value;
  }

  // -- one feature: the model's output over x ---------------------------------------------------------------
  function fitCard() {
    var card = byId("fit-card");
    if (!card) {
      card = document.createElement("div");
      card.id = "fit-card";
      card.className = "card";
      card.innerHTML = '<h2>Output over x <span class="key">the model at this epoch (line) and the training points;' +
        ' click one for its chain rule</span></h2><svg id="fit" role="img" aria-label="the model\'s output over x">' +
        "</svg>";
      byId("middle").insertBefore(card, byId("curves-card"));
    }
    return card;
  }

  function drawFit(theater, data) {
    var svg = fitCard().querySelector("svg");
    T.watch(svg, function () { drawFit(window.theater, window.theater.data); });
    var width = svg.clientWidth, height = svg.clientHeight;
    if (!width || !height) return;
    var xs = data.data.X.map(function (x) { return x[0]; }), ys = data.data.y, network = theater.network;
    var weights = theater.weightsAt(theater.state.epoch), share = T.classShare(data.training.loss);
    var regression = data.training.loss === "mse" && !ys.every(function (y) { return y === 0 || y === 1; });
    var low = Math.min.apply(null, xs), high = Math.max.apply(null, xs), pad = (high - low) * 0.05 || 1;
    var curve = Array.from({length: 121}, function (_, k) {
      var x = low - pad + (high - low + 2 * pad) * k / 120, o = network.forward(weights, [x]).a;
      return [x, regression ? o[o.length - 1][0] : share(o[o.length - 1])];
    });
    var values = ys.concat(curve.map(function (p) { return p[1]; })).filter(isFinite);
    var bottom = Math.min.apply(null, values), top = Math.max.apply(null, values), spread = (top - bottom) * 0.08 || 1;
    var font = T.fontSize(svg, "tick"), left = 5 * font, right = 10, over = 10, under = 2.6 * font;
    var x = function (v) { return left + (v - low + pad) / (high - low + 2 * pad) * (width - left - right); };
    var y = function (v) { return over + (top + spread - v) / (top - bottom + 2 * spread) * (height - over - under); };
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.textContent = "";
    axes(svg, x, y, [low - pad, high + pad], [bottom - spread, top + spread], font, regression ? "y" : "p(class 1)");
    T.svg("polyline", {points: curve.map(function (p) { return x(p[0]) + "," + y(p[1]); }).join(" "),
                       "class": "fit-line", "data-values": JSON.stringify(curve)}, svg);
    var largest = Math.max.apply(null, ys.map(Math.abs).concat([1e-12])), chosen = theater.state.point;
    xs.forEach(function (v, i) {
      if (i === chosen) return;
      point(svg, x(v), y(ys[i]), ys[i], largest, i, regression, "");
    });
    if (chosen !== null && chosen < xs.length) {  // drawn last: on top of its neighbours
      point(svg, x(xs[chosen]), y(ys[chosen]), ys[chosen], largest, chosen, regression, " chosen");
    }
  }

  function point(svg, cx, cy, label, largest, i, regression, chosen) {
    var mark = T.drawMark(svg, cx, cy, 11, regression ? null : label, largest,
                          {id: "fit-point-" + i, "class": "fit-point" + chosen});
    T.svg("title", {}, mark).textContent = "point #" + i + ": y = " + (regression ? T.fixed(label) : label) +
      " (click for its chain rule)";
    mark.addEventListener("click", function () { window.theater.choosePoint(i); });
  }

  function axes(svg, x, y, across, up, font, name) {
    T.ticks(across[0], across[1], 5).forEach(function (v) {
      T.svg("line", {x1: x(v), x2: x(v), y1: y(up[0]), y2: y(up[1]), "class": "grid"}, svg);
      T.svg("text", {x: x(v), y: y(up[0]) + font + 4, "text-anchor": "middle", "class": "tick"}, svg).textContent = v;
    });
    T.ticks(up[0], up[1], 4).forEach(function (v) {
      T.svg("line", {x1: x(across[0]), x2: x(across[1]), y1: y(v), y2: y(v), "class": "grid"}, svg);
      T.svg("text", {x: x(across[0]) - 5, y: y(v) + font / 3, "text-anchor": "end", "class": "tick"}, svg)
        .textContent = v;
    });
    T.svg("text", {x: x(across[1]), y: y(up[0]) + 2 * font + 4, "text-anchor": "end", "class": "axis-name"}, svg)
      .textContent = "x0 \u2192";
    T.svg("text", {x: 4, y: font, "class": "axis-name"}, svg).textContent = name + " \u2191";
  }

  var label = byId("epoch-label");
  if (label && window.MutationObserver) {
    new MutationObserver(update).observe(label, {childList: true, characterData: true, subtree: true});
  }
  update();
}(Theater));
