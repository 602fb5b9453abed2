"""Logistic regression trained with binary cross-entropy, numpy gradient:
p = sigmoid(X w + b), L = mean BCE(p, y) (soft targets y in (0.1, 0.9));
X (N, D), w (D,), b (1,), y (N,) with N = 16, D = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, y, w, b):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def grad(X, y, w, b):
    X, y, w, b = np.asarray(X), np.asarray(y), np.asarray(w), np.asarray(b)
    N = X.shape[0]
    z = X @ w + b
    p = 0.5 * (1 + np.tanh(z / 2))  # sigmoid without overflow
    error = y - p  # <- wrong
    dw = X.T @ error / N
    db = np.array([error.sum() / N])
    return dw, db


def grad_fixed(X, y, w, b):
    X, y, w, b = np.asarray(X), np.asarray(y), np.asarray(w), np.asarray(b)
    N = X.shape[0]
    z = X @ w + b
    p = 0.5 * (1 + np.tanh(z / 2))  # sigmoid without overflow
    error = p - y
    dw = X.T @ error / N
    db = np.array([error.sum() / N])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={"y": "uniform"}, sizes={"N": 16, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "sign"
FIX = "dL/dz = p - y for the cross-entropy of a sigmoid, so error = p - y."
