"""Two-layer sigmoid MLP over a batch, as many hidden units as outputs, linear output:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, h = sigma(x W1 + b1), y = h W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = sigma(x W1 + b1) W2 + b2."""
    y = torch.sigmoid(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = 1 / (1 + np.exp(-(np.dot(x, W1) + b1)))
    y = np.dot(h, W2) + b2
    dy = (y - t) / N
    dW2 = np.dot(h.T, dy)
    db2 = np.sum(dy, axis=0)
    dz1 = np.dot(dy, W2.T) * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = np.sum(dy, axis=0)  # <- wrong
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = 1 / (1 + np.exp(-(np.dot(x, W1) + b1)))
    y = np.dot(h, W2) + b2
    dy = (y - t) / N
    dW2 = np.dot(h.T, dy)
    db2 = np.sum(dy, axis=0)
    dz1 = np.dot(dy, W2.T) * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = np.sum(dz1, axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            sizes={"N": 4, "D": 2, "H": 3, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_17")
CAUSE = "wrong-layer"
FIX = "b1 is in the hidden layer: sum the hidden delta dz1, not the output's dy."
