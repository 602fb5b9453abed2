"""An affine regression layer with the batch mean of the halved squared error:
out = X W + b, L = 1/N sum_n 1/2 ||out_n - y_n||^2;
X (N, D), W (D, K), b (K,), Y (N, K); N = 2, D = 3, K = 2.
"""

import numpy as np

from verify import derivation


def loss(X, W, b, Y):
    return 0.5 * ((X @ W + b - Y) ** 2).sum(dim=1).mean()


def grad(X, W, b, Y):
    out = np.dot(X, W) + b
    dout = out - Y  # <- wrong
    dW = np.dot(X.T, dout)
    db = np.sum(dout, axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    out = np.dot(X, W) + b
    dout = (out - Y) / X.shape[0]
    dW = np.dot(X.T, dout)
    db = np.sum(dout, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 2, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="v_affine_01")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples, so dout = (out - Y) / N."
