"""Multi-output linear regression with the half sum of squares, numpy:
P = X W + b, L = 1/2 sum_{n,k} (P_nk - Y_nk)^2; X (N, D), W (D, K), b (K,), Y (N, K)
with N = 6, D = 3, K = 2.
"""

import numpy as np

from verify import derivation


def loss(X, W, b, Y):
    return 0.5 * ((X @ W + b - Y) ** 2).sum()


def grad(X, W, b, Y):
    E = np.dot(X, W) + b - Y
    dE = 2 * E / E.size  # <- wrong
    dW = np.dot(X.T, dE)
    db = dE.sum(axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    E = np.dot(X, W) + b - Y
    dE = E
    dW = np.dot(X.T, dE)
    db = dE.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": (6, 3), "W": (3, 2), "b": (2,), "Y": (6, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_linreg_02")
CAUSE = "mse-convention"
FIX = "This loss is 1/2 sum of squares, not mse_loss, so dE = E with neither the 2 nor the 1/numel."
