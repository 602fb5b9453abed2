"""Linear regression through an affine layer in numpy, half the squared error, batch mean.

x (N, D), W (D, M), b (M,), t (N, M), y = x W + b, L = 1/(2N) sum_n sum_m (y_nm - t_nm)^2.
"""

import numpy as np

from verify import derivation


def loss(x, W, b, t):
    y = x @ W + b
    return 0.5 * ((y - t) ** 2).sum(dim=1).mean()


def grad(x, W, b, t):
    y = np.dot(x, W) + b
    n = x.shape[1]  # <- wrong
    dy = (y - t) / n
    dW = np.dot(x.T, dy)
    db = np.sum(dy, axis=0)
    return dW, db


def grad_fixed(x, W, b, t):
    y = np.dot(x, W) + b
    n = x.shape[0]
    dy = (y - t) / n
    dW = np.dot(x.T, dy)
    db = np.sum(dy, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": (4, 3), "W": (3, 2), "b": (2,), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="l_affine_06")
CAUSE = "wrong-divisor"
FIX = "Divide by the batch size x.shape[0], not by the input width x.shape[1]."
