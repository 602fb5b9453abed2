"""Two-layer tanh MLP over a batch, linear output, mean over the batch:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, y = tanh(x W1 + b1) W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = tanh(x W1 + b1) W2 + b2."""
    y = torch.tanh(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    h = np.tanh(np.dot(x, W1) + b1)
    y = np.dot(h, W2) + b2
    dy = (y - t) / y.shape[1]  # <- wrong
    dW2 = np.dot(h.T, dy)
    db2 = dy.sum(axis=0)
    dh = np.dot(dy, W2.T)
    dz1 = dh * (1 - h ** 2)
    dW1 = np.dot(x.T, dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    h = np.tanh(np.dot(x, W1) + b1)
    y = np.dot(h, W2) + b2
    dy = (y - t) / y.shape[0]
    dW2 = np.dot(h.T, dy)
    db2 = dy.sum(axis=0)
    dh = np.dot(dy, W2.T)
    dz1 = dh * (1 - h ** 2)
    dW1 = np.dot(x.T, dz1)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            draws={"W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"N": 4, "D": 3, "H": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_04")
CAUSE = "wrong-divisor"
FIX = "The loss averages over the N examples (axis 0): divide by y.shape[0], not by the K outputs."
