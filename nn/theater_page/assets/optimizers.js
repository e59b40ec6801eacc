// optimizers.js: nn/optim.py's SGD and Adam, as the page trains with them: the same update formulas in the same
// order of operations (they are updates, not derivatives), all or nothing as nn's step is (a number that would
// not be finite changes nothing and says what overflowed), and their state as a record keeps it (recording.py).
//   SGD:  g = grad + weight_decay * w;  b = momentum * b + g;  w -= lr * b  (w -= lr * g without momentum)
//   Adam: g = grad + weight_decay * w;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g g;
//         w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
(function (T) {
  "use strict";
  var WORDS = {velocity: "momentum", mean: "mean gradient", square: "squared gradient", value: "value"};

  // An optimizer of `settings` ({optimizer: "sgd" | "adam", lr, momentum, weight_decay, betas, eps}) for `count`
  // parameters, or the one a record saved (its kind, settings, step count and state by name).
  T.makeOptimizer = function (settings, saved, names) {
    var count = names.length, zeros = function () { return new Float64Array(count); };
    var from = function (vector) {
      return vector ? Float64Array.from(names, function (name) { return vector[name]; }) : zeros();
    };
    if (saved) {
      return {kind: saved.kind, lr: saved.lr, momentum: saved.momentum || 0, betas: saved.betas || [0.9, 0.999],
              eps: saved.eps || 1e-8, weight_decay: saved.weight_decay, steps: saved.steps,
              velocity: from(saved.state.velocity), mean: from(saved.state.mean), square: from(saved.state.square)};
    }
    return {kind: settings.optimizer, lr: settings.lr, momentum: settings.optimizer === "sgd" ? settings.momentum : 0,
            betas: settings.betas.slice(), eps: settings.eps, weight_decay: settings.weight_decay, steps: 0,
            velocity: zeros(), mean: zeros(), square: zeros()};
  };

  // One step: the new weights (a new array), with the optimizer's state moved on; nothing changes on a throw.
  T.optimizerStep = function (o, w, grad, names) {
    var n = w.length, t = o.steps + 1, fresh = new Float64Array(n), next = {};
    var b1 = o.betas[0], b2 = o.betas[1], c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
    if (o.kind === "adam") { next.mean = new Float64Array(n); next.square = new Float64Array(n); }
    if (o.kind === "sgd" && o.momentum) next.velocity = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var g = o.weight_decay ? grad[i] + o.weight_decay * w[i] : grad[i], change;
      if (o.kind === "adam") {
        next.mean[i] = b1 * o.mean[i] + (1 - b1) * g;
        next.square[i] = b2 * o.square[i] + (1 - b2) * g * g;
        change = o.lr * (next.mean[i] / c1) / (Math.sqrt(next.square[i] / c2) + o.eps);
      } else if (o.momentum) {
        next.velocity[i] = o.momentum * o.velocity[i] + g;
        change = o.lr * next.velocity[i];
      } else {
        change = o.lr * g;
      }
      fresh[i] = w[i] - change;
    }
    next.value = fresh;
    Object.keys(next).forEach(function (what) { checkFinite(o, what, next[what], grad, names); });
    o.steps = t;
    Object.keys(next).forEach(function (what) { if (what !== "value") o[what] = next[what]; });
    return fresh;
  };

  function checkFinite(o, what, vector, grad, names) {  // nn's StepOverflowError, as a RangeError
    for (var i = 0; i < vector.length; i++) {
      if (!isFinite(vector[i])) {
        throw new RangeError((o.kind === "adam" ? "Adam" : "SGD") + " step " + (o.steps + 1) + ": the " + WORDS[what] +
          " of parameter '" + names[i] + "' would be " + vector[i] + " (grad " + grad[i].toPrecision(3) +
          "); nothing was changed. Training diverged: try a smaller learning rate than " + o.lr + ".");
      }
    }
  }

  // The record's "optimizer": what the next step will use (recording.py's optimizer_state).
  T.optimizerRecord = function (o, names) {
    var adam = o.kind === "adam", byName = function (vector) {
      var named = {};
      names.forEach(function (name, i) { named[name] = vector[i]; });
      return named;
    };
    var state = adam ? {mean: byName(o.mean), square: byName(o.square)}
      : o.momentum ? {velocity: byName(o.velocity)} : {};
    return {kind: o.kind, lr: o.lr, momentum: adam ? null : o.momentum, betas: adam ? o.betas.slice() : null,
            eps: adam ? o.eps : null, weight_decay: o.weight_decay, steps: o.steps, state: state};
  };
}(Theater));
