"""A single-output sigmoid perceptron, torch: o = sigmoid(X w + b),
E = 1/2 sum (o - t)^2; X (8, 5), w (5, 1), b (1,), t (8, 1) in (0.1, 0.9).
"""

import torch

from verify import derivation


def loss(X, w, b, t):
    o = torch.sigmoid(X @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(X, w, b, t):
    o = torch.sigmoid(X @ w + b)
    delta = (t - o) * o * (1 - o)  # <- wrong
    dw = X.T @ delta
    db = delta.sum(0)
    return dw, db


def grad_fixed(X, w, b, t):
    o = torch.sigmoid(X @ w + b)
    delta = (o - t) * o * (1 - o)
    dw = X.T @ delta
    db = delta.sum(0)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (8, 5), "w": (5, 1), "b": (1,), "t": (8, 1)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "sign"
FIX = "The error term of E = 1/2 sum (o - t)^2 is (o - t), not (t - o)."
