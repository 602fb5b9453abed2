"""A sigmoid unit fitted with a squared error instead of cross-entropy, numpy:
p = sigmoid(X w + b), L = mean (p - y)^2; X (12, 4), w (4,), b (1,), y (12,) in (0.1, 0.9).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, w, b, y):
    return ((torch.sigmoid(X @ w + b) - y) ** 2).mean()


def grad(X, w, b, y):
    N = len(y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dz = 2 * (p - y) / N  # <- wrong
    dw = X.T @ dz
    db = np.array([dz.sum()])
    return dw, db


def grad_fixed(X, w, b, y):
    N = len(y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dz = 2 * (p - y) * p * (1 - p) / N
    dw = X.T @ dz
    db = np.array([dz.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (12, 4), "w": (4,), "b": (1,), "y": (12,)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_logreg_02")
CAUSE = "activation-derivative-missing"
FIX = "With a squared error the sigmoid's derivative p (1 - p) stays in dz."
