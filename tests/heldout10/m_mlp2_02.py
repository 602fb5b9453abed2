"""Two-layer sigmoid network in matrix form, numpy backward:
A1 = sigma(X W1), out = A1 W2, L = 1/2 sum (out - Y)^2;
X (N, D), W1 (D, H), W2 (H, K), Y (N, K) with N = 6, D = H = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, W1, W2):
    return 0.5 * ((torch.sigmoid(X @ W1) @ W2 - Y) ** 2).sum()


def grad(X, Y, W1, W2):
    X, Y, W1, W2 = map(np.asarray, (X, Y, W1, W2))
    A1 = 1.0 / (1.0 + np.exp(-(X @ W1)))
    out = A1 @ W2
    dout = out - Y
    dW2 = A1.T @ dout
    dA1 = dout @ W2.T
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = dZ1.T @ X  # <- wrong
    return dW1, dW2


def grad_fixed(X, Y, W1, W2):
    X, Y, W1, W2 = map(np.asarray, (X, Y, W1, W2))
    A1 = 1.0 / (1.0 + np.exp(-(X @ W1)))
    out = A1 @ W2
    dout = out - Y
    dW2 = A1.T @ dout
    dA1 = dout @ W2.T
    dZ1 = dA1 * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"X": ("N", "D"), "Y": ("N", "K"), "W1": ("D", "H"), "W2": ("H", "K")},
            draws={}, sizes={"N": 6, "D": 4, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp2_02")
CAUSE = "transpose"
FIX = "dW1 has W1's shape (D, H): X.T @ dZ1; dZ1.T @ X is its transpose and fits only as D == H."
