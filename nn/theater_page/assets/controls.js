// controls.js: the training settings on screen, and their check for scripts. T.checkSettings checks a change as
// nn.playground checks its keywords (the same names and limits: the page's JSON gives them), with an Error that
// says what was given and what would do; the controls offer only what it accepts, and show the settings again
// after every change, wherever it came from.
(function (T) {
  "use strict";
  var KEYWORDS = T.KEYWORDS = ["dataset", "points", "noise", "test_fraction", "layers", "activation", "optimizer", "lr", "momentum",
                  "weight_decay", "batch_size", "shuffle", "seed"];  // nn.playground's, in its order
  var RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  var BATCHES = [null, 1, 2, 5, 10, 20, 50, 100];
  var DECAYS = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1];
  function byId(id) { return document.getElementById(id); }
  function shown(value) { return typeof value === "string" ? JSON.stringify(value) : String(JSON.stringify(value)); }

  function number(name, value, limits, options) {  // autograd.arguments.check_number / check_count, in the page
    var whole = options && options.whole, example = name + "=" + (options && options.example);
    if (typeof value !== "number" || (whole && !Number.isInteger(value))) {
      throw new TypeError(name + " must be " + (whole ? "a whole number" : "a number") + ", e.g. " + example +
                          "; got " + typeof value + " " + shown(value) + ".");
    }
    var low = options && options.lowOpen ? value > limits[0] : value >= limits[0];
    var high = options && options.highOpen ? value < limits[1] : value <= limits[1];
    if (!isFinite(value) || !low || !high) {
      throw new RangeError(name + " must be in " + (options && options.lowOpen ? "(" : "[") + limits[0] + ", " +
                           limits[1] + (options && options.highOpen ? ")" : "]") + ", e.g. " + example + "; got " +
                           shown(value) + ".");
    }
    return value;
  }
  function choice(name, value, choices) {
    if (choices.indexOf(value) < 0) {
      throw new (typeof value === "string" ? RangeError : TypeError)(name + " must be one of " +
        choices.map(shown).join(", ") + "; got " + shown(value) + ".");
    }
    return value;
  }

  // A change of settings, checked against the page's limits and choices; returns it (plus model, kept as given).
  T.checkSettings = function (changes, live, own, current) {
    if (!changes || typeof changes !== "object" || Array.isArray(changes)) {
      throw new TypeError("set() takes an object of settings, e.g. set({lr: 0.3}); got " + shown(changes) + ".");
    }
    var limits = live.limits, known = KEYWORDS.concat(["loss", "model"]), checked = {};
    Object.keys(changes).forEach(function (key) {
      if (known.indexOf(key) < 0) {
        throw new RangeError("set() knows the settings " + known.join(", ") + "; got " + shown(key) + ".");
      }
    });
    var c = changes, datasets = live.datasets.concat(own ? ["run"] : []);
    var checks = {
      dataset: function (v) { return choice("dataset", v, datasets); },
      points: function (v) { return number("points", v, limits.points, {whole: true, example: 200}); },
      noise: function (v) { return number("noise", v, limits.noise, {example: 0.1}); },
      test_fraction: function (v) { return number("test_fraction", v, limits.test_fraction, {example: 0.2}); },
      layers: function (v) {
        if (!Array.isArray(v)) throw new TypeError("layers must be a list of widths, e.g. layers=[4, 4]; got " + shown(v) + ".");
        number("the number of hidden layers", v.length, limits.layers, {whole: true, example: 2});
        return v.map(function (w, i) { return number("layers[" + i + "]", w, limits.width, {whole: true, example: 4}); });
      },
      activation: function (v) { return choice("activation", v, live.activations); },
      optimizer: function (v) { return choice("optimizer", v, ["sgd", "adam"]); },
      lr: function (v) { return number("lr", v, limits.lr, {lowOpen: true, example: 0.1}); },
      momentum: function (v) { return number("momentum", v, limits.momentum, {highOpen: true, example: 0.9}); },
      weight_decay: function (v) { return number("weight_decay", v, limits.weight_decay, {example: 0.001}); },
      batch_size: function (v) {
        return v === null ? null : number("batch_size", v, limits.batch_size, {whole: true, example: 10});
      },
      shuffle: function (v) {
        if (typeof v !== "boolean") throw new TypeError("shuffle must be true or false; got " + shown(v) + ".");
        return v;
      },
      seed: function (v) { return number("seed", v, limits.seed, {whole: true, example: 0}); },
      loss: function (v) { return choice("loss", v, Object.keys(live.losses)); },
      model: function (v) { return v; }  // read by T.readModel, which says what is wrong with it
    };
    Object.keys(c).forEach(function (key) { checked[key] = checks[key](c[key]); });
    var merged = Object.assign({}, current, checked);
    if (merged.optimizer === "adam" && merged.momentum) {
      if ("momentum" in c) {
        throw new RangeError("momentum is SGD's setting; Adam keeps its own running mean (betas 0.9, 0.999). " +
                             "Pass optimizer: \"sgd\" with momentum, or momentum: 0.");
      }
      checked.momentum = 0;  // switching to Adam leaves SGD's momentum behind
    }
    return checked;
  };

  // The page's controls: filled from the settings, and each change handed to `apply` (a checked change).
  T.Controls = function (trainer, apply) {
    var live = trainer.live, self = this;
    this.trainer = trainer;
    var datasets = byId("set-dataset");
    live.datasets.concat(trainer.own ? ["run"] : []).forEach(function (name) {
      T.option(datasets, name, name === "run" ? "the run's own data" : name);
    });
    live.activations.forEach(function (name) { T.option(byId("set-activation"), name, name); });
    Object.keys(live.losses).forEach(function (name) { T.option(byId("set-loss"), name, name); });
    byId("set-loss").disabled = Object.keys(live.losses).length < 2;  // class logits: cross_entropy only
    var send = function (change) {  // a typed number out of range is refused with the checker's words
      try { apply(change); } catch (error) { T.say(error.message); }
      self.refresh();
    };
    ["dataset", "activation", "loss"].forEach(function (key) {
      byId("set-" + key).addEventListener("change", function (event) { send(single(key, event.target.value)); });
    });
    ["points", "noise", "test_fraction", "seed", "momentum"].forEach(function (key) {
      byId("set-" + key).addEventListener("change", function (event) {
        send(single(key, event.target.value === "" ? null : Number(event.target.value)));
      });
    });
    ["lr", "weight_decay", "batch_size"].forEach(function (key) {
      byId("set-" + key).addEventListener("change", function (event) { send(single(key, JSON.parse(event.target.value))); });
    });
    byId("set-shuffle").addEventListener("change", function (event) { send({shuffle: event.target.checked}); });
    byId("set-optimizer").addEventListener("change", function (event) {
      var kind = event.target.value, momentum = trainer.settings.momentum;
      send(kind === "adam" ? {optimizer: "adam", momentum: 0}
        : {optimizer: "sgd", momentum: kind === "momentum" ? momentum || 0.9 : 0});
    });
    byId("layer-editor").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-change]");
      if (!button) return;
      var layers = trainer.settings.layers.slice(), at = Number(button.dataset.layer), how = button.dataset.change;
      if (how === "add") layers.push(layers.length ? layers[layers.length - 1] : 4);
      if (how === "remove") layers.pop();
      if (how === "wider") layers[at] += 1;
      if (how === "narrower") layers[at] -= 1;
      send({layers: layers});
    });
    this.refresh();
  };
  function single(key, value) { var change = {}; change[key] = value; return change; }

  T.option = function (select, value, text) {
    var option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    select.appendChild(option);
    return option;
  };

  function offer(select, values, current, text) {  // a select of `values`, with the current one among them
    select.textContent = "";
    var all = values.indexOf(current) < 0 ? values.concat([current]) : values;
    all.slice().sort(function (a, b) { return a === null ? -1 : b === null ? 1 : a - b; }).forEach(function (value) {
      T.option(select, JSON.stringify(value), text(value));
    });
    select.value = JSON.stringify(current);
  }

  // Show the trainer's settings (after any change, from the controls or from a script).
  T.Controls.prototype.refresh = function () {
    var s = this.trainer.settings, limits = this.trainer.live.limits;
    ["dataset", "points", "noise", "test_fraction", "seed", "activation", "loss", "momentum"].forEach(function (key) {
      byId("set-" + key).value = s[key];
    });
    ["noise", "points", "test_fraction"].forEach(function (key) { byId("set-" + key).disabled = s.dataset === "run"; });
    byId("set-shuffle").checked = s.shuffle;
    byId("set-shuffle").disabled = !s.batch_size;
    byId("set-optimizer").value = s.optimizer === "adam" ? "adam" : s.momentum ? "momentum" : "sgd";
    byId("momentum-control").hidden = s.optimizer === "adam" || !s.momentum;
    offer(byId("set-lr"), RATES, s.lr, String);
    offer(byId("set-weight_decay"), DECAYS, s.weight_decay, function (v) { return v ? String(v) : "none"; });
    offer(byId("set-batch_size"), BATCHES, s.batch_size, function (v) { return v === null ? "all (full batch)" : String(v); });
    var editor = byId("layer-editor"), html = "";
    s.layers.forEach(function (width, l) {
      html += '<span class="layer-width">layer ' + l + ': <button type="button" data-change="narrower" data-layer="' + l +
        '" title="one neuron fewer"' + (width <= limits.width[0] ? " disabled" : "") + ">&minus;</button> <b>" + width +
        '</b> <button type="button" data-change="wider" data-layer="' + l + '" title="one neuron more"' +
        (width >= limits.width[1] ? " disabled" : "") + ">+</button></span> ";
    });
    editor.innerHTML = html + '<button type="button" data-change="add"' + (s.layers.length >= limits.layers[1] ?
      " disabled" : "") + '>+ layer</button> <button type="button" data-change="remove"' +
      (s.layers.length <= limits.layers[0] ? " disabled" : "") + ">&minus; layer</button>";
  };
}(Theater));
