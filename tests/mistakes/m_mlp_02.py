"""Two-layer sigmoid MLP for a binary target, no biases, mean cross-entropy over the batch:
E = -1/N sum_n [t_n log y_n + (1 - t_n) log(1 - y_n)], y = sigma(sigma(x W1) W2);
x (4, 3), W1 (3, 5), W2 (5, 1), t (4, 1).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, W2, t):
    """E = mean binary cross-entropy of y = sigma(z2), z2 = sigma(x W1) W2, against t."""
    z2 = torch.sigmoid(x @ W1) @ W2
    return F.binary_cross_entropy_with_logits(z2, t)


def grad(x, W1, W2, t):
    N = x.shape[0]
    h = 1 / (1 + np.exp(-np.dot(x, W1)))
    z2 = np.dot(h, W2)
    y = 1 / (1 + np.exp(-z2))
    dz2 = (t - y) / N  # <- wrong
    dW2 = np.dot(h.T, dz2)
    dh = np.dot(dz2, W2.T)
    dz1 = dh * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    N = x.shape[0]
    h = 1 / (1 + np.exp(-np.dot(x, W1)))
    z2 = np.dot(h, W2)
    y = 1 / (1 + np.exp(-z2))
    dz2 = (y - t) / N
    dW2 = np.dot(h.T, dz2)
    dh = np.dot(dz2, W2.T)
    dz1 = dh * h * (1 - h)
    dW1 = np.dot(x.T, dz1)
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (4, 3), "W1": (3, 5), "W2": (5, 1), "t": (4, 1)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "sign"
FIX = "Cross-entropy on a sigmoid output gives dE/dz2 = (y - t) / N, not (t - y) / N."
