"""Least squares with an L2 penalty (not halved), numpy:
r = X w - y, L = 1/N sum_n r_n^2 + lam ||w||^2 with lam = 0.5;
X (6, 4), w (4,), y (6,).
"""

import numpy as np

from verify import derivation

LAM = 0.5


def loss(X, w, y):
    return ((X @ w - y) ** 2).mean() + LAM * (w ** 2).sum()


def grad(X, w, y):
    X, w, y = np.asarray(X), np.asarray(w), np.asarray(y)
    r = X @ w - y
    d_data = 2 * X.T @ r / len(y)
    d_reg = LAM * w  # <- wrong
    return d_data + d_reg


def grad_fixed(X, w, y):
    X, w, y = np.asarray(X), np.asarray(w), np.asarray(y)
    r = X @ w - y
    d_data = 2 * X.T @ r / len(y)
    d_reg = 2 * LAM * w
    return d_data + d_reg


SPEC = dict(wrt=("w",), shapes={"X": (6, 4), "w": (4,), "y": (6,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_ridge_02")
CAUSE = "wrong-coefficient"
FIX = "The penalty lam ||w||^2 has no 1/2, so its gradient is 2 lam w."
