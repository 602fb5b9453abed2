"""Least squares in numpy with the textbook's half sum of squares.

x (N, D), W (D, M), t (N, M), y = x W, L = 1/2 sum_n sum_m (y_nm - t_nm)^2.
"""

import numpy as np

from verify import derivation


def loss(W, x, t):
    return 0.5 * ((x @ W - t) ** 2).sum()


def grad(W, x, t):
    y = np.dot(x, W)
    diff = y - t
    dy = 2.0 * diff / y.size  # <- wrong
    dW = np.dot(x.T, dy)
    return dW


def grad_fixed(W, x, t):
    y = np.dot(x, W)
    diff = y - t
    dy = diff
    dW = np.dot(x.T, dy)
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "M"), "x": ("N", "D"), "t": ("N", "M")},
            sizes={"N": 3, "D": 2, "M": 2})
case = derivation(loss, grad, **SPEC, name="l_reg_06")
CAUSE = "mse-convention"
FIX = "The loss is 1/2 sum of squares, not mse_loss: dy = y - t, without 2 / y.size."
