// surface.js: the page for scripts and for Python. window.chainrule (made by T.scripting): set(settings) with
// nn.playground's keyword names (and loss, and model: a file nn.save wrote), step(n) batches, epoch(n), reset()
// and state(): {model: the JSON nn.save writes, data, settings, steps, history}; modelText() and pythonCode(). The model file as nn.save writes
// it, to download (a Blob: nothing leaves the machine), and the nn code that makes the same settings in Python.
(function (T) {
  "use strict";
  function python(value) {  // a setting as Python source: None, True, "tanh", 0.1, [4, 4]
    if (value === null) return "None";
    if (typeof value === "boolean") return value ? "True" : "False";
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(python).join(", ") + "]";
    return String(value);
  }
  function floating(value) { return T.pythonFloat(value); }
  function rows(X) { return "[" + X.map(function (x) { return "[" + x.join(", ") + "]"; }).join(", ") + "]"; }

  // The model file nn.save would write for the page's model now (its text, byte for byte).
  T.modelFile = function (trainer) {
    return T.modelDocument(trainer.file, trainer.names, trainer.params);
  };

  T.downloadModel = function (trainer) {
    var url = URL.createObjectURL(new Blob([T.modelText(T.modelFile(trainer))], {type: "application/json"}));
    var link = document.createElement("a");
    link.href = url;
    link.download = "model.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  };

  // The nn code of the settings now: the same kind of data and network, trained as the page trains.
  T.pythonCode = function (trainer) {
    var s = trainer.settings, file = trainer.file, c = file.config, data = trainer.samples.all;
    var epochs = Math.max(trainer.data.epochs.length - 1, 1), lines = ["import nn", ""];
    if (s.dataset === "run") {
      lines.splice(0, 0, "import numpy as np");
      lines.push("# the run's own data, as the page holds it",
                 "X = np.array(" + rows(data.X) + ")", "y = np.array(" + python(data.y) + ")");
      if (data.validation) {
        lines.push("X_test = np.array(" + rows(data.validation.X) + ")",
                   "y_test = np.array(" + python(data.validation.y) + ")");
      }
    } else {
      var made = s.dataset === "blobs" ? "nn.make_blobs(" + s.points + ", centers=2, std=" + floating(s.noise)
        : "nn.make_" + s.dataset + "(" + s.points + ", noise=" + floating(s.noise);
      lines.push("# the page draws its own random numbers: the same kind of data and first weights, not the same",
                 "X, y = " + made + ", seed=" + s.seed + ")");
      if (s.test_fraction) {
        lines.push("X, X_test, y, y_test = nn.train_test_split(X, y, test_size=" + floating(s.test_fraction) +
                   ", seed=" + s.seed + ")");
      }
    }
    lines.push(modelLine(file["class"], c, s.seed),
               "# or the page's weights now (its Download model button): model = nn.load(\"model.json\")");
    var o = trainer.optimizer;
    lines.push(o.kind === "adam" ? "optimizer = nn.Adam(model.parameters(), lr=" + floating(o.lr) + ", betas=(" +
               o.betas.map(floating).join(", ") + "), eps=" + o.eps + ", weight_decay=" + floating(o.weight_decay) + ")"
      : "optimizer = nn.SGD(model.parameters(), lr=" + floating(o.lr) + ", momentum=" + floating(o.momentum) +
        ", weight_decay=" + floating(o.weight_decay) + ")");
    lines.push("history = nn.fit(model, X, y, loss=" + python(s.loss) + ", optimizer=optimizer, epochs=" + epochs +
               ", batch_size=" + python(s.batch_size) + ",", "                 shuffle=" + python(s.shuffle) +
               ", seed=" + s.seed + (data.validation ? ", validation=(X_test, y_test)" : "") + ")",
               "print(history)");
    if (s.dataset !== "run" && file["class"] === "MLP") {
      var keywords = T.KEYWORDS.map(function (key) {
        var whole = typeof s[key] !== "number" || ["points", "seed", "batch_size"].indexOf(key) >= 0;
        return key + "=" + (whole ? python(s[key]) : floating(s[key]));
      });
      lines.push("", "# this page again, with these settings" + (s.loss === Object.keys(trainer.live.losses)[0] ? ":"
        : " (then choose the loss " + s.loss + " in it):"), "nn.playground(\"playground.html\",");
      for (var k = 0; k < keywords.length; k += 4) {
        lines.push("              " + keywords.slice(k, k + 4).join(", ") + (k + 4 < keywords.length ? "," : ")"));
      }
    }
    // an activation that is a rule (a user's own) named as Python names it (models.js)
    return T.rulesInCode(lines.join("\n") + "\n", trainer.live.rule_code || {}, c);
  };

  function modelLine(name, c, seed) {
    if (name === "MLP") {
      return "model = nn.MLP(" + c.n_inputs + ", " + python(c.sizes) + ", activation=" + python(c.activation) +
        (c.output_activation === null ? "" : ", output_activation=" + python(c.output_activation)) +
        ", seed=" + seed + ")";
    }
    if (name === "LogisticRegression") return "model = nn.LogisticRegression(" + c.n_inputs + ", seed=" + seed + ")";
    if (name === "Layer") {
      return "model = nn.Layer(" + c.n_inputs + ", " + c.n_outputs + ", activation=" + python(c.activation) +
        ", seed=" + seed + ")";
    }
    return "model = nn.Neuron(" + c.n_inputs + ", activation=" + python(c.activation) + ", seed=" + seed + ")";
  }

  // window.chainrule: `page` answers apply(change), steps(n), reset() and trainer() (main.js).
  T.scripting = function (page) {
    return {
      set: function (settings) { page.apply(settings); return this.state().settings; },
      step: function (n) { return page.steps(n === undefined ? 1 : n, false); },
      epoch: function (n) { return page.steps(n === undefined ? 1 : n, true); },
      reset: function () { page.reset(); },
      state: function () {
        var trainer = page.trainer(), data = trainer.samples.all, epochs = trainer.data.epochs.slice(1);
        var series = function (key) { return epochs.map(function (record) { return record[key]; }); };
        return {model: T.modelFile(trainer), data: {X: data.X, y: data.y, test: data.validation || null},
                settings: JSON.parse(JSON.stringify(trainer.settings)), steps: trainer.steps,
                history: {loss: series("loss"), accuracy: series("accuracy"), val_loss: series("val_loss"),
                          val_accuracy: series("val_accuracy")}};
      },
      modelText: function () { return T.modelText(T.modelFile(page.trainer())); },  // what Download model saves
      pythonCode: function () { return T.pythonCode(page.trainer()); }
    };
  };
}(Theater));
