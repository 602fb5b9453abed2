"""Linear regression with the textbook half sum of squares, numpy:
pred = X w + b, L = 1/2 sum_n (pred_n - y_n)^2 (summed over the batch, not averaged);
X (N, D), w (D,), b (1,), y (N,) with N = 8, D = 3.
"""

import numpy as np

from verify import derivation


def loss(X, y, w, b):
    pred = X @ w + b
    return 0.5 * ((pred - y) ** 2).sum()


def grad(X, y, w, b):
    X, y = np.asarray(X), np.asarray(y)
    w, b = np.asarray(w), np.asarray(b)
    pred = X @ w + b
    err = 2 * (pred - y)  # <- wrong
    dw = X.T @ err
    db = np.array([err.sum()])
    return dw, db


def grad_fixed(X, y, w, b):
    X, y = np.asarray(X), np.asarray(y)
    w, b = np.asarray(w), np.asarray(b)
    pred = X @ w + b
    err = pred - y
    dw = X.T @ err
    db = np.array([err.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the sum cancels the 2 of the square, so err = pred - y."
