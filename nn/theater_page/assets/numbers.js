// numbers.js: how the theater writes numbers. formatNumber is autograd.sight.steps.format_number (explain
// and explore print with it, so the step-through pages match Python's): four decimals, or scientific
// notation for the huge and the tiny. The panels print with T.fixed instead: fixed decimals always (a
// classroom reads -0.0001 faster than -9.0118e-05), and "≈ 0" for what is not zero but rounds to it.
// Python rounds the exact binary value with ties to even; JavaScript's toFixed and toExponential send ties
// away from zero, so the rounding is done here on the exact decimal expansion (toFixed(100) gives it).
var Theater = window.Theater = window.Theater || {};
(function (T) {
  "use strict";

  // digits: a string of decimal digits; keep the first `keep`, rounded half to even; returns digits
  // (one longer when a carry runs through, 9.99995 -> 10.0000).
  function roundDigits(digits, keep) {
    var head = digits.slice(0, keep), rest = digits.slice(keep), first = rest.charAt(0);
    var tie = first === "5" && !/[1-9]/.test(rest.slice(1));
    var up = first > "5" || (first === "5" && !tie) || (tie && Number(head.charAt(head.length - 1)) % 2 === 1);
    if (!up) return head;
    var out = "", carry = 1;
    for (var i = head.length - 1; i >= 0; i--) {
      var d = Number(head.charAt(i)) + carry;
      carry = d === 10 ? 1 : 0;
      out = (d % 10) + out;
    }
    return carry ? "1" + out : out;
  }

  function fixed(x, decimals) {  // Python's f"{x:.Nf}" for x >= 0
    if (x >= 1e21) return BigInt(x).toString() + "." + "0".repeat(decimals);  // toFixed turns exponential there
    var parts = x.toFixed(100).split("."), whole = parts[0];
    var digits = roundDigits(whole + parts[1], whole.length + decimals);
    var cut = digits.length - decimals;
    return digits.slice(0, cut) + "." + digits.slice(cut);
  }

  function exponent(x, decimals) {  // Python's f"{x:.Ne}" for x > 0
    var parts = x.toExponential(100).split("e"), power = Number(parts[1]);
    var digits = roundDigits(parts[0].replace(".", ""), decimals + 1);
    if (digits.length > decimals + 1) { digits = digits.slice(0, decimals + 1); power += 1; }
    var shown = Math.abs(power) < 10 ? "0" + Math.abs(power) : String(Math.abs(power));
    return digits.charAt(0) + "." + digits.slice(1) + "e" + (power < 0 ? "-" : "+") + shown;
  }

  T.formatNumber = function (x) {
    x += 0;  // -0 prints as 0.0000
    var size = Math.abs(x), sign = x < 0 ? "-" : "";
    return sign + (x === 0 || (size >= 1e-3 && size < 1e5) ? fixed(size, 4) : exponent(size, 4));
  };

  T.ABOUT_ZERO = "\u2248 0";

  // A number as the panels print it: `decimals` decimals (4 unless told), never an exponent; "≈ 0" when it
  // is not zero but rounds to zero there. Not a finite number: its own name (NaN, Infinity).
  T.fixed = function (x, decimals) {
    var places = decimals === undefined ? 4 : decimals, size = Math.abs(x);
    if (!isFinite(x)) return String(x);
    var text = fixed(size, places);
    if (size > 0 && !/[1-9]/.test(text)) return T.ABOUT_ZERO;
    return (x < 0 ? "-" : "") + text;
  };

  // A number as it reads inside a formula: a negative one (or "≈ 0") in brackets, so "0.5321 - 0.02 * (-0.1203)".
  T.term = function (x, decimals) {
    var text = T.fixed(x, decimals);
    return text.charAt(0) === "-" || text === T.ABOUT_ZERO ? "(" + text + ")" : text;
  };

  T.percent = function (share) {
    return share === null || share === undefined ? "\u2013" : (100 * share).toFixed(1) + "%";
  };
}(Theater));
