"""Linear regression on a batch of two, numpy:
pred = X w + b, L = 1/N sum_n (pred_n - y_n)^2 (mean of squares, no 1/2);
X (N, D), y (N,), w (D,), b (1,) with N = 2, D = 3.
"""

import numpy as np

from verify import derivation


def loss(X, y, w, b):
    pred = X @ w + b
    return ((pred - y) ** 2).mean()


def grad(X, y, w, b):
    X, y, w, b = (np.asarray(a) for a in (X, y, w, b))
    N = X.shape[0]
    pred = X @ w + b
    resid = pred - y
    dpred = resid / N  # <- wrong
    dw = X.T @ dpred
    db = np.array([dpred.sum()])
    return dw, db


def grad_fixed(X, y, w, b):
    X, y, w, b = (np.asarray(a) for a in (X, y, w, b))
    N = X.shape[0]
    pred = X @ w + b
    resid = pred - y
    dpred = 2 * resid / N
    dw = X.T @ dpred
    db = np.array([dpred.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "The loss has no 1/2, so the square's 2 stays: dpred = 2 (pred - y) / N."
