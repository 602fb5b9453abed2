"""Two-layer sigmoid MLP over a batch with biases, linear output:
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, y = sigma(x W1 + b1) W2 + b2;
x (4, 3), W1 (3, 5), b1 (5,), W2 (5, 2), b2 (2,), t (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = sigma(x W1 + b1) W2 + b2."""
    y = torch.sigmoid(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, t):
    h = 1 / (1 + np.exp(-(np.dot(x, W1) + b1)))
    y = np.dot(h, W2) + b2
    dy = y - t
    dW2 = np.dot(h.T, dy)
    db2 = np.sum(dy, axis=0)
    dz1 = np.dot(dy, W2.T) * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = np.sum(dz1, axis=1)  # <- wrong
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    h = 1 / (1 + np.exp(-(np.dot(x, W1) + b1)))
    y = np.dot(h, W2) + b2
    dy = y - t
    dW2 = np.dot(h.T, dy)
    db2 = np.sum(dy, axis=0)
    dz1 = np.dot(dy, W2.T) * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    db1 = np.sum(dz1, axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (4, 3), "W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_19")
CAUSE = "reduction-axis"
FIX = "b1 is added to every example: sum dz1 over the batch axis 0, not over the hidden units."
