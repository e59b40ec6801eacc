// trainer.js: training in the page, as nn.fit trains. A batch's gradient is the engine's: each sample's graph
// built as network.js builds it (z = linear(x..., w..., b), a = the activation's rule, the loss as nn/losses.py),
// root.backward() with the seed 1/n, so the parameters' leaves add up the batch's mean gradient, as the mean loss
// (sum of the samples' losses * 1/n) gives it. The graph of a sample is made once per target and reused: its
// inputs are refilled and every node's forward rerun, which gives the same numbers as a new graph. The optimizers'
// updates are nn/optim.py's formulas, in its order of operations (updates, not derivatives: no calculus here).
// Batches: the whole data (batch_size null), or mini-batches in the data's order or, with shuffle, in a fresh
// order each epoch from the page's seeded random numbers. After each epoch a record as recording.py writes it,
// handed to T.live.onEpoch. What a change of settings does is settings.js's.
(function (T, engine) {
  "use strict";
  var rules = engine.rules;
  var MOST_GRAPHS = 64;  // targets with a graph of their own; beyond (a regression's real targets) a graph each time
  var READERS = {  // how accuracy reads a class (nn.outputs): a single output's label is class 1 above one half
    half: function (o, y) { return (o[0] >= 0.5) === (y > 0.5); },
    sign: function (o, y) { return (o[0] >= 0) === (y > 0.5); },
    largest: function (o, y) { return o.indexOf(Math.max.apply(null, o)) === y; }
  };

  function record() { return engine.apply.apply(null, arguments); }
  record.list = function (name, inputs) { return engine.apply.apply(null, [name].concat(inputs)); };

  // One sample's graph for one target, on the trainer's parameter leaves; load(x) reruns every node's forward.
  function Graph(model, leaves, inputs, target) {
    this.inputs = [];
    for (var i = 0; i < inputs; i++) this.inputs.push(engine.constant(0));
    var run = model.run(record, leaves, this.inputs);
    this.outputs = run.a[run.a.length - 1];
    this.root = model.loss.build(record, this.outputs, target);
    this.order = engine.topologicalOrder(this.root);  // sorted once: backward goes through it every sample
    this.calls = this.order.filter(function (node) { return node.rule; }).map(function (node) {
      var rule = rules[node.rule];
      return {node: node, forward: rule.arity ? rule.forward : rule.at(node.parents.length).forward,
              args: new Array(node.parents.length)};
    });
  }
  Graph.prototype.load = function (x) {
    for (var i = 0; i < x.length; i++) this.inputs[i].data = x[i];
    for (var c = 0; c < this.calls.length; c++) {
      var call = this.calls[c], parents = call.node.parents, args = call.args;
      for (var p = 0; p < parents.length; p++) args[p] = parents[p].data;
      var out = call.forward.apply(null, args);
      if (!isFinite(out)) {
        throw new RangeError(call.node.rule + "(" + args.join(", ") + ") is not a finite number: training diverged. " +
                             "Lower the learning rate and press Reset.");
      }
      call.node.data = out;
    }
  };

  // The trainer of one page: `page` is the page's JSON document (its live settings; the run's own data).
  function Trainer(page) {
    this.page = page;
    this.live = page.live;
    this.settings = JSON.parse(JSON.stringify(page.live.settings));
    this.own = page.data;  // the run's data (a theater page), or null (a playground page)
  }
  T.Trainer = Trainer;

  // Take over a document with records (a theater run, or one made here): go on from its last epoch.
  Trainer.prototype.resume = function (data) {
    var last = data.epochs[data.epochs.length - 1], file = data.live.model_file;
    this.useModel(file, data.model, Float64Array.from(T.parameterNames(data.model), function (name) {
      return last.parameters[name];
    }));
    this.useData(data.data);
    this.optimizer = this.makeOptimizer(last.optimizer);
    this.steps = this.optimizer.steps;
    this.shuffler = T.random(this.settings.seed, "order");
    this.data = data;
    this.newEpoch();
    return data;
  };

  // A new document: the data of the settings (kept when `keepData`), the model `file` with `numbers` (null: first
  // weights from the seed), a new optimizer, and epoch 0's record.
  Trainer.prototype.start = function (file, numbers, keepData) {
    var data = keepData ? this.samples.all : T.makeData(this.settings, this.own);
    var network = T.describeModel(file);
    this.useModel(file, network, numbers || T.initialWeights(network, this.settings.seed));
    this.useData(data);
    this.optimizer = this.makeOptimizer(null);
    this.steps = 0;
    this.order = null;
    this.shuffler = T.random(this.settings.seed, "order");
    this.data = {format: 1, title: this.page.title, subtitle: "", model: network, formulas: {},
                 training: {}, data: data, plane: T.planeFor(data, this.live.resolution), epochs: [], live: this.live};
    network.layers.forEach(function (layer) {
      if (layer.activation !== "linear") this.data.formulas[layer.activation] = this.live.formulas[layer.activation];
    }, this);
    this.describe();
    this.newEpoch();
    this.data.epochs.push(this.snapshot(0, null));
    return this.data;
  };

  Trainer.prototype.useModel = function (file, network, numbers) {
    this.file = file;
    this.network = network;
    this.model = new T.Network(network, this.settings.loss);
    this.names = T.parameterNames(network);
    this.params = numbers;
    this.version = 0;  // counts the changes of params: a full-data pass is reused while it is current
    var leaves = this.leaves = this.names.map(function (name) { return new engine.Value(0, name); }), at = 0;
    this.weightLeaves = network.layers.map(function (layer) {
      return layer.neurons.map(function (neuron) {
        var w = leaves.slice(at, at + neuron.w.length);
        at += neuron.w.length + 1;
        return {w: w, b: leaves[at - 1]};
      });
    });
    this.graphs = {};
  };

  Trainer.prototype.useData = function (data) {
    this.samples = {X: data.X, y: data.y, all: data, everything: Array.from(data.X, function (_, i) { return i; })};
    this.test = data.validation;
    this.reader = READERS[this.live.losses[this.settings.loss]] || null;
    this.full = null;
  };

  Trainer.prototype.graphFor = function (target) {
    var graph = this.graphs[target];
    if (graph) return graph;
    graph = new Graph(this.model, this.weightLeaves, this.network.inputs, target);
    if (Object.keys(this.graphs).length < MOST_GRAPHS) this.graphs[target] = graph;
    return graph;
  };

  // The mean loss over the samples `rows` and its gradient (the leaves' grads), with how many it reads right.
  Trainer.prototype.gradient = function (rows, numbers) {
    var leaves = this.leaves, X = this.samples.X, y = this.samples.y, seed = 1 / rows.length, total = 0, correct = 0;
    for (var i = 0; i < leaves.length; i++) { leaves[i].data = numbers[i]; leaves[i].grad = 0; }
    for (var r = 0; r < rows.length; r++) {
      var graph = this.graphFor(y[rows[r]]);
      graph.load(X[rows[r]]);
      graph.root.backward(seed, graph.order);
      total += graph.root.data;
      if (this.reader && this.reader(graph.outputs.map(value), y[rows[r]])) correct++;
    }
    var grad = Float64Array.from(leaves, function (leaf) { return leaf.grad; });
    return {loss: total * (1 / rows.length), grad: grad, correct: correct};
  };
  function value(node) { return node.data; }

  // The loss and accuracy of the weights on other data (the test points), forward only.
  Trainer.prototype.evaluate = function (points) {
    var weights = this.model.weights(this.byName(this.params)), total = 0, correct = 0, model = this.model;
    var last = this.network.layers.length - 1;
    points.X.forEach(function (x, i) {
      var outputs = model.forward(weights, x).a[last];
      total += model.loss.build(T.compute, outputs, points.y[i]);
      if (this.reader && this.reader(outputs, points.y[i])) correct++;
    }, this);
    return {loss: total * (1 / points.X.length), accuracy: this.reader ? correct / points.X.length : null};
  };

  Trainer.prototype.byName = function (numbers) {
    var named = {};
    this.names.forEach(function (name, i) { named[name] = numbers[i]; });
    return named;
  };

  Trainer.prototype.newEpoch = function () {
    this.cursor = 0;
    this.order = null;
    this.epochLoss = 0;
    this.epochCorrect = 0;
    this.epochSteps = 0;
  };

  // One batch: its gradient, one optimizer step. Returns the epoch's record when the batch ends an epoch, else null.
  Trainer.prototype.step = function () {
    var n = this.samples.X.length, size = this.settings.batch_size || n;
    if (!this.order) this.order = this.settings.batch_size && this.settings.shuffle ? this.shuffler.permutation(n) : null;
    var rows = this.order ? this.order.subarray(this.cursor, this.cursor + size)
      : this.samples.everything.slice(this.cursor, this.cursor + size);
    var pass = rows.length === n && this.full && this.full.version === this.version ? this.full
      : this.gradient(rows, this.params);
    this.update(pass.grad);
    this.epochLoss += pass.loss * rows.length;
    this.epochCorrect += pass.correct;
    this.epochSteps++;
    this.steps++;
    this.cursor += rows.length;
    return this.cursor >= n ? this.endEpoch() : null;
  };

  Trainer.prototype.epoch = function () {
    var done = null;
    while (!done) done = this.step();
    return done;
  };

  Trainer.prototype.endEpoch = function () {
    var epochs = this.data.epochs, n = this.samples.X.length;
    var snapshot = this.snapshot(epochs.length, epochs[epochs.length - 1].next_lr);
    snapshot.loss = this.epochLoss / n;
    snapshot.accuracy = this.reader ? this.epochCorrect / n : null;
    if (this.test) {
      var tested = this.evaluate(this.test);
      snapshot.val_loss = tested.loss;
      snapshot.val_accuracy = tested.accuracy;
    }
    snapshot.batch_steps = this.epochSteps;
    this.newEpoch();
    epochs.push(snapshot);
    T.live.onEpoch(snapshot);  // main.js: the views follow
    return snapshot;
  };

  // recording.py's record of the weights as they are: the full-data gradient and loss at them, the optimizer
  // as the next step will find it. The full-data pass is made when the record's grad or loss_at_weights is first
  // read (a record the views never show costs nothing), from the weights and data of the record's own epoch.
  Trainer.prototype.snapshot = function (epoch, lr) {
    var record = {epoch: epoch, parameters: this.byName(this.params), grad: null, loss_at_weights: null, lr: lr,
                  next_lr: this.optimizer.lr, loss: null, accuracy: null, val_loss: null, val_accuracy: null,
                  optimizer: this.optimizerState(), batch_steps: 0};
    var self = this, numbers = this.params, version = this.version;
    function pass() {  // weights so large that a number overflows (before a divergence) have no gradient: null
      var full = self.full && self.full.version === version ? self.full : null;
      try {
        full = full || self.gradient(self.samples.everything, numbers);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
      if (full && version === self.version) { full.version = version; self.full = full; }  // the next full batch's
      set("grad", full && self.byName(full.grad));
      set("loss_at_weights", full && full.loss);
    }
    function set(key, value) {
      Object.defineProperty(record, key, {value: value, enumerable: true, writable: true, configurable: true});
    }
    ["grad", "loss_at_weights"].forEach(function (key) {
      Object.defineProperty(record, key, {enumerable: true, configurable: true,
                                          get: function () { pass(); return record[key]; },
                                          set: function (value) { set(key, value); }});
    });
    return record;
  };

  // After a failed step (a number overflowed): back to the start of the epoch with the lowest loss, the last state
  // known to be good, as fit's guard goes back (nn/divergence.py); the records after it go. Returns that epoch.
  Trainer.prototype.rewind = function () {
    var epochs = this.data.epochs, best = 0, lowest = Infinity, steps = 0;
    for (var e = 1; e < epochs.length; e++) {
      if (epochs[e].loss <= lowest) { lowest = epochs[e].loss; best = e - 1; }  // epoch e starts at record e - 1
    }
    var record = epochs[best];
    epochs.length = best + 1;
    epochs.forEach(function (kept) { steps += kept.batch_steps; });
    this.params = Float64Array.from(this.names, function (name) { return record.parameters[name]; });
    this.version++;
    this.optimizer = this.makeOptimizer(record.optimizer);
    this.steps = steps;
    this.newEpoch();
    return best;
  };

  Trainer.prototype.update = function (grad) {
    this.params = T.optimizerStep(this.optimizer, this.params, grad, this.names);
    this.version++;
  };
  Trainer.prototype.makeOptimizer = function (saved) { return T.makeOptimizer(this.settings, saved, this.names); };
  Trainer.prototype.optimizerState = function () { return T.optimizerRecord(this.optimizer, this.names); };
}(Theater, globalThis.chainruleEngine));
