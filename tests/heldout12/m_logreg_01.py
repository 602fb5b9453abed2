"""Logistic regression with soft targets, numpy:
p = sigma(X w + b), L = -1/N sum_n [ y_n log p_n + (1 - y_n) log(1 - p_n) ];
X (N, D), w (D,), b (1,), y (N,) in (0, 1), with N = 6, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def grad(X, w, b, y):
    N = X.shape[0]
    z = np.dot(X, w) + b
    p = 0.5 * (1.0 + np.tanh(0.5 * z))
    err = y - p  # <- wrong
    dw = np.dot(X.T, err) / N
    db = np.array([err.sum() / N])
    return dw, db


def grad_fixed(X, w, b, y):
    N = X.shape[0]
    z = np.dot(X, w) + b
    p = 0.5 * (1.0 + np.tanh(0.5 * z))
    err = p - y
    dw = np.dot(X.T, err) / N
    db = np.array([err.sum() / N])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "y": ("N",)},
            draws={"y": "uniform"}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "sign"
FIX = "The gradient of the cross-entropy at the logits is p - y, not y - p."
