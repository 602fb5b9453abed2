"""Linear regression with mean squared error and an L2 penalty without a 1/2, numpy:
L = 1/N sum_n (x_n w - y_n)^2 + lam ||w||^2, lam = 0.5;
X (6, 3), y (6,), w (3,).
"""

import numpy as np

from verify import derivation

LAM = 0.5


def loss(X, y, w):
    return ((X @ w - y) ** 2).mean() + LAM * (w ** 2).sum()


def grad(X, y, w):
    n = X.shape[0]
    r = X.dot(w) - y
    g_data = 2.0 * X.T.dot(r) / n
    g_reg = LAM * w  # <- wrong
    return np.asarray(g_data + g_reg)


def grad_fixed(X, y, w):
    n = X.shape[0]
    r = X.dot(w) - y
    g_data = 2.0 * X.T.dot(r) / n
    g_reg = 2.0 * LAM * w
    return np.asarray(g_data + g_reg)


SPEC = dict(wrt="w", shapes={"X": (6, 3), "y": (6,), "w": (3,)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_ridge_02")
CAUSE = "wrong-coefficient"
FIX = "The penalty is lam ||w||^2 with no 1/2, so its gradient is 2 lam w."
