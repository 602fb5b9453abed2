"""Two-layer tanh network, loss averaged over the batch (as in most course notebooks):
L = 1/N sum_n 1/2 ||y_n - t_n||^2, y = tanh(x W1 + b1) W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """L = mean over the batch of 1/2 ||y_n - t_n||^2."""
    y = torch.tanh(x @ W1 + b1) @ W2 + b2
    return (0.5 * ((y - t) ** 2).sum(dim=1)).mean()


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    a = np.tanh(x @ W1 + b1)
    y = a @ W2 + b2
    dy = (y - t) / N
    dW2 = a.T @ dy
    db2 = dy.sum(axis=0) / N  # <- wrong
    da = dy @ W2.T
    dz = da * (1 - a ** 2)
    dW1 = x.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    a = np.tanh(x @ W1 + b1)
    y = a @ W2 + b2
    dy = (y - t) / N
    dW2 = a.T @ dy
    db2 = dy.sum(axis=0)
    da = dy @ W2.T
    dz = da * (1 - a ** 2)
    dW1 = x.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "t": ("N", "K")},
            sizes={"N": 6, "D": 4, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_mlp_02")
CAUSE = "batch-mean"
FIX = "dy already carries the 1/N of the batch mean: db2 = dy.sum(axis=0), with no second /N."
