"""A single sigmoid neuron trained on a batch with the sum-of-squares error, numpy:
z = X w + b, o = sigmoid(z), E = 1/2 sum (o - t)^2;
X (N, D), w (D,), b (1,), t (N,) targets in (0.1, 0.9) with N = 6, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, t, w, b):
    return 0.5 * ((torch.sigmoid(X @ w + b) - t) ** 2).sum()


def grad(X, t, w, b):
    X, t, w, b = np.asarray(X), np.asarray(t), np.asarray(w), np.asarray(b)
    z = X @ w + b
    o = 1 / (1 + np.exp(-z))
    delta = (o - t) * z * (1 - z)  # <- wrong
    dw = X.T @ delta
    db = np.array([delta.sum()])
    return dw, db


def grad_fixed(X, t, w, b):
    X, t, w, b = np.asarray(X), np.asarray(t), np.asarray(w), np.asarray(b)
    z = X @ w + b
    o = 1 / (1 + np.exp(-z))
    delta = (o - t) * o * (1 - o)
    dw = X.T @ delta
    db = np.array([delta.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "t": ("N",), "w": ("D",), "b": (1,)},
            draws={"t": "uniform"}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_03")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = o (1 - o) is written with the output o = sigma(z), not with z itself."
