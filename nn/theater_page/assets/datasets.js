// datasets.js: the page's own random numbers and data sets. nn/data.py's generators (moons, circles, xor,
// spirals, blobs) written again with the same shapes and the same meaning of noise (Gaussian, standard deviation
// `noise` on every coordinate; blobs: their spread), class 0 taking the extra point, the points shuffled; a
// test share held out as train_test_split holds it out; the square window of the plane as page.py draws it.
// The numbers come from a seeded generator of the page's own (mulberry32), not numpy's: the same seed gives
// the same data in every browser, and the same kind of data as nn.make_moons(...) with that seed.
(function (T) {
  "use strict";
  var MARGIN = 0.15;  // page.py's MARGIN: the plane shows the data's span and this much more on every side
  var TURNS = 1.0;    // nn.data.SPIRAL_TURNS
  var TAU = 2 * Math.PI;

  // A stream of uniform numbers in [0, 1) from a 32-bit seed and a stream name ("data", "weights", "order"):
  // the streams of one seed are independent, so changing the batch order leaves the data as it is.
  T.random = function (seed, stream) {
    var state = mix((seed >>> 0) ^ mix(hashText(stream)));
    function uniform() {  // mulberry32
      state = (state + 0x6D2B79F5) | 0;
      var t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    return {
      uniform: uniform,
      between: function (low, high) { return low + (high - low) * uniform(); },
      normal: function (std) {  // Box-Muller, one draw per call; the logarithm is the engine's log rule
        var u = 1 - uniform(), v = uniform();
        return std * Math.sqrt(-2 * T.compute("log", u)) * Math.cos(TAU * v);
      },
      permutation: function (n) {  // Fisher-Yates
        var order = new Int32Array(n);
        for (var i = 0; i < n; i++) order[i] = i;
        for (i = n - 1; i > 0; i--) {
          var j = Math.floor(uniform() * (i + 1)), kept = order[i];
          order[i] = order[j];
          order[j] = kept;
        }
        return order;
      }
    };
  };
  function mix(h) {  // murmur3's finaliser: every bit of the seed reaches every bit of the state
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  function hashText(text) {
    var h = 2166136261;  // FNV-1a
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h >>> 0;
  }

  function splitEvenly(n, k) {  // n points over k groups, the first groups taking the extras
    var counts = [];
    for (var i = 0; i < k; i++) counts.push(Math.floor(n / k) + (i < n % k ? 1 : 0));
    return counts;
  }

  // Each generator: (points, noise, random) -> the clean points of each class, as [[x0, x1], ...] per class,
  // and their labels. finish() adds the noise and shuffles, as nn.data._finish.
  var SHAPES = {
    moons: function (n, random) {  // (cos t, sin t) and (1 - cos t, 0.5 - sin t), t uniform in [0, pi]
      var counts = splitEvenly(n, 2);
      return {labels: [0, 1], parts: [
        repeat(counts[0], function () { var t = random.between(0, Math.PI); return [Math.cos(t), Math.sin(t)]; }),
        repeat(counts[1], function () {
          var t = random.between(0, Math.PI);
          return [1 - Math.cos(t), 0.5 - Math.sin(t)];
        })]};
    },
    circles: function (n, random) {  // the unit circle around one of radius 0.5 (make_circles' factor)
      var counts = splitEvenly(n, 2);
      var ring = function (radius) {
        return function () { var t = random.between(0, TAU); return [radius * Math.cos(t), radius * Math.sin(t)]; };
      };
      return {labels: [0, 1], parts: [repeat(counts[0], ring(1)), repeat(counts[1], ring(0.5))]};
    },
    xor: function (n, random) {  // uniform inside the quadrants (+,+), (+,-), (-,-), (-,+): labels 0, 1, 0, 1
      var signs = [[1, 1], [1, -1], [-1, -1], [-1, 1]];
      return {labels: [0, 1, 0, 1], parts: splitEvenly(n, 4).map(function (count, q) {
        return repeat(count, function () {
          return [signs[q][0] * (1 - random.uniform()), signs[q][1] * (1 - random.uniform())];
        });
      })};
    },
    spirals: function (n, random) {  // arm k: r (cos a, sin a), a = 2 pi (k / 2 + TURNS r), r uniform in [0, 1)
      return {labels: [0, 1], parts: splitEvenly(n, 2).map(function (count, k) {
        return repeat(count, function () {
          var r = random.uniform(), angle = TAU * (k / 2 + TURNS * r);
          return [r * Math.cos(angle), r * Math.sin(angle)];
        });
      })};
    },
    blobs: function (n, random) {  // make_blobs(centers=2): two centres uniform in [-5, 5]^2, the noise their spread
      var centres = [0, 1].map(function () { return [random.between(-5, 5), random.between(-5, 5)]; });
      return {labels: [0, 1], parts: splitEvenly(n, 2).map(function (count, k) {
        return repeat(count, function () { return centres[k].slice(); });
      })};
    }
  };
  T.DATASETS = Object.keys(SHAPES);
  function repeat(count, make) {
    var points = [];
    for (var i = 0; i < count; i++) points.push(make());
    return points;
  }

  function finish(shape, noise, random) {
    var X = [], y = [];
    shape.parts.forEach(function (part, k) {
      part.forEach(function (point) { X.push(point); y.push(shape.labels[k]); });
    });
    X.forEach(function (point) { point[0] += random.normal(noise); point[1] += random.normal(noise); });
    var order = random.permutation(X.length);
    return {X: Array.from(order, function (i) { return X[i]; }), y: Array.from(order, function (i) { return y[i]; })};
  }

  // The data of `settings` ({dataset, points, noise, test_fraction, seed}): {X, y, validation: {X, y} or null}.
  // The run's own data (dataset "run") is `own`, as the theater embedded it.
  T.makeData = function (settings, own) {
    if (settings.dataset === "run") return own;
    var random = T.random(settings.seed, "data");
    var all = finish(SHAPES[settings.dataset](settings.points, random), settings.noise, random);
    if (!settings.test_fraction) return {X: all.X, y: all.y, validation: null};
    var n = all.X.length, order = random.permutation(n);  // train_test_split's count, its rounding and its bounds
    var held = Math.min(Math.max(Math.floor(settings.test_fraction * n + 0.5), 1), n - 1);
    var pick = function (from, to) {
      var rows = Array.from(order.subarray(from, to));
      return {X: rows.map(function (i) { return all.X[i]; }), y: rows.map(function (i) { return all.y[i]; })};
    };
    var train = pick(held, n);
    return {X: train.X, y: train.y, validation: pick(0, held)};
  };

  // page.py's _plane: a square window around the points (the test points too), so no picture is stretched.
  T.planeFor = function (data, resolution) {
    var points = data.X.concat(data.validation ? data.validation.X : []);
    if (!points.length || points[0].length !== 2) return null;
    var low = [Infinity, Infinity], high = [-Infinity, -Infinity];
    points.forEach(function (x) {
      for (var k = 0; k < 2; k++) { low[k] = Math.min(low[k], x[k]); high[k] = Math.max(high[k], x[k]); }
    });
    var half = Math.max(high[0] - low[0], high[1] - low[1]) / 2 * (1 + 2 * MARGIN) + 1e-9;
    var centre = [(low[0] + high[0]) / 2, (low[1] + high[1]) / 2];
    return {x: [centre[0] - half, centre[0] + half], y: [centre[1] - half, centre[1] + half], resolution: resolution};
  };
}(Theater));
