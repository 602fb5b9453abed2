"""Two-layer regression MLP in numpy with a tanh hidden layer and the squared error averaged
over the batch: h = tanh(X W1 + b1), y = h W2 + b2, L = 1/N sum_n ||y_n - T_n||^2;
X (N, D) = (8, 3), W1 (3, 5), b1 (5,), W2 (5, 2), b2 (2,), T (8, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, T):
    y = torch.tanh(X @ W1 + b1) @ W2 + b2
    return ((y - T) ** 2).sum(dim=1).mean()


def grad(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = np.tanh(z1)
    y = h @ W2 + b2
    dy = 2.0 * (y - T) / N
    dW2 = h.T @ dy
    db2 = dy.sum(axis=0)
    dh = dy @ W2.T
    dz1 = dh * (1.0 - z1 ** 2)  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, T):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = np.tanh(z1)
    y = h @ W2 + b2
    dy = 2.0 * (y - T) / N
    dW2 = h.T @ dy
    db2 = dy.sum(axis=0)
    dh = dy @ W2.T
    dz1 = dh * (1.0 - h ** 2)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "T": ("N", "K")},
            sizes={"N": 8, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="k_mlp_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 is written with the layer's output h: dh * (1 - h ** 2)."
