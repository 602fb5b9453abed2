"""Ridge regression on a batch of two, numpy:
r = X w - y, L = 1/(2N) sum_n r_n^2 + lam/2 ||w||^2 with lam = 0.1;
X (N, D), w (D,), y (N,) with N = 2, D = 3.
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(X, w, y):
    r = X @ w - y
    return (r ** 2).sum() / (2 * X.shape[0]) + LAM / 2 * (w ** 2).sum()


def grad(X, w, y):
    X = np.asarray(X)
    w = np.asarray(w)
    y = np.asarray(y)
    N = X.shape[0]
    r = X @ w - y
    g_data = 2 * X.T @ r  # <- wrong
    g_reg = LAM * w
    dw = g_data / N + g_reg
    return dw


def grad_fixed(X, w, y):
    X = np.asarray(X)
    w = np.asarray(w)
    y = np.asarray(y)
    N = X.shape[0]
    r = X @ w - y
    g_data = X.T @ r
    g_reg = LAM * w
    dw = g_data / N + g_reg
    return dw


SPEC = dict(wrt=("w",),
            shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)},
            draws={}, sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_ridge_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the squared residuals cancels the 2, so the data term is X^T r / N."
