"""A two-layer MLP with a sigmoid hidden layer and a linear output, numpy:
h = sigma(X W1 + b1), y = h W2 + b2, L = 1/(2N) sum (y - T)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), T (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    y = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - T) ** 2).sum() / X.shape[0]


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    h = 1.0 / (1.0 + np.exp(-(X @ W1 + b1)))
    y = h @ W2 + b2
    dy = (y - T) / N
    dW2 = h.T @ dy
    db2 = dy.sum(axis=0)
    dh = dy @ W2.T
    dz1 = dh  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    h = 1.0 / (1.0 + np.exp(-(X @ W1 + b1)))
    y = h @ W2 + b2
    dy = (y - T) / N
    dW2 = h.T @ dy
    db2 = dy.sum(axis=0)
    dh = dy @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "T": ("N", "K")},
            draws={}, sizes={"N": 5, "D": 4, "H": 6, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "activation-derivative-missing"
FIX = "Chain through the hidden sigmoid: dz1 = dh * h * (1 - h)."
