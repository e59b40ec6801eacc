// player.js: Play, Step and Epoch. Play from an earlier epoch replays the record up to the newest epoch and stops
// there; at the newest it trains on, every frame: epochs at the chosen speed, or "as fast as it goes" (training
// for as long as a drawing takes, at least BUDGET ms, so about half of the time trains and half draws), and the
// views follow (main.js draws once a frame, however many epochs came). A failure (training diverged) stops it,
// goes back to the start of the epoch with the lowest loss, as fit does, and says why. `view`: {state (timer, training, epoch, drawing), newest(), go(k), transport(), trainer()}.
(function (T) {
  "use strict";
  var BUDGET = 25;  // ms
  function byId(id) { return document.getElementById(id); }

  function Player(view) { this.view = view; }
  T.Player = Player;

  // n batches (or epochs) at once; a failure is said and thrown on (window.chainrule.step's caller sees it).
  Player.prototype.steps = function (n, whole) {
    var trainer = this.view.trainer();
    T.say("");
    try {
      for (var i = 0; i < n; i++) {
        if (whole) trainer.epoch(); else trainer.step();
      }
    } catch (error) {
      this.failed(error);
      throw error;
    } finally {
      this.view.transport();
    }
    return {steps: trainer.steps, epoch: this.view.newest()};
  };

  Player.prototype.play = function () {
    var state = this.view.state, self = this;
    if (state.timer) {
      this.stop();
      return;
    }
    T.say("");
    if (state.epoch < this.view.newest()) {
      state.timer = setInterval(function () {
        if (state.epoch >= self.view.newest()) self.stop(); else self.view.go(state.epoch + 1);
      }, 1000 / (Number(byId("speed").value) || 60));
    } else {
      this.train();
    }
    byId("play").textContent = "\u275a\u275a Pause";
  };

  Player.prototype.train = function () {
    var state = this.view.state, self = this, started = performance.now(), done = 0;
    state.training = true;
    function tick() {
      var speed = Number(byId("speed").value), begun = performance.now(), trainer = self.view.trainer();
      try {
        if (speed) {
          for (var due = Math.floor((begun - started) / 1000 * speed) - done; due > 0; due--, done++) trainer.epoch();
        } else {
          var budget = Math.max(BUDGET, state.drawing || 0);
          do { trainer.epoch(); } while (performance.now() - begun < budget);
        }
      } catch (error) {
        self.failed(error);
        return;
      }
      state.timer = requestAnimationFrame(tick);
    }
    state.timer = requestAnimationFrame(tick);
  };

  // Training diverged: stop, go back to the best epoch's start (trainer.rewind), redraw, and say so.
  Player.prototype.failed = function (error) {
    this.stop();
    if (!(error instanceof RangeError)) { T.say(error.message); return; }
    var trainer = this.view.trainer(), back = trainer.rewind();
    T.live.onReset(trainer.data);
    T.say(error.message + " The weights are back at epoch " + back + ", where the loss was lowest: lower the " +
          "learning rate and play on.");
  };

  Player.prototype.stop = function () {
    var state = this.view.state;
    if (state.training) cancelAnimationFrame(state.timer); else clearInterval(state.timer);
    state.timer = null;
    state.training = false;
    byId("play").textContent = "\u25b6 Play";
  };

  // The speed changed while replaying: replay on at the new speed.
  Player.prototype.speedChanged = function () {
    if (this.view.state.timer && !this.view.state.training) { this.stop(); this.play(); }
  };
}(Theater));
