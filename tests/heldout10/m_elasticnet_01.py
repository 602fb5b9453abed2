"""Elastic-net linear regression, numpy backward:
L = 1/(2N) |X w - y|^2 + l1 |w|_1 + (l2 / 2) |w|^2 with l1 = 0.3, l2 = 0.5;
X (N, D), w (D,), y (N,) with N = 12, D = 5.
"""

import numpy as np

from verify import derivation

L1 = 0.3
L2 = 0.5


def loss(X, y, w):
    r = X @ w - y
    return 0.5 * (r ** 2).sum() / X.shape[0] + L1 * w.abs().sum() + 0.5 * L2 * (w ** 2).sum()


def grad(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    N = X.shape[0]
    r = X @ w - y
    dw = X.T @ r / N + L2 * w  # <- wrong
    return dw


def grad_fixed(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    N = X.shape[0]
    r = X @ w - y
    dw = X.T @ r / N + L1 * np.sign(w) + L2 * w
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",)},
            draws={}, sizes={"N": 12, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_elasticnet_01")
CAUSE = "missing-term"
FIX = "The L1 penalty contributes l1 * sign(w) to the gradient as well."
