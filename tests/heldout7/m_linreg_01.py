"""Least-squares linear regression, numpy: pred = X w + b, L = sum_n (pred_n - y_n)^2
(a plain sum of squares: no 1/2 and no mean); X (N, D), y (N,), w (D,), b (1,) with N = 9, D = 4.
"""

import numpy as np

from verify import derivation


def loss(X, y, w, b):
    pred = X @ w + b
    return ((pred - y) ** 2).sum()


def grad(X, y, w, b):
    resid = X.dot(w) + b - y
    g = resid  # <- wrong
    dw = X.T.dot(g)
    db = np.array([g.sum()])
    return dw, db


def grad_fixed(X, y, w, b):
    resid = X.dot(w) + b - y
    g = 2.0 * resid
    dw = X.T.dot(g)
    db = np.array([g.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": (9, 4), "y": (9,), "w": (4,), "b": (1,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "The loss is a sum of squares with no 1/2, so its derivative keeps the 2: g = 2 (pred - y)."
