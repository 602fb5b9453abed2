"""Ridge regression with an unpenalised intercept, numpy:
r = X w + b - y, L = 1/(2N) ||r||^2 + lambda ||w||^2 with lambda = 0.1;
X (6, 3), w (3,), b (1,), y (6,).
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(X, w, b, y):
    r = X @ w + b - y
    return 0.5 * (r ** 2).mean() + LAM * (w ** 2).sum()


def grad(X, w, b, y):
    X, w, b, y = map(np.asarray, (X, w, b, y))
    N = X.shape[0]
    r = X @ w + b - y
    dw = X.T @ r / N  # <- wrong
    db = np.array([r.sum() / N])
    return dw, db


def grad_fixed(X, w, b, y):
    X, w, b, y = map(np.asarray, (X, w, b, y))
    N = X.shape[0]
    r = X @ w + b - y
    dw = X.T @ r / N + 2 * LAM * w
    db = np.array([r.sum() / N])
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (6, 3), "w": (3,), "b": (1,), "y": (6,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_ridge_01")
CAUSE = "missing-term"
FIX = "The penalty lambda ||w||^2 adds 2 lambda w to dw."
