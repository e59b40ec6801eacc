// network.js: the model's arithmetic, from the recorded weights, done by chainrule's own engine (the script
// autograd.to_javascript() writes from the Python rules, inlined before this file). A point's pass builds the
// point's graph as nn builds it: z = linear(x..., w..., b) per neuron (autograd.linear), a = the activation's
// rule (no node for a linear unit), then the loss as nn/losses.py builds it for a batch of one; root.backward()
// then gives every number the panels show. Nothing here differentiates and nothing here draws: every forward
// and every derivative is a rule's, written out from autograd/ops.
(function (T, engine) {
  "use strict";
  var rules = engine.rules;

  // A rule's forward on plain numbers, recording no node: the pictures of the plane need outputs only.
  function compute(name) {
    return rules[name].forward.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  compute.list = function (name, inputs) {  // a rule of any arity: the function written for this many inputs
    var rule = rules[name];
    return (rule.arity ? rule.forward : rule.at(inputs.length).forward).apply(null, inputs);
  };
  T.compute = compute;

  // The rule recorded as a graph node (engine.apply), for backward. An `op` is compute or record, called as
  // op(name, ...inputs) or op.list(name, inputs): one description of the arithmetic serves numbers and Values.
  function record() { return engine.apply.apply(null, arguments); }
  record.list = function (name, inputs) { return engine.apply.apply(null, [name].concat(inputs)); };
  function meanOfOne(op, term) { return op("*", term, 1 / 1); }  // nn.losses._mean: the sum of 1 term * (1 / 1)
  var BCE_EPS = 1e-12;  // nn.losses.bce clamps p to [eps, 1 - eps]

  // One point's loss from the model's outputs `o` and the target `y`, rule by rule as nn/losses.py applies them;
  // numbers (y, 1 - y, eps) are constants, as the Python numbers are there. `formula` is the text the panel shows.
  T.losses = {
    bce: {
      build: function (op, o, y) {
        var p = op("clamp", o[0], BCE_EPS, 1 - BCE_EPS);
        return meanOfOne(op, op("neg", op("+", op("*", y, op("log", p)), op("*", 1 - y, op("log", op("-", 1, p))))));
      },
      formula: "L = -(y ln p + (1 - y) ln(1 - p));  dL/dp = -y/p + (1 - y)/(1 - p)"
    },
    bce_with_logits: {
      build: function (op, o, y) { return meanOfOne(op, op("-", op("softplus", o[0]), op("*", o[0], y))); },
      formula: "L = softplus(z) - y z;  dL/dz = p - y with p = sigmoid(z)"
    },
    mse: {
      build: function (op, o, y) { return meanOfOne(op, op("*", op("-", o[0], y), op("-", o[0], y))); },
      formula: "L = (a - y)\u00b2;  dL/da = 2(a - y)"
    },
    hinge: {
      build: function (op, o, y) {  // hinge reads 0/1 labels as -1/+1
        return meanOfOne(op, op("relu", op("-", 1, op("*", y === 0 ? -1 : y, o[0]))));
      },
      formula: "L = max(0, 1 - y s) with y = \u00b11;  dL/ds = -y while 1 - y s > 0, else 0"
    },
    cross_entropy: {
      build: function (op, o, y) {  // ln sum e^z - z[y], the largest logit taken out first so no e^z overflows
        var largest = o.length === 1 ? o[0] : op.list("max_of", o);
        var exps = o.map(function (z) { return op("exp", op("-", z, largest)); });
        var total = exps.length === 1 ? exps[0] : op.list("sum", exps);
        return meanOfOne(op, op("-", op("+", largest, op("log", total)), o[y]));
      },
      formula: "L = ln \u03a3 e^z - z[y];  dL/dz_k = softmax_k - (1 if k = y else 0)"
    }
  };

  function Network(model, lossName) {
    this.layers = model.layers;
    this.loss = T.losses[lossName];
  }
  T.Network = Network;

  // The weights of one epoch, layer by layer: [{w: [numbers], b: number}].
  Network.prototype.weights = function (parameters) {
    return this.layers.map(function (layer) {
      return layer.neurons.map(function (neuron) {
        return {w: neuron.w.map(function (name) { return parameters[name]; }), b: parameters[neuron.b]};
      });
    });
  };

  // z and a of every neuron, layer by layer, with `op` on `weights` (numbers, or leaf Values).
  Network.prototype.run = function (op, weights, x) {
    var zs = [], as = [], inputs = x;
    this.layers.forEach(function (layer, l) {
      var z = weights[l].map(function (neuron) { return op.list("linear", inputs.concat(neuron.w, [neuron.b])); });
      var a = layer.activation === "linear" ? z : z.map(function (total) { return op.list(layer.activation, [total]); });
      zs.push(z); as.push(a); inputs = a;
    });
    return {z: zs, a: as};
  };

  // z and a of every neuron, as numbers: run() with plain numbers, written for speed (the pictures call it for
  // every cell of the plane): each layer's linear function for its input count is fetched once (rules' at()),
  // and one argument array is refilled per neuron.
  Network.prototype.forward = function (weights, x) {
    var zs = [], as = [], inputs = x;
    for (var l = 0; l < this.layers.length; l++) {
      var k = inputs.length, weighted = rules.linear.at(2 * k + 1).forward, args = new Array(2 * k + 1);
      var activate = this.layers[l].activation === "linear" ? null : rules[this.layers[l].activation].forward;
      var z = [], a = [];
      for (var i = 0; i < k; i++) args[i] = inputs[i];
      for (var j = 0; j < weights[l].length; j++) {
        var neuron = weights[l][j];
        for (i = 0; i < k; i++) args[k + i] = neuron.w[i];
        args[2 * k] = neuron.b;
        var total = weighted.apply(null, args);
        z.push(total);
        a.push(activate ? activate(total) : total);
      }
      zs.push(z); as.push(a); inputs = a;
    }
    return {x: x, z: zs, a: as};
  };

  Network.prototype.lossAt = function (weights, x, y) {  // one point's loss, no graph
    return this.loss.build(compute, this.forward(weights, x).a[this.layers.length - 1], y);
  };

  // One point's graph, with every parameter a leaf Value named by its dotted name, and root.backward() through it:
  // z and a of every neuron, dL/da and dL/dz (the nodes' grads), da/dz (the activation rule's local derivative),
  // and each parameter's dL/dw (the leaves' grads), by name.
  Network.prototype.backward = function (weights, x, y) {
    var leaves = {}, layers = this.layers;
    var values = weights.map(function (neurons, l) {
      return neurons.map(function (neuron, j) {
        var names = layers[l].neurons[j];
        neuron.w.forEach(function (w, i) { leaves[names.w[i]] = new engine.Value(w, names.w[i]); });
        leaves[names.b] = new engine.Value(neuron.b, names.b);
        return {w: names.w.map(function (name) { return leaves[name]; }), b: leaves[names.b]};
      });
    });
    var graph = this.run(record, values, x), root = this.loss.build(record, graph.a[layers.length - 1], y);
    root.backward();
    var grads = {};
    Object.keys(leaves).forEach(function (name) { grads[name] = leaves[name].grad; });
    var slopes = graph.a.map(function (row, l) {
      return layers[l].activation === "linear" ? null : row.map(localDerivative);
    });
    return {forward: {x: x, z: read(graph.z, data), a: read(graph.a, data)}, loss: root.data,
            dA: read(graph.a, grad), dZ: read(graph.z, grad), slopes: slopes, grads: grads};
  };
  function read(rows, what) { return rows.map(function (row) { return row.map(what); }); }
  function data(node) { return node.data; }
  function grad(node) { return node.grad; }
  function localDerivative(a) { return engine.localDerivatives(a)[0]; }  // da/dz, from the activation rule

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
}(Theater, globalThis.chainruleEngine));
