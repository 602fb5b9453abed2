"""A ReLU residual block with a plain sum-of-squares loss averaged over the batch, numpy:
z = x W1 + b1, y = x + relu(z) W2, L = 1/N sum_n ||y_n - T_n||^2;
x (N, D), W1 (D, H), W2 (H, D), T (N, D), N = 3, D = 4, H = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, T, W1, b1, W2):
    y = x + torch.relu(x @ W1 + b1) @ W2
    return ((y - T) ** 2).sum() / x.shape[0]


def grad(x, T, W1, b1, W2):
    x, T = np.asarray(x), np.asarray(T)
    W1, b1, W2 = np.asarray(W1), np.asarray(b1), np.asarray(W2)
    z = x @ W1 + b1
    h = np.maximum(0, z)
    y = x + h @ W2
    dy = 2 * (y - T) / x.shape[0]
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(axis=0)
    dx = dz @ W1.T  # <- wrong
    return dx, dW1, db1, dW2


def grad_fixed(x, T, W1, b1, W2):
    x, T = np.asarray(x), np.asarray(T)
    W1, b1, W2 = np.asarray(W1), np.asarray(b1), np.asarray(W2)
    z = x @ W1 + b1
    h = np.maximum(0, z)
    y = x + h @ W2
    dy = 2 * (y - T) / x.shape[0]
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(axis=0)
    dx = dy + dz @ W1.T
    return dx, dW1, db1, dW2


SPEC = dict(wrt=("x", "W1", "b1", "W2"),
            shapes={"x": ("N", "D"), "T": ("N", "D"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "D")},
            draws={}, sizes={"N": 3, "D": 4, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_resblock_02")
CAUSE = "missing-term"
FIX = "The skip connection carries dy straight back to x: dx = dy + dz W1^T."
