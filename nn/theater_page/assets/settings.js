// settings.js: what a change of settings does to the trainer (trainer.js). Data, shape, loss, model or seed: a new
// start, a new document (T.live.onReset): new data keeps the weights, a new shape or seed draws them anew, a
// model file brings its own. Optimizer, learning rate, momentum, weight decay, batch size, shuffle: training goes
// on as it is, from the next step, and the newest record says so (its next_lr and optimizer are the next step's).
// And the document's "training" and subtitle, which say what the panels and the header show of the settings.
(function (T) {
  "use strict";
  var Trainer = T.Trainer;

  // Apply settings (checked by controls.js); true when that makes a new document (a new start: new data, shape,
  // loss, model or seed), false when training goes on as it is (optimizer, lr, momentum, weight decay, batches).
  Trainer.prototype.change = function (changes) {
    var s = this.settings, old = JSON.parse(JSON.stringify(s)), features = this.network.inputs;
    var differs = function (keys) {
      return keys.some(function (key) { return key in changes && JSON.stringify(changes[key]) !== JSON.stringify(old[key]); });
    };
    var reshape = differs(["layers", "activation"]), reseed = differs(["seed"]);
    Object.keys(changes).forEach(function (key) { if (key !== "model") s[key] = changes[key]; });
    var data = differs(["dataset", "points", "noise", "test_fraction"]) || (reseed && s.dataset !== "run");
    if (changes.model) {
      var read = T.readModel(changes.model), config = read.file.config;
      if (read.network.output_kind !== this.network.output_kind || config.n_inputs !== features) {
        throw new RangeError("this page trains a model of " + features + " inputs with a " + this.network.output_kind +
                             " output; the file's is " + read.network.description + ". Write a page for it with " +
                             "nn.theater or nn.playground.");
      }
      s.layers = read.file["class"] === "MLP" ? config.sizes.slice(0, -1) : [];
      if (read.file["class"] === "MLP") s.activation = config.activation;
      this.start(read.file, read.numbers, !data);
      T.live.onReset(this.data);
      return true;
    }
    if (reshape || reseed || data || differs(["loss"])) {  // a new start: from the seed, or from these weights
      var inputs = !data ? features : s.dataset === "run" ? this.own.X[0].length : 2;
      var file = reshape || inputs !== features ? this.shapeFile(inputs) : this.file;
      this.start(file, file !== this.file || reseed ? null : this.params, !data);
      T.live.onReset(this.data);
      return true;
    }
    var o = this.optimizer;
    if (s.optimizer !== o.kind) this.optimizer = this.makeOptimizer(null);
    o = this.optimizer;
    o.lr = s.lr;
    o.momentum = s.optimizer === "sgd" ? s.momentum : 0;
    o.weight_decay = s.weight_decay;
    var last = this.data.epochs[this.data.epochs.length - 1];
    if (this.cursor === 0) {  // the newest record says what the next step will use: it does now
      last.next_lr = o.lr;
      last.optimizer = this.optimizerState();
    }
    this.describe();
    return false;
  };

  // Reset: new first weights from the seed, the same data and settings, no epochs yet.
  Trainer.prototype.reset = function () {
    this.start(this.file, null, true);
    T.live.onReset(this.data);
  };

  // The model the controls describe: an MLP of the settings' hidden layers, with the page's output layer.
  Trainer.prototype.shapeFile = function (inputs) {
    var outputs = this.network.layers[this.network.layers.length - 1].neurons.length;
    return {"class": "MLP", config: {n_inputs: inputs, sizes: this.settings.layers.concat([outputs]),
                                     activation: this.settings.activation,
                                     output_activation: this.live.output_activation}};
  };

  // The document's "training" (what the panels say of it) and its subtitle, from the settings now.
  Trainer.prototype.describe = function () {
    var s = this.settings, o = this.optimizer, adam = o.kind === "adam", n = this.samples.X.length;
    var training = {optimizer: adam ? "Adam" : "SGD",
                    settings: adam ? {betas: o.betas.slice(), eps: o.eps, weight_decay: o.weight_decay}
                      : {momentum: o.momentum, weight_decay: o.weight_decay},
                    plain_gradient_descent: !adam && !o.momentum && !o.weight_decay && !s.batch_size,
                    batch_size: s.batch_size, samples: n, schedule: null, loss: s.loss,
                    diverged_at: this.data.training.diverged_at || null};
    Object.keys(training).forEach(function (key) { this.data.training[key] = training[key]; }, this);
    var what = s.dataset === "run" ? "the run's " + n + " training points" : n + " points of " + s.dataset +
      " (noise " + s.noise + ")";
    this.data.subtitle = what + (this.test ? " and " + this.test.X.length + " test points" : "") + ", loss " +
      s.loss + ", " + training.optimizer + (o.momentum ? " with momentum " + o.momentum : "") + " (lr " + o.lr +
      (o.weight_decay ? ", weight decay " + o.weight_decay : "") + ") on " +
      (s.batch_size ? "mini-batches of " + s.batch_size + (s.shuffle ? ", shuffled" : ", in order") : "the full batch");
  };
}(Theater));
