// engine.js: chainrule's Value in JavaScript, for pages: a number that remembers how it was computed, and
// the backward pass over the recorded graph. It holds no calculus: every forward and local derivative comes
// from globalThis.chainruleRules, which autograd.to_javascript() writes from the Python rules just above this
// file. The loops follow autograd/graph.py: topologicalOrder as graph.topological_order (a depth-first walk,
// parents in order), backward and chainRule as graph.chain_rule (children first; a node with no gradient,
// or made of constants only, passes nothing on; constants receive nothing).
(function (root) {
  "use strict";
  var rules = root.chainruleRules;

  function Value(data, label) {
    if (typeof data !== "number" || !isFinite(data)) {
      throw new TypeError("Value takes one finite number; got " + String(data));
    }
    this.data = data;
    this.grad = 0;
    this.parents = [];
    this.rule = null;
    this.label = label || "";
    this.requiresGrad = true;
  }

  function constant(number) {
    var value = new Value(number);
    value.requiresGrad = false;
    return value;
  }

  function asValue(x) { return x instanceof Value ? x : constant(x); }

  // rule(...inputs) as a node: the rule's forward on the inputs' numbers, checked to be finite.
  function apply(name) {
    var rule = rules[name];
    if (!rule) throw new Error("no rule named " + JSON.stringify(name) + " in chainruleRules");
    var parents = Array.prototype.slice.call(arguments, 1).map(asValue);
    if (rule.arity && parents.length !== rule.arity) {
      throw new TypeError("rule " + name + " takes " + rule.arity + " input(s); got " + parents.length);
    }
    var out = rule.forward.apply(null, parents.map(function (p) { return p.data; }));
    if (typeof out !== "number" || !isFinite(out)) {
      throw new RangeError(name + "(" + parents.map(function (p) { return p.data; }).join(", ") +
                           ") is not a finite number");
    }
    var node = new Value(out);
    node.parents = parents;
    node.rule = name;
    node.requiresGrad = parents.some(function (p) { return p.requiresGrad; });
    return node;
  }

  // Every Value the roots depend on, each after all of its parents (an explicit stack, no recursion).
  function topologicalOrder(roots) {
    var order = [], visited = new Set();
    (Array.isArray(roots) ? roots : [roots]).forEach(function (start) {
      if (visited.has(start)) return;
      visited.add(start);
      var stack = [[start, 0]];
      while (stack.length) {
        var top = stack[stack.length - 1], node = top[0], next = null;
        while (top[1] < node.parents.length) {
          var parent = node.parents[top[1]++];
          if (!visited.has(parent)) { next = parent; break; }
        }
        if (next) { visited.add(next); stack.push([next, 0]); } else { stack.pop(); order.push(node); }
      }
    });
    return order;
  }

  // d node / d parent for each parent (null for a constant parent, whose derivative is never used).
  function localDerivatives(node) {
    var inputs = node.parents.map(function (p) { return p.data; });
    var grads = rules[node.rule].localGrads.apply(null, inputs.concat([node.data]));
    return node.parents.map(function (p, i) { return p.requiresGrad ? grads[i] : null; });
  }

  // The chain rule one edge at a time, as graph.chain_rule yields them: {node, parent, index, upstream,
  // local, contribution (what the edge adds: upstream * local), total}. Nothing is changed.
  function chainRule(rootValue, seed) {
    var order = topologicalOrder(rootValue), grads = new Map(), edges = [];
    order.forEach(function (node) { grads.set(node, 0); });
    grads.set(rootValue, seed === undefined ? 1 : seed);
    for (var n = order.length - 1; n >= 0; n--) {
      var node = order[n], upstream = grads.get(node);
      if (!node.parents.length || upstream === 0 || !node.requiresGrad) continue;
      var locals = localDerivatives(node);
      for (var i = 0; i < node.parents.length; i++) {
        if (locals[i] === null) continue;
        var parent = node.parents[i];
        grads.set(parent, grads.get(parent) + upstream * locals[i]);
        edges.push({node: node, parent: parent, index: i, upstream: upstream, local: locals[i],
                    contribution: upstream * locals[i], total: grads.get(parent)});
      }
    }
    return edges;
  }

  // backward(): every Value's grad = d root / d Value, the same sums in the same order as chainRule;
  // nodes with parents hold this call's gradient, leaves accumulate across calls until zeroed. `order`:
  // topologicalOrder(this), passed by a caller that runs backward through one graph many times.
  Value.prototype.backward = function (seed, order) {
    order = order || topologicalOrder(this);
    order.forEach(function (node) { if (node.parents.length) node.grad = 0; });
    this.grad += seed === undefined ? 1 : seed;
    for (var n = order.length - 1; n >= 0; n--) {
      var node = order[n];
      if (!node.parents.length || node.grad === 0 || !node.requiresGrad) continue;
      var locals = localDerivatives(node);
      for (var i = 0; i < node.parents.length; i++) {
        if (locals[i] !== null) node.parents[i].grad += node.grad * locals[i];
      }
    }
    if (!order.every(function (node) { return isFinite(node.grad) || !node.requiresGrad; })) {
      throw new RangeError("a gradient overflowed during backward: lower the learning rate or rescale the inputs");
    }
  };

  root.chainruleEngine = {Value: Value, constant: constant, apply: apply, topologicalOrder: topologicalOrder,
                    localDerivatives: localDerivatives, chainRule: chainRule, rules: rules};
}(globalThis));
