"""A two-layer ReLU network with inverted dropout (keep 0.5) under a fixed mask given as input, numpy:
h = relu(X W1 + b1), hd = h * mask / keep, y = hd W2 + b2, L = 1/(2N) sum_{n,k} (y_nk - T_nk)^2;
X (N, D), mask (N, H) in {0, 1}, W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), T (N, K)
with N = 5, D = 3, H = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation

KEEP = 0.5


def loss(X, mask, T, W1, b1, W2, b2):
    hd = torch.relu(X @ W1 + b1) * mask / KEEP
    return 0.5 * ((hd @ W2 + b2 - T) ** 2).sum() / X.shape[0]


def grad(X, mask, T, W1, b1, W2, b2):
    N = X.shape[0]
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    hd = h * mask / KEEP
    y = hd @ W2 + b2
    dy = (y - T) / N
    dW2 = h.T @ dy  # <- wrong
    db2 = dy.sum(axis=0)
    dhd = dy @ W2.T
    dh = dhd * mask / KEEP
    dz = dh * (z > 0)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, mask, T, W1, b1, W2, b2):
    N = X.shape[0]
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    hd = h * mask / KEEP
    y = hd @ W2 + b2
    dy = (y - T) / N
    dW2 = hd.T @ dy
    db2 = dy.sum(axis=0)
    dhd = dy @ W2.T
    dh = dhd * mask / KEEP
    dz = dh * (z > 0)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "mask": ("N", "H"), "T": ("N", "K"), "W1": ("D", "H"),
                    "b1": ("H",), "W2": ("H", "K"), "b2": ("K",)},
            draws={"mask": ("labels", 2)}, sizes={"N": 5, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "wrong-operand"
FIX = "W2 sees the dropped and rescaled activations, so dW2 = hd^T dy."
