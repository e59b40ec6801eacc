// network.js: the model's arithmetic, from the recorded weights, in float64 with the engine's formulas.
// z = x0*w0 + x1*w1 + ... + b summed left to right (autograd.linear); the activations and their
// slopes as autograd/ops.py states them (the stable sigmoid included); one point's loss and its
// gradient as nn/losses.py computes them for a batch of one. Nothing here draws: a later in-page
// trainer (an engine generated from ops.py's rules) would replace this file and keep the others.
(function (T) {
  "use strict";

  function sigmoid(z) {  // e = exp(-|z|) <= 1 never overflows
    var e = Math.exp(-Math.abs(z)), s = 1 / (1 + e);
    return z >= 0 ? s : e * s;
  }
  T.sigmoid = sigmoid;

  // f(z) and its slope da/dz, written from the output a where the rule does (1 - a*a for tanh).
  T.activations = {
    tanh: {f: Math.tanh, slope: function (z, a) { return 1 - a * a; }, slopeText: "1 - a\u00b2"},
    relu: {f: function (z) { return 0 >= z ? 0 : z; }, slope: function (z) { return z > 0 ? 1 : 0; },
           slopeText: "1 if z > 0 else 0"},
    sigmoid: {f: sigmoid, slope: function (z, a) { return a * (1 - a); }, slopeText: "a(1 - a)"},
    linear: {f: function (z) { return z; }, slope: function () { return 1; }, slopeText: "1"}
  };

  function softplus(z) { return (0 >= z ? 0 : z) + Math.log1p(Math.exp(-Math.abs(z))); }
  function hingeSign(y) { return y === 0 ? -1 : y; }  // hinge reads 0/1 labels as -1/+1
  var BCE_EPS = 1e-12;  // nn.losses.bce clamps p to [eps, 1 - eps]

  // One point's loss L(output, y) and dL/d(each output): what the chain rule starts from.
  T.losses = {
    bce_with_logits: {
      value: function (o, y) { return softplus(o[0]) - o[0] * y; },
      grad: function (o, y) { return [sigmoid(o[0]) - y]; },
      formula: "L = softplus(z) - y z;  dL/dz = p - y with p = sigmoid(z)"
    },
    bce: {
      value: function (o, y) {
        var p = Math.min(Math.max(o[0], BCE_EPS), 1 - BCE_EPS);
        return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
      },
      grad: function (o, y) {
        var p = o[0];
        return [p < BCE_EPS || p > 1 - BCE_EPS ? 0 : -y / p + (1 - y) / (1 - p)];
      },
      formula: "L = -(y ln p + (1 - y) ln(1 - p));  dL/dp = -y/p + (1 - y)/(1 - p)"
    },
    mse: {
      value: function (o, y) { return (o[0] - y) * (o[0] - y); },
      grad: function (o, y) { return [2 * (o[0] - y)]; },
      formula: "L = (a - y)\u00b2;  dL/da = 2(a - y)"
    },
    hinge: {
      value: function (o, y) { var t = 1 - hingeSign(y) * o[0]; return 0 >= t ? 0 : t; },
      grad: function (o, y) { return [1 - hingeSign(y) * o[0] > 0 ? -hingeSign(y) : 0]; },
      formula: "L = max(0, 1 - y s) with y = \u00b11;  dL/ds = -y while 1 - y s > 0, else 0"
    },
    cross_entropy: {
      value: function (o, y) { var s = softmaxParts(o); return s.largest + Math.log(s.total) - o[y]; },
      grad: function (o, y) {
        var s = softmaxParts(o);
        return s.exps.map(function (e, k) { return e / s.total - (k === y ? 1 : 0); });
      },
      formula: "L = ln \u03a3 e^z - z[y];  dL/dz_k = softmax_k - (1 if k = y else 0)"
    }
  };

  function softmaxParts(o) {  // the largest logit first, so no exponential overflows
    var largest = o[0];
    for (var k = 1; k < o.length; k++) largest = largest >= o[k] ? largest : o[k];
    var exps = o.map(function (z) { return Math.exp(z - largest); }), total = exps[0];
    for (k = 1; k < exps.length; k++) total = total + exps[k];
    return {largest: largest, exps: exps, total: total};
  }

  function Network(model, lossName) {
    this.layers = model.layers;
    this.loss = T.losses[lossName];
  }
  T.Network = Network;

  // The weights of one epoch, layer by layer: [{w: [numbers], b: number, names: {...}}].
  Network.prototype.weights = function (parameters) {
    return this.layers.map(function (layer) {
      return layer.neurons.map(function (neuron) {
        return {w: neuron.w.map(function (name) { return parameters[name]; }), b: parameters[neuron.b]};
      });
    });
  };

  Network.prototype.forward = function (weights, x) {  // z and a of every neuron, layer by layer
    var zs = [], as = [], inputs = x, layers = this.layers;
    for (var l = 0; l < layers.length; l++) {
      var act = T.activations[layers[l].activation], z = [], a = [];
      for (var j = 0; j < weights[l].length; j++) {
        var neuron = weights[l][j], total = inputs[0] * neuron.w[0];
        for (var i = 1; i < inputs.length; i++) total = total + inputs[i] * neuron.w[i];
        total = total + neuron.b;
        z.push(total);
        a.push(act.f(total));
      }
      zs.push(z); as.push(a); inputs = a;
    }
    return {x: x, z: zs, a: as};
  };

  // One point's chain rule: forward, loss, then dL/da and dL/dz of every neuron from the output down,
  // and each parameter's dL/dw = dL/dz * (its input), by name.
  Network.prototype.backward = function (weights, x, y) {
    var f = this.forward(weights, x), layers = this.layers, last = layers.length - 1;
    var dA = [], dZ = [], grads = {};
    dA[last] = this.loss.grad(f.a[last], y);
    for (var l = last; l >= 0; l--) {
      var act = T.activations[layers[l].activation], inputs = l > 0 ? f.a[l - 1] : x;
      dZ[l] = dA[l].map(function (g, j) {  // a linear unit has no activation node: dL/dz is dL/da itself
        return layers[l].activation === "linear" ? g : g * act.slope(f.z[l][j], f.a[l][j]);
      });
      layers[l].neurons.forEach(function (neuron, j) {
        neuron.w.forEach(function (name, i) { grads[name] = dZ[l][j] * inputs[i]; });
        grads[neuron.b] = dZ[l][j] * 1;
      });
      if (l > 0) {
        dA[l - 1] = inputs.map(function (_, i) {
          var total = 0;
          for (var j = 0; j < weights[l].length; j++) total += dZ[l][j] * weights[l][j].w[i];
          return total;
        });
      }
    }
    return {forward: f, loss: this.loss.value(f.a[last], y), dA: dA, dZ: dZ, grads: grads};
  };

  // Every neuron's activation at every cell centre of the plane: grid[l][j] is a Float64Array,
  // row 0 at the top (largest y), as an image is stored.
  Network.prototype.grid = function (weights, plane) {
    var n = plane.resolution, cells = n * n, layers = this.layers;
    var grid = layers.map(function (layer, l) {
      return weights[l].map(function () { return new Float64Array(cells); });
    });
    var points = T.gridPoints(plane);
    for (var c = 0; c < cells; c++) {
      var f = this.forward(weights, points[c]);
      for (var l = 0; l < layers.length; l++) {
        for (var j = 0; j < f.a[l].length; j++) grid[l][j][c] = f.a[l][j];
      }
    }
    return grid;
  };

  T.gridPoints = function (plane) {  // cell centres, row by row from the top
    var n = plane.resolution, points = [];
    var dx = (plane.x[1] - plane.x[0]) / n, dy = (plane.y[1] - plane.y[0]) / n;
    for (var row = 0; row < n; row++) {
      for (var col = 0; col < n; col++) points.push([plane.x[0] + (col + 0.5) * dx, plane.y[1] - (row + 0.5) * dy]);
    }
    return points;
  };

  // The mean over the training points of their own gradients: the full-data gradient the page embeds.
  Network.prototype.meanGradient = function (weights, X, y) {
    var sums = {}, self = this;
    X.forEach(function (x, i) {
      var grads = self.backward(weights, x, y[i]).grads;
      Object.keys(grads).forEach(function (name) { sums[name] = (sums[name] || 0) + grads[name]; });
    });
    Object.keys(sums).forEach(function (name) { sums[name] /= X.length; });
    return sums;
  };
}(Theater));
