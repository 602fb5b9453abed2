"""A linear model in numpy under the mean squared error over the batch, no 1/2.

x (N, D), w (D,), t (N,), y = x w, L = 1/N sum_n (y_n - t_n)^2.
"""

import numpy as np

from verify import derivation


def loss(w, x, t):
    return ((x @ w - t) ** 2).mean()


def grad(w, x, t):
    N = x.shape[0]
    y = np.dot(x, w)
    dy = (y - t) / N  # <- wrong
    dw = np.dot(x.T, dy)
    return dw


def grad_fixed(w, x, t):
    N = x.shape[0]
    y = np.dot(x, w)
    dy = 2 * (y - t) / N
    dw = np.dot(x.T, dy)
    return dw


SPEC = dict(wrt="w", shapes={"w": ("D",), "x": ("N", "D"), "t": ("N",)},
            sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_reg_13")
CAUSE = "square-factor"
FIX = "Keep the 2 of the square: the loss has no 1/2, dy = 2 (y - t) / N."
