// panels.js: the inspector. The weight panel: a weight's value, its gradient at the epoch and the step the
// optimizer takes from there, written out with its numbers (plain SGD's w - lr * grad, momentum's velocity,
// Adam's m, v and bias correction), from the record's "optimizer" (recording.py). The chain-rule panel: one
// point's forward pass neuron by neuron (z, a), its backward pass (dL/da as a sum over the neurons a feeds,
// collapsed to its largest terms when long, dL/dz, each weight's dL/dw = upstream * local), and the way down to
// the chosen neuron's Value graph. Every number carries data-key and data-value (the float, in full) beside its
// printed text, which is T.fixed's: fixed decimals, never an exponent.
(function (T) {
  "use strict";
  var f = function (x, decimals) { return T.fixed(x, decimals); };
  var SHOWN_TERMS = 3;  // a sum of more than SHOWN_TERMS + 1 terms shows its largest few until clicked open
  var open = {sums: false};  // the reader's choice, kept from one drawing of the panel to the next

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function num(value, key, decimals) {
    var sign = value > 0 ? " positive" : value < 0 ? " negative" : "";
    var keyed = key ? ' data-key="' + esc(key) + '"' : "";
    return '<span class="num' + sign + '"' + keyed + ' data-value="' + value + '">' + f(value, decimals) + "</span>";
  }
  function setting(x) {  // a setting (lr 0.02, eps 0.00000001, 1 - beta1 = 0.1): its shortest decimals
    var text = String(Number(x.toPrecision(12))), small = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(text);
    return small ? small[1] + "0." + "0".repeat(Number(small[4]) - 1) + small[2] + (small[3] || "") : text;
  }
  function plain(value, key) {  // a setting, keyed
    return '<span data-key="' + key + '" data-value="' + value + '">' + setting(value) + "</span>";
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
    var place = c.place, w = c.record.parameters[c.name], grad = c.record.grad[c.name];
    var into = T.neuronName(c.model, place.layer, place.neuron);
    var from = place.bias ? "the bias of " + into : "from " + (place.layer === 0 ? "input x" + place.input
      : T.neuronName(c.model, place.layer - 1, place.input)) + " into " + into;
    var html = '<div class="weight-name">' + esc(c.name) + '</div><div class="role">' + esc(from) + "</div>" +
      '<table class="facts"><tr>' + cells(["at epoch " + c.epoch, "w = " + num(w, "w")]) + "</tr><tr>" +
      cells(["gradient", "dL/dw = " + num(grad, "grad")]) + "</tr></table>" +
      '<p class="note">the mean of every training point\'s own dL/dw (' + c.samples + " points), at epoch " +
      c.epoch + "'s weights</p>" + (c.next ? stepBox(c, w, grad) + nextEpoch(c, w) : "");
    if (c.point !== null && c.pass) {
      var below = place.layer === 0 ? c.pass.forward.x : c.pass.forward.a[place.layer - 1];
      var input = place.bias ? 1 : below[place.input], upstream = c.pass.dZ[place.layer][place.neuron];
      html += '<div class="point-part">for point #' + c.point + " alone: dL/dw = dL/dz * " +
        (place.bias ? "1" : T.inputName(place.layer, place.input)) + " = " + T.term(upstream) + " * " +
        T.term(input) + " = " + num(c.pass.grads[c.name], "point-grad") + "</div>";
    }
    element.innerHTML = html;
  };

  // The step from this epoch's weights, as the optimizer takes it (the record's optimizer: its state now), on
  // this epoch's full-data gradient. Without that record (an optimizer the page does not know): w - lr * grad.
  function stepBox(c, w, grad) {
    var o = c.record.optimizer, lr = o ? o.lr : c.record.next_lr, rate = setting(lr);
    var plainLine = "w - lr * grad = " + f(w) + " - " + rate + " * " + T.term(grad) + " = " + num(w - lr * grad, "w_new");
    if (!o) {
      return '<div class="update">next gradient-descent step, lr = ' + plain(lr, "lr") + ":<br><code>w_new = " +
        plainLine + "</code></div>";
    }
    var g = o.weight_decay ? grad + o.weight_decay * w : grad, lines = [], name = o.weight_decay ? "g" : "dL/dw";
    if (o.weight_decay) {
      lines.push("g = dL/dw + weight_decay * w = " + f(grad) + " + " + setting(o.weight_decay) + " * " + T.term(w) +
                 " = " + num(g, "g"));
    }
    var head, stepped;
    if (o.kind === "adam") {
      head = "Adam's step " + (o.steps + 1) + ", lr = " + plain(lr, "lr") + ", \u03b21 = " + setting(o.betas[0]) +
        ", \u03b22 = " + setting(o.betas[1]) + ", \u03b5 = " + setting(o.eps);
      stepped = adamLines(lines, o, c.name, w, g, name);
    } else if (o.momentum) {
      var velocity = o.state.velocity[c.name], b = o.momentum * velocity + g;
      head = "SGD with momentum " + setting(o.momentum) + ", lr = " + plain(lr, "lr");
      lines.push("velocity b = momentum * b + " + name + " = " + setting(o.momentum) + " * " + T.term(velocity) +
                 " + " + T.term(g) + " = " + num(b, "velocity"));
      stepped = w - lr * b;
      lines.push("w_new = w - lr * b = " + f(w) + " - " + rate + " * " + T.term(b) + " = " + num(stepped, "step-w"));
    } else {
      head = "gradient descent, lr = " + plain(lr, "lr");
      stepped = w - lr * g;
      lines.push("w_new = w - lr * " + name + " = " + f(w) + " - " + rate + " * " + T.term(g) + " = " +
                 num(stepped, "step-w"));
    }
    var compare = o.kind === "sgd" && !o.momentum && !o.weight_decay ? ""
      : '<div class="compare">plain gradient descent would give ' + plainLine + "</div>";
    return '<div class="update"><div class="update-head">the next step: ' + head + "</div><code>" +
      lines.join("<br>") + "</code>" + compare + "</div>";
  }

  // Adam's update, its numbers written out: returns the new w. v is the mean of squared gradients (tiny): 8 decimals.
  function adamLines(lines, o, name, w, g, gName) {
    var t = o.steps + 1, b1 = o.betas[0], b2 = o.betas[1], m0 = o.state.mean[name], v0 = o.state.square[name];
    var m = b1 * m0 + (1 - b1) * g, v = b2 * v0 + (1 - b2) * g * g;
    var c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t), mHat = m / c1, vHat = v / c2;
    var root = Math.sqrt(vHat), stepped = w - o.lr * mHat / (root + o.eps);
    lines.push("m = \u03b21 * m + (1 - \u03b21) * " + gName + " = " + setting(b1) + " * " + T.term(m0) + " + " +
               setting(1 - b1) + " * " + T.term(g) + " = " + num(m, "adam-m"));
    lines.push("v = \u03b22 * v + (1 - \u03b22) * " + gName + "\u00b2 = " + setting(b2) + " * " + T.term(v0, 8) + " + " +
               setting(1 - b2) + " * " + T.term(g * g, 8) + " = " + num(v, "adam-v", 8));
    lines.push("bias correction, step t = " + t + ": m\u0302 = m / (1 - \u03b21^t) = " + T.term(m) + " / " +
               f(c1) + " = " + num(mHat, "adam-m-hat") + ", v\u0302 = v / (1 - \u03b22^t) = " + num(vHat, "adam-v-hat", 8));
    lines.push("w_new = w - lr * m\u0302 / (\u221av\u0302 + \u03b5) = " + f(w) + " - " + setting(o.lr) + " * " + T.term(mHat) +
               " / (" + num(root, "adam-root-v") + " + \u03b5) = " + num(stepped, "step-w"));
    return stepped;
  }

  function nextEpoch(c, w) {  // where the next epoch really ended, and how many steps took it there
    var actual = c.next.parameters[c.name], steps = c.next.batch_steps, t = c.training;
    var head = '<p class="note">Epoch ' + (c.epoch + 1) + " has w = " + num(actual, "next-w");
    var full = steps === 1 || (steps === undefined && !t.batch_size);
    if (full) return head + ": one full-batch step, exactly this one.</p>";
    var how = steps ? steps + " steps" : Math.ceil(t.samples / t.batch_size) + " steps";
    return head + ": " + how + " on mini-batches of " + t.batch_size + ", each on its batch's own gradient " +
      "(this one is on the whole data's), moved it " + f(actual - w) + ".</p>";
  }

  T.chainPanel = function (element, c) {
    var last = c.model.layers.length - 1, x = c.pass.forward.x.map(function (v) { return f(v); }).join(", ");
    var y = c.y === Math.round(c.y) ? String(c.y) : f(c.y);  // a class as it is, a regression target as a number
    element.innerHTML = '<div class="point-head">point #' + c.point + ": x = (" + x + "), y = " + esc(y) +
      ", epoch " + c.epoch + "</div>" +
      '<div class="loss-line">L = ' + num(c.pass.loss, "loss") + ' &nbsp;<span class="formula">' +
      esc(c.lossFormula) + "</span></div>" + outputLine(c, last) + neuronDetail(c) +
      '<div class="table-head">every neuron at this point (click a row to open it above)</div>' + neuronTable(c);
    if (!element.dataset.sums) {  // one listener per panel: a long sum opens and closes on click
      element.dataset.sums = "listening";
      element.addEventListener("click", function (event) {
        var toggle = event.target.closest && event.target.closest(".sum-toggle");
        if (!toggle) return;
        open.sums = !open.sums;
        element.querySelectorAll(".long-sum").forEach(showSum);
      });
    }
    element.querySelectorAll(".long-sum").forEach(showSum);
  };

  function showSum(sum) {
    sum.querySelector(".sum-largest").hidden = open.sums;
    sum.querySelector(".sum-all").hidden = !open.sums;
    sum.querySelector(".sum-toggle").setAttribute("aria-expanded", String(open.sums));
    sum.querySelector(".sum-toggle").title = open.sums ? "show the largest terms only" : "show every term";
  }

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
    return '<div class="table-wrap"><table class="neurons"><thead><tr>' +
      cells(["", "z", "a", "dL/da", "dL/dz"], "th") + "</tr></thead><tbody>" + rows + "</tbody></table></div>";
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
      '<div class="table-wrap"><table class="terms"><thead><tr>' +
      cells(["in", "input", "w", "w * input", "dL/dw = dL/dz * input"], "th") +
      "</tr></thead><tbody>" + rows + "</tbody></table></div></div>";
  }

  // dL/da: from the loss, or summed over the neurons above; a long sum shows its largest terms until clicked.
  function upstreamText(c, l, j, dA) {
    var layers = c.model.layers;
    if (l === layers.length - 1) return "dL/da = " + num(dA, "detail-da") + " from the loss (above)";
    var terms = layers[l + 1].neurons.map(function (neuron, k) {
      var dz = c.pass.dZ[l + 1][k], w = c.record.parameters[neuron.w[j]];
      return {k: k, value: dz * w, text: T.term(dz) + " * " + T.term(w)};
    });
    var count = terms.length, head = "dL/da = \u03a3 over the " + count + " neuron" + (count > 1 ? "s" : "") +
      " a feeds of dL/dz_k * w_k = ";
    var term = function (t) {
      return '<span class="term" data-key="term:' + t.k + '" data-value="' + t.value + '" title="neuron ' + t.k +
        " of the layer above: " + f(t.value) + '">' + t.text + "</span>";
    };
    if (count <= SHOWN_TERMS + 1) {
      return head + '<span class="sum">' + terms.map(term).join(" + ") + "</span> = " + num(dA, "detail-da");
    }
    var largest = terms.slice().sort(function (p, q) { return Math.abs(q.value) - Math.abs(p.value) || p.k - q.k; })
      .slice(0, SHOWN_TERMS);
    return head + '<span class="long-sum"><button type="button" class="sum-toggle" aria-expanded="false">' +
      "\u03a3 of " + count + " terms</button> " +
      '<span class="sum sum-largest">largest: ' + largest.map(term).join(" + ") + " + \u2026 (" +
      (count - SHOWN_TERMS) + " more)</span>" +
      '<span class="sum sum-all" hidden>' + terms.map(term).join(" + ") + "</span></span> = " + num(dA, "detail-da");
  }
}(Theater));
