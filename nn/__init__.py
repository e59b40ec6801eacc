"""chainrule's nn: neurons, layers, MLPs and logistic regression built on autograd Values,
with losses, optimizers, toy datasets, a training loop and JSON save/load.

    >>> from nn import MLP, make_moons, fit
    >>> X, y = make_moons(100, seed=0)
    >>> model = MLP(2, [16, 16, 1], seed=0)
    >>> history = fit(model, X, y, epochs=5, progress=False)  # a logit output: fit picks bce_with_logits
    >>> share = accuracy(model, X, y)

The first import checks that ``autograd`` is chainrule's engine, not HIPS autograd (engine_check.py).

theater(model, X, y, "page.html", ...) trains the same way and writes a page to watch it learn (and
train on, live); playground("page.html", dataset="moons", ...) writes that page with no Python run.

to_torch(model) is the same model in PyTorch (float64, the same weights); from_torch(module) brings one back.
torch is optional: these import it when called, so ``import nn`` never does.

Imports: engine_check, data, evaluation, io, layers, losses, module, optim, theater_page, torch_bridge, train.
"""
# ruff: noqa: E402  (the engine is checked before any module of nn imports it)
from .engine_check import check_engine

check_engine()

from .data import batches, make_blobs, make_circles, make_moons, make_spirals, make_xor, train_test_split
from .evaluation import accuracy, predict
from .io import load, save
from .layers import MLP, Layer, LogisticRegression, Neuron
from .losses import bce, bce_with_logits, cross_entropy, hinge, mse, softmax
from .module import Module
from .optim import SGD, Adam, LinearLR, StepLR
from .theater_page import playground, theater
from .torch_bridge import from_torch, to_torch
from .train import DivergedError, History, fit

__all__ = [
    "MLP", "SGD", "Adam", "DivergedError", "History", "Layer", "LinearLR", "LogisticRegression", "Module", "Neuron",
    "StepLR", "accuracy", "batches", "bce", "bce_with_logits", "cross_entropy", "fit", "from_torch", "hinge", "load",
    "make_blobs", "make_circles", "make_moons", "make_spirals", "make_xor", "mse", "playground", "predict", "save",
    "softmax", "theater", "to_torch", "train_test_split",
]
