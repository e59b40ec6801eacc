// models.js: the page's model as nn knows it. From nn.save's class and config: the network as the page draws
// it (layers of neurons with the dotted names of nn's state_dict, network.py's describe), the first weights drawn
// as nn.layers draws them (uniform in +-sqrt(3 / n_inputs), +-sqrt(6 / n_inputs) into a relu, biases 0; the
// page's random numbers, not numpy's), and the model file nn.save writes, byte for byte (Python's float repr and
// json.dumps(indent=2)), which nn.load reads back. readModel checks a file as nn.load does before using it.
// An activation is one of nn's four names or a rule of one input in the page's engine (a user's own, written
// into it by nn.theater or nn.playground, or a built-in one), as nn.load(path, activations=[rule]) finds them.
(function (T) {
  "use strict";
  var CLASSES = ["MLP", "Layer", "Neuron", "LogisticRegression"];  // nn.io.CLASSES
  var KIND = {sigmoid: "probability", linear: "logit", tanh: "score", relu: "score"};  // nn.layers.NEURON_OUTPUTS

  // What a neuron with this activation outputs, as nn.layers says: any other rule of one input gives a score.
  T.activationKind = function (name) {
    var rule = globalThis.chainruleRules[name];
    return KIND.hasOwnProperty(name) ? KIND[name] : rule && rule.arity === 1 ? "score" : undefined;
  };

  // The Python code of a page (surface.js's pythonCode) with each activation that is a rule written as Python
  // names it (live.rule_code: a user's own by its name, as their script defines it), not as a string nn refuses.
  T.rulesInCode = function (text, ruleCode, config) {
    var names = [config.activation, config.output_activation].filter(function (name, i, all) {
      return typeof name === "string" && !KIND.hasOwnProperty(name) && all.indexOf(name) === i;
    });
    if (!names.length) return text;
    var notes = [], codes = names.map(function (name) {
      var own = ruleCode[name] || {code: "RULES[" + JSON.stringify(name) + "]",
                                   note: "from autograd.ops import RULES  # " + name + ": a built-in rule"};
      text = text.split("activation=" + JSON.stringify(name)).join("activation=" + own.code);
      notes.push(own.note);
      return own.code;
    });
    text = text.replace('nn.load("model.json")', 'nn.load("model.json", activations=[' + codes.join(", ") + "])");
    return text.replace("import nn\n", "import nn\n" + notes.join("\n") + "\n");
  };

  function pyRepr(value) {  // Python's repr of a config value: None, 'tanh', 2
    return value === null ? "None" : typeof value === "string" ? "'" + value + "'" : String(value);
  }

  // {class, config} -> the network as network.py's describe() writes it: {class, description, inputs, output_kind,
  // layers: [{activation, neurons: [{w: [names], b: name}]}]}.
  T.describeModel = function (file) {
    var c = file.config, name = file["class"], widths, activations, prefix = function (l) { return ""; };
    if (name === "MLP") {
      widths = [c.n_inputs].concat(c.sizes);
      activations = c.sizes.map(function (_, l) {
        return l < c.sizes.length - 1 ? c.activation : c.output_activation === null ? "linear" : c.output_activation;
      });
      prefix = function (l) { return "layers." + l + "."; };
    } else if (name === "Layer") {
      widths = [c.n_inputs, c.n_outputs];
      activations = [c.activation];
    } else {
      widths = [c.n_inputs, 1];
      activations = [name === "LogisticRegression" ? "sigmoid" : c.activation];
    }
    var single = name === "Neuron" || name === "LogisticRegression", count = 0;
    var layers = activations.map(function (activation, l) {
      var neurons = [];
      for (var j = 0; j < widths[l + 1]; j++) {
        var at = single ? "" : prefix(l) + "neurons." + j + ".", w = [];
        for (var i = 0; i < widths[l]; i++) w.push(at + "w." + i);
        neurons.push({w: w, b: at + "b"});
        count += widths[l] + 1;
      }
      return {activation: activation, neurons: neurons};
    });
    var last = activations[activations.length - 1], outputs = widths[widths.length - 1];
    var kind = outputs === 1 ? T.activationKind(last) : last === "linear" ? "class_logits" : "scores";
    return {"class": name, description: description(name, c, widths, count), inputs: c.n_inputs, output_kind: kind,
            layers: layers};
  };

  function description(name, c, widths, count) {  // the model's repr, as Python prints it
    if (name === "MLP") {
      return "MLP(" + widths.join(" -> ") + ", activation=" + pyRepr(c.activation) + ", output_activation=" +
        pyRepr(c.output_activation) + "; " + count + " parameters)";
    }
    if (name === "Layer") return "Layer(" + c.n_inputs + " -> " + c.n_outputs + ", activation=" + pyRepr(c.activation) + ")";
    if (name === "Neuron") return "Neuron(" + c.n_inputs + ", activation=" + pyRepr(c.activation) + ")";
    return "LogisticRegression(" + c.n_inputs + ")";
  }

  // Every parameter's dotted name, in state_dict's order: layer by layer, neuron by neuron, its weights then its bias.
  T.parameterNames = function (network) {
    var names = [];
    network.layers.forEach(function (layer) {
      layer.neurons.forEach(function (neuron) { names.push.apply(names, neuron.w.concat([neuron.b])); });
    });
    return names;
  };

  // The first weights, in parameterNames' order, drawn neuron by neuron as nn.layers.Neuron draws them.
  T.initialWeights = function (network, seed) {
    var random = T.random(seed, "weights"), numbers = [];
    network.layers.forEach(function (layer) {
      layer.neurons.forEach(function (neuron) {
        var bound = Math.sqrt((layer.activation === "relu" ? 6 : 3) / neuron.w.length);
        neuron.w.forEach(function () { numbers.push(random.between(-bound, bound)); });
        numbers.push(0);
      });
    });
    return Float64Array.from(numbers);
  };

  // The document nn.save writes for these weights ({format, version, class, config, parameters}).
  T.modelDocument = function (file, names, numbers) {
    var parameters = {};
    names.forEach(function (name, i) { parameters[name] = numbers[i]; });
    return {format: "chainrule-model", version: 1, "class": file["class"], config: file.config,
            parameters: parameters};
  };

  // Python's repr of a float: the shortest digits that read back (as JavaScript's), written as Python writes them:
  // fixed between 1e-4 and 1e16 with at least one decimal ("0.0", "12.5"), else "1e-05", "1.5e+16".
  T.pythonFloat = function (x) {
    if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
    var parts = Math.abs(x).toExponential().split("e"), digits = parts[0].replace(".", ""), power = Number(parts[1]);
    var sign = x < 0 ? "-" : "", text;
    if (power >= -4 && power < 16) {
      if (power < 0) {
        text = "0." + "0".repeat(-power - 1) + digits;
      } else {
        var whole = digits.slice(0, power + 1), rest = digits.slice(power + 1);
        text = whole + "0".repeat(Math.max(0, power + 1 - digits.length)) + "." + (rest || "0");
      }
    } else {
      var exponent = Math.abs(power) < 10 ? "0" + Math.abs(power) : String(Math.abs(power));
      text = digits.charAt(0) + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" + (power < 0 ? "-" : "+") +
        exponent;
    }
    return sign + text;
  };

  // json.dumps(document, indent=2) + "\n", as nn.save writes it: the parameters as Python floats.
  T.modelText = function (document) {
    function write(value, indent, asFloat) {
      var inner = indent + "  ";
      if (value === null) return "null";
      if (typeof value === "number") return asFloat ? T.pythonFloat(value) : String(value);
      if (typeof value === "string") return JSON.stringify(value).replace(/[\u007f-\uffff]/g, function (c) {
        return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);  // ensure_ascii
      });
      if (Array.isArray(value)) {
        if (!value.length) return "[]";
        return "[\n" + value.map(function (item) { return inner + write(item, inner, asFloat); }).join(",\n") +
          "\n" + indent + "]";
      }
      var keys = Object.keys(value);
      if (!keys.length) return "{}";
      return "{\n" + keys.map(function (key) {
        return inner + JSON.stringify(key) + ": " + write(value[key], inner, asFloat || key === "parameters");
      }).join(",\n") + "\n" + indent + "}";
    }
    return write(document, "", false) + "\n";
  };

  function checkConfig(name, c, fix) {  // what the constructors check, before the network is built from it
    var count = function (n) { return Number.isInteger(n) && n >= 1; };
    var activation = function (a) { return typeof a === "string" && T.activationKind(a) !== undefined; };
    var fine = count(c.n_inputs) && (name !== "MLP" || (Array.isArray(c.sizes) && c.sizes.length > 0 &&
      c.sizes.every(count) && activation(c.activation) && (c.output_activation === null ||
      activation(c.output_activation)))) && (name !== "Layer" || (count(c.n_outputs) && activation(c.activation))) &&
      (name !== "Neuron" || activation(c.activation));
    if (!fine) throw new RangeError(name + "(" + JSON.stringify(c) + ") cannot be built." + fix);
  }

  // A model file (its text or its parsed object) -> {file: {class, config}, network, names, numbers}, checked as
  // nn.load checks one: a thrown Error says what is wrong and what to do.
  T.readModel = function (given) {
    var document = typeof given === "string" ? JSON.parse(given) : given;
    var fix = " Write it with nn.save(model, path), or Download model from a page.";
    if (!document || document.format !== "chainrule-model" || document.version !== 1) {
      throw new TypeError("set({model}) takes the JSON nn.save writes ({\"format\": \"chainrule-model\", " +
                          "\"version\": 1, ...}); got " + JSON.stringify(given).slice(0, 80) + "." + fix);
    }
    if (CLASSES.indexOf(document["class"]) < 0 || !document.config || typeof document.config !== "object") {
      throw new TypeError("the model's class must be one of " + CLASSES.join(", ") + " with its config; got " +
                          JSON.stringify(document["class"]) + "." + fix);
    }
    checkConfig(document["class"], document.config, fix);
    var file = {"class": document["class"], config: document.config}, network = T.describeModel(file);
    var names = T.parameterNames(network), parameters = document.parameters || {};
    var missing = names.filter(function (name) { return !(name in parameters); });
    if (missing.length || Object.keys(parameters).length !== names.length) {
      throw new RangeError("the model's parameters do not match " + network.description + ": missing " +
                           JSON.stringify(missing.slice(0, 5)) + ", " + Object.keys(parameters).length +
                           " given for " + names.length + "." + fix);
    }
    var wrong = names.filter(function (name) {
      return typeof parameters[name] !== "number" || !isFinite(parameters[name]);
    });
    if (wrong.length) throw new RangeError("parameter " + wrong[0] + " is not a finite number." + fix);
    return {file: file, network: network, names: names,
            numbers: Float64Array.from(names, function (name) { return parameters[name]; })};
  };
}(Theater));
