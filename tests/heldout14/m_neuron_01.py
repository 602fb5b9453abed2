"""A linear neuron fitted by least squares, numpy:
y = X w, L = (1 / (2N)) sum_n (y_n - t_n)^2; X (N, D), w (D,), t (N,).
"""

import numpy as np

from verify import derivation


def loss(X, w, t):
    y = X @ w
    return 0.5 * ((y - t) ** 2).mean()


def grad(X, w, t):
    n = X.shape[0]
    y = np.dot(X, w)
    r = y - t
    dw = 2 * np.dot(X.T, r) / n  # <- wrong
    return dw


def grad_fixed(X, w, t):
    n = X.shape[0]
    y = np.dot(X, w)
    r = y - t
    dw = np.dot(X.T, r) / n
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "t": ("N",)}, draws={},
            sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the squared error cancels the 2 from its derivative, so dw = X^T (y - t) / N."
