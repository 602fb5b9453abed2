"""Ridge regression with an intercept, numpy:
L = (1/N) sum_n (x_n . w + b - y_n)^2 + lambda ||w||^2 (the intercept is not penalised);
X (6, 3), w (3,), b (1,), y (6,).
"""

import numpy as np

from verify import derivation

LAM = 0.5


def loss(X, w, b, y):
    return ((X @ w + b - y) ** 2).mean() + LAM * (w ** 2).sum()


def grad(X, w, b, y):
    n = X.shape[0]
    pred = X @ w + b
    resid = pred - y
    dw = 2.0 * X.T @ resid / n  # <- wrong
    db = 2.0 * np.sum(resid, keepdims=True) / n
    return dw, db


def grad_fixed(X, w, b, y):
    n = X.shape[0]
    pred = X @ w + b
    resid = pred - y
    dw = 2.0 * X.T @ resid / n + 2.0 * LAM * w
    db = 2.0 * np.sum(resid, keepdims=True) / n
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (6, 3), "w": (3,), "b": (1,), "y": (6,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_ridge_01")
CAUSE = "missing-term"
FIX = "The penalty lambda ||w||^2 adds 2 lambda w to dw."
