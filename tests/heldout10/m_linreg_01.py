"""Linear regression with a plain sum-of-squares loss, numpy backward:
pred = X w + b, L = sum_n (pred_n - y_n)^2 (no 1/2 in front, no mean);
X (N, D), w (D,), b (1,), y (N,) with N = 16, D = 5.
"""

import numpy as np

from verify import derivation


def loss(X, y, w, b):
    return ((X @ w + b - y) ** 2).sum()


def grad(X, y, w, b):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    resid = X @ w + np.asarray(b) - y
    dpred = resid  # <- wrong
    dw = X.T @ dpred
    db = np.array([dpred.sum()])
    return dw, db


def grad_fixed(X, y, w, b):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    resid = X @ w + np.asarray(b) - y
    dpred = 2 * resid
    dw = X.T @ dpred
    db = np.array([dpred.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 16, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "The derivative of (pred - y)^2 is 2 (pred - y), so dpred = 2 * resid."
