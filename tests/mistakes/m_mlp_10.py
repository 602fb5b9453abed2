"""Two-layer sigmoid MLP over a batch of as many examples as inputs, linear output:
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, y = sigma(x W1 + b1) W2;
x (3, 3), W1 (3, 4), b1 (4,), W2 (4, 2), t (3, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = sigma(x W1 + b1) W2."""
    y = torch.sigmoid(x @ W1 + b1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, t):
    z1 = np.dot(x, W1) + b1
    h = 1 / (1 + np.exp(-z1))
    y = np.dot(h, W2)
    dy = y - t
    dW2 = np.dot(h.T, dy)
    dh = np.dot(dy, W2.T)
    dz1 = dh * h * (1 - h)
    dW1 = np.dot(x, dz1)  # <- wrong
    db1 = np.sum(dz1, axis=0)
    return dW1, db1, dW2


def grad_fixed(x, W1, b1, W2, t):
    z1 = np.dot(x, W1) + b1
    h = 1 / (1 + np.exp(-z1))
    y = np.dot(h, W2)
    dy = y - t
    dW2 = np.dot(h.T, dy)
    dh = np.dot(dy, W2.T)
    dz1 = dh * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = np.sum(dz1, axis=0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"x": (3, 3), "W1": (3, 4), "b1": (4,), "W2": (4, 2), "t": (3, 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_10")
CAUSE = "transpose"
FIX = "dW1 = x^T dz1: use x.T (the square x (3, 3) hides the missing transpose)."
