"""Ridge regression in numpy: half the squared error averaged over the batch, plus L2.

x (N, D), W (D, M), t (N, M), y = x W, L = 1/(2N) sum (y - t)^2 + LAM sum W^2.
"""

import numpy as np

from verify import derivation

LAM = 0.1


def loss(W, x, t):
    y = x @ W
    return ((y - t) ** 2).sum() / (2 * x.shape[0]) + LAM * (W**2).sum()


def grad(W, x, t):
    N = x.shape[0]
    y = np.dot(x, W)
    dy = (y - t) / N
    dW = np.dot(x.T, dy)  # <- wrong
    return dW


def grad_fixed(W, x, t):
    N = x.shape[0]
    y = np.dot(x, W)
    dy = (y - t) / N
    dW = np.dot(x.T, dy) + 2 * LAM * W
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 2), "x": (5, 3), "t": (5, 2)})
case = derivation(loss, grad, **SPEC, name="l_reg_01")
CAUSE = "missing-term"
FIX = "Add the regulariser's gradient 2 * LAM * W to dW."
