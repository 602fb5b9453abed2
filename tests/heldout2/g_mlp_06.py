"""A ReLU regression net in numpy, the mean over the batch of squared errors:
L = 1/N sum_n ||relu(x_n W1 + b1) W2 - t_n||^2; X (6, 4), W1 (4, 5), b1 (5,), W2 (5, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(W1, b1, W2, X, T):
    """L = 1/N sum_n ||y_n - t_n||^2 with y = relu(X W1 + b1) W2."""
    Y = torch.relu(X @ W1 + b1) @ W2
    return ((Y - T) ** 2).sum() / X.shape[0]


def grad(W1, b1, W2, X, T):
    N = X.shape[0]
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    Y = h @ W2
    dY = 2 * (Y - T) / N
    dW2 = h.T @ dY
    dh = dY @ W2.T
    dh[h < 0] = 0  # <- wrong
    dW1 = X.T @ dh
    db1 = dh.sum(axis=0)
    return dW1, db1, dW2


def grad_fixed(W1, b1, W2, X, T):
    N = X.shape[0]
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    Y = h @ W2
    dY = 2 * (Y - T) / N
    dW2 = h.T @ dY
    dh = dY @ W2.T
    dh[h <= 0] = 0
    dW1 = X.T @ dh
    db1 = dh.sum(axis=0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"W1": (4, 5), "b1": (5,), "W2": (5, 3), "X": (6, 4), "T": (6, 3)})
case = derivation(loss, grad, **SPEC, name="g_mlp_06")
CAUSE = "mask"
FIX = "The mask is taken after the ReLU, where h is never negative: zero dh where h <= 0."
