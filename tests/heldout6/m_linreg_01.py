"""Linear regression, numpy closed form: pred = X w + b, L = 1/2 sum (pred - y)^2;
X (N, D), w (D,), b (1,), y (N,), N = 12, D = 5.
"""

import numpy as np

from verify import derivation


def loss(X, w, b, y):
    pred = X @ w + b
    return 0.5 * ((pred - y) ** 2).sum()


def grad(X, w, b, y):
    pred = np.dot(X, w) + b
    dpred = 2 * (pred - y)  # <- wrong
    dw = np.dot(X.T, dpred)
    db = np.sum(dpred, keepdims=True)
    return dw, db


def grad_fixed(X, w, b, y):
    pred = np.dot(X, w) + b
    dpred = pred - y
    dw = np.dot(X.T, dpred)
    db = np.sum(dpred, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "y": ("N",)},
            draws={}, sizes={"N": 12, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "square-factor"
FIX = "With the 1/2 in the loss the residual's gradient is pred - y, without the 2."
