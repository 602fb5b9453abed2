"""A single sigmoid neuron over a batch with a halved squared error, numpy:
o = sigma(X w + b), E = (1/2) sum_n (o_n - t_n)^2; X (5, 3), w (3,), b (1,), t (5,) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, w, b, t):
    o = torch.sigmoid(X @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(X, w, b, t):
    o = 1 / (1 + np.exp(-(X @ w + b)))
    delta = o - t  # <- wrong
    dw = X.T @ delta
    db = np.sum(delta, keepdims=True)
    return dw, db


def grad_fixed(X, w, b, t):
    o = 1 / (1 + np.exp(-(X @ w + b)))
    delta = (o - t) * o * (1 - o)
    dw = X.T @ delta
    db = np.sum(delta, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (5, 3), "w": (3,), "b": (1,), "t": (5,)},
            draws={"t": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_neuron_02")
CAUSE = "activation-derivative-missing"
FIX = "The chain rule passes through the sigmoid, so delta = (o - t) o (1 - o)."
