"""A logistic neuron trained online with the squared error, a numpy loop over examples:
E = 1/2 sum_n (sigma(w . x_n + b) - t_n)^2; X (5, 3), w (3,), b (1,), t (5,) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(w, b, X, t):
    """E = 1/2 sum_n (o_n - t_n)^2 with o_n = sigma(w . x_n + b)."""
    o = torch.sigmoid(X @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(w, b, X, t):
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for x, target in zip(X, t, strict=True):
        o = 1.0 / (1.0 + np.exp(-(np.dot(w, x) + b)))
        delta = o - target  # <- wrong
        dw += delta * x
        db += delta
    return dw, db


def grad_fixed(w, b, X, t):
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for x, target in zip(X, t, strict=True):
        o = 1.0 / (1.0 + np.exp(-(np.dot(w, x) + b)))
        delta = (o - target) * o * (1.0 - o)
        dw += delta * x
        db += delta
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (1,), "X": (5, 3), "t": (5,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_perceptron_03")
CAUSE = "activation-derivative-missing"
FIX = "Multiply the error by the logistic derivative o (1 - o) before forming the delta."
