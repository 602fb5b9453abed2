"""Elastic-net linear regression, numpy:
L = 1/(2N) ||X w - y||^2 + l1 ||w||_1 + l2/2 ||w||^2, l1 = 0.1, l2 = 0.5;
X (N, D), w (D,), y (N,), N = 9, D = 4.
"""

import numpy as np

from verify import derivation

L1, L2 = 0.1, 0.5


def loss(X, y, w):
    r = X @ w - y
    return 0.5 * (r ** 2).mean() + L1 * w.abs().sum() + 0.5 * L2 * (w ** 2).sum()


def grad(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    r = X @ w - y
    data_term = X.T @ r / len(y)
    penalty = L2 * w  # <- wrong
    return data_term + penalty


def grad_fixed(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    r = X @ w - y
    data_term = X.T @ r / len(y)
    penalty = L1 * np.sign(w) + L2 * w
    return data_term + penalty


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",)},
            draws={}, sizes={"N": 9, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_reg_02")
CAUSE = "missing-term"
FIX = "The L1 part of the penalty adds its subgradient l1 * sign(w)."
