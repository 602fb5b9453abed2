"""Two-layer ReLU MLP over a batch with biases, linear output, mean over the batch:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, h = relu(x W1 + b1), y = h W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = relu(x W1 + b1) W2 + b2."""
    y = torch.relu(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = np.maximum(0, np.dot(x, W1) + b1)
    y = np.dot(h, W2) + b2
    dy = (y - t) / N
    dW2 = np.dot(h.T, dy)
    db2 = dy.sum(axis=0)
    dz1 = np.dot(dy, W2.T)
    dz1[h < 0] = 0  # <- wrong
    dW1 = np.dot(x.T, dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = np.maximum(0, np.dot(x, W1) + b1)
    y = np.dot(h, W2) + b2
    dy = (y - t) / N
    dW2 = np.dot(h.T, dy)
    db2 = dy.sum(axis=0)
    dz1 = np.dot(dy, W2.T)
    dz1[h <= 0] = 0
    dW1 = np.dot(x.T, dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_20")
CAUSE = "mask"
FIX = "h = relu(z1) is never negative, so h < 0 masks nothing: zero dz1 where h <= 0."
