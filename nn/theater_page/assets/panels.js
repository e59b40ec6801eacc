// panels.js: the inspector. The weight panel: a weight's value, its gradient at the epoch and the
// gradient-descent step written out with the numbers. The chain-rule panel: one point's forward pass
// neuron by neuron (z, a), its backward pass (dL/da as a sum over the neurons a feeds, dL/dz, each
// weight's dL/dw = upstream * local), and the way down to the chosen neuron's Value graph.
// Every number carries data-key and data-value (the float, in full) beside its printed text.
(function (T) {
  "use strict";
  var f = function (x) { return T.formatNumber(x); };

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function num(value, key) {
    var sign = value > 0 ? " positive" : value < 0 ? " negative" : "";
    var keyed = key ? ' data-key="' + esc(key) + '"' : "";
    return '<span class="num' + sign + '"' + keyed + ' data-value="' + value + '">' + f(value) + "</span>";
  }
  function cells(values, tag) {
    var name = tag || "td";
    return values.map(function (value) { return "<" + name + ">" + value + "</" + name + ">"; }).join("");
  }
  T.num = num;

  // Where each parameter sits: {layer, neuron, input} for a weight, {layer, neuron, bias: true} for a bias.
  T.placeParameters = function (model) {
    var places = {};
    model.layers.forEach(function (layer, l) {
      layer.neurons.forEach(function (neuron, j) {
        neuron.w.forEach(function (name, i) { places[name] = {layer: l, neuron: j, input: i}; });
        places[neuron.b] = {layer: l, neuron: j, bias: true};
      });
    });
    return places;
  };

  T.neuronName = function (model, l, j) {
    var layers = model.layers.length, width = model.layers[l].neurons.length;
    if (layers === 1 && width === 1) return "the neuron";
    if (l === layers - 1) return width === 1 ? "the output neuron" : "output neuron " + j;
    return "layer " + l + ", neuron " + j;
  };
  T.inputName = function (l, i) { return (l === 0 ? "x" : "h") + i; };  // h: the layer below's activations

  T.weightPanel = function (element, c) {
    if (!c.name) {
      element.innerHTML = '<p class="hint">Hover a line or a bias dot in the network; click to keep it.</p>';
      return;
    }
    var place = c.place, w = c.record.parameters[c.name], grad = c.record.grad[c.name], lr = c.record.next_lr;
    var into = T.neuronName(c.model, place.layer, place.neuron), stepped = w - lr * grad;
    var from = place.bias ? "the bias of " + into : "from " + (place.layer === 0 ? "input x" + place.input
      : T.neuronName(c.model, place.layer - 1, place.input)) + " into " + into;
    var html = '<div class="weight-name">' + esc(c.name) + '</div><div class="role">' + esc(from) + "</div>" +
      '<table class="facts"><tr>' + cells(["at epoch " + c.epoch, "w = " + num(w, "w")]) + "</tr><tr>" +
      cells(["gradient", "dL/dw = " + num(grad, "grad")]) + "</tr></table>" +
      '<p class="note">the mean of every training point\'s own dL/dw (' + c.samples + " points), at epoch " +
      c.epoch + "'s weights</p>" +
      '<div class="update">next gradient-descent step, lr = <span data-key="lr">' + lr + "</span>:<br><code>" +
      "w_new = w_old - lr * grad = " + f(w) + " - " + lr + " * " + T.term(grad) + " = " + num(stepped, "w_new") +
      "</code></div>" + nextEpoch(c, w, stepped);
    if (c.point !== null) {
      var below = place.layer === 0 ? c.pass.forward.x : c.pass.forward.a[place.layer - 1];
      var input = place.bias ? 1 : below[place.input], upstream = c.pass.dZ[place.layer][place.neuron];
      html += '<div class="point-part">for point #' + c.point + " alone: dL/dw = dL/dz * " +
        (place.bias ? "1" : T.inputName(place.layer, place.input)) + " = " + T.term(upstream) + " * " +
        T.term(input) + " = " + num(c.pass.grads[c.name], "point-grad") + "</div>";
    }
    element.innerHTML = html;
  };

  function nextEpoch(c, w, stepped) {  // what the optimizer really did in the next epoch
    if (!c.next) return '<p class="note">This is the last epoch: no step follows.</p>';
    var actual = c.next.parameters[c.name], t = c.training;
    var head = '<p class="note">Epoch ' + (c.epoch + 1) + " has w = " + num(actual, "next-w");
    if (t.plain_gradient_descent) return head + ": plain SGD on the full batch takes exactly this step.</p>";
    var how = t.batch_size ? Math.ceil(t.samples / t.batch_size) + " steps on mini-batches of " + t.batch_size
      : "one full-batch step";
    var scaled = t.optimizer === "SGD" ? "" : ", each scaled its own way";
    return head + ": " + esc(t.optimizer) + " took " + how + scaled + ", so this weight moved " + f(actual - w) +
      " instead of " + f(stepped - w) + ".</p>";
  }

  T.chainPanel = function (element, c) {
    var last = c.model.layers.length - 1, x = c.pass.forward.x.map(f).join(", ");
    element.innerHTML = '<div class="point-head">point #' + c.point + ": x = (" + x + "), y = " + esc(c.y) +
      ", epoch " + c.epoch + "</div>" +
      '<div class="loss-line">L = ' + num(c.pass.loss, "loss") + ' &nbsp;<span class="formula">' +
      esc(c.lossFormula) + "</span></div>" + outputLine(c, last) + neuronDetail(c) +
      '<div class="table-head">every neuron at this point (click a row to open it above)</div>' + neuronTable(c);
  };

  function outputLine(c, last) {  // where the backward pass starts: dL/d(output)
    var o = c.pass.forward.a[last], g = c.pass.dA[last], head = '<div class="loss-line">at the output: ';
    if (c.lossName === "bce_with_logits") {
      var p = T.compute("sigmoid", o[0]);  // the sigmoid rule's forward
      return head + "dL/dz = p - y = " + f(p) + " - " + c.y + " = " + num(g[0], "output-grad") +
        " &nbsp;(p = sigmoid(z))</div>";
    }
    if (c.lossName === "bce" && c.model.layers[last].activation === "sigmoid") {
      return head + "dL/dp = " + num(g[0], "output-grad") + ", and through the sigmoid dL/dz = dL/dp * dp/dz = " +
        "p - y = " + f(o[0]) + " - " + c.y + " = " + f(c.pass.dZ[last][0]) + "</div>";
    }
    return head + g.map(function (value, k) {
      return "dL/da" + (g.length > 1 ? k : "") + " = " + num(value, "output-grad" + (g.length > 1 ? "-" + k : ""));
    }).join(", ") + "</div>";
  }

  function neuronTable(c) {  // z, a, dL/da, dL/dz of every neuron; a row opens its detail
    var forward = c.pass.forward, rows = "";
    c.model.layers.forEach(function (layer, l) {
      var title = (l === c.model.layers.length - 1 ? "output" : "layer " + l) + " \u00b7 " + layer.activation;
      rows += '<tr class="layer-row"><td colspan="5">' + title + "</td></tr>";
      layer.neurons.forEach(function (_, j) {
        var chosen = c.neuron && c.neuron[0] === l && c.neuron[1] === j ? " chosen" : "", at = ":" + l + ":" + j;
        rows += '<tr class="neuron-row' + chosen + '" data-layer="' + l + '" data-neuron="' + j + '">' +
          cells([j, num(forward.z[l][j], "z" + at), num(forward.a[l][j], "a" + at), num(c.pass.dA[l][j], "dA" + at),
                 num(c.pass.dZ[l][j], "dZ" + at)]) + "</tr>";
      });
    });
    return '<table class="neurons"><thead><tr>' + cells(["", "z", "a", "dL/da", "dL/dz"], "th") + "</tr></thead>" +
      "<tbody>" + rows + "</tbody></table>";
  }

  function neuronDetail(c) {  // the chosen neuron: forward, backward, and each weight's upstream * local
    if (!c.neuron) return "";
    var l = c.neuron[0], j = c.neuron[1], layer = c.model.layers[l], neuron = layer.neurons[j], pass = c.pass;
    var inputs = l === 0 ? pass.forward.x : pass.forward.a[l - 1], z = pass.forward.z[l][j], a = pass.forward.a[l][j];
    var dZ = pass.dZ[l][j], dA = pass.dA[l][j], rows = "";
    neuron.w.forEach(function (name, i) {
      var w = c.record.parameters[name];
      rows += "<tr>" + cells([T.inputName(l, i), f(inputs[i]), f(w), f(w * inputs[i]),
                              num(pass.grads[name], "grad:" + name)]) + "</tr>";
    });
    var b = c.record.parameters[neuron.b];
    rows += "<tr>" + cells(["b", "1", f(b), f(b), num(pass.grads[neuron.b], "grad:" + neuron.b)]) + "</tr>";
    var activation = layer.activation === "linear" ? ", a = z" : ", a = " + layer.activation + "(z) = " +
      num(a, "detail-a");
    var slope = layer.activation === "linear" ? "dL/dz = dL/da = " + num(dZ, "detail-dz")
      : "dL/dz = dL/da * da/dz = " + T.term(dA) + " * " + '<span data-key="detail-slope" data-value="' +
        pass.slopes[l][j] + '">' + T.term(pass.slopes[l][j]) + "</span> = " +
        num(dZ, "detail-dz") + ' &nbsp;<span class="formula rule">' + layer.activation + ": " +
        esc(c.formulas[layer.activation]) + "</span>";
    return '<div class="detail"><div class="detail-head">' + esc(T.neuronName(c.model, l, j)) + " \u00b7 " +
      layer.activation + ' <button type="button" id="explore-neuron">Its Value graph, step by step \u2197</button>' +
      "</div>" +
      '<div class="formula-line">forward: z = ' + (l === 0 ? "x" : "h") + "\u00b7w + b = " + num(z, "detail-z") +
      activation + "</div>" +
      '<div class="formula-line">backward: ' + upstreamText(c, l, j, dA) + "</div>" +
      '<div class="formula-line">' + slope + "</div>" +
      '<table class="terms"><thead><tr>' + cells(["in", "input", "w", "w * input", "dL/dw = dL/dz * input"], "th") +
      "</tr></thead><tbody>" + rows + "</tbody></table></div>";
  }

  function upstreamText(c, l, j, dA) {  // dL/da: from the loss, or summed over the neurons above
    var layers = c.model.layers;
    if (l === layers.length - 1) return "dL/da = " + num(dA, "detail-da") + " from the loss (above)";
    var terms = layers[l + 1].neurons.map(function (neuron, k) {
      return T.term(c.pass.dZ[l + 1][k]) + " * " + T.term(c.record.parameters[neuron.w[j]]);
    });
    return "dL/da = \u03a3 over the " + terms.length + " neuron" + (terms.length > 1 ? "s" : "") +
      " a feeds of dL/dz_k * w_k = " + '<span class="sum">' + terms.join(" + ") + "</span> = " + num(dA, "detail-da");
  }
}(Theater));
