"""A tanh layer fitted with a per-example sum of squares averaged over the batch, numpy:
Y = tanh(X W), L = 1/N sum_n ||Y_n - T_n||^2;
X (4, 5), W (5, 3), T (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, T):
    Y = torch.tanh(X @ W)
    return ((Y - T) ** 2).sum(dim=1).mean()


def grad(X, W, T):
    Y = np.tanh(X @ W)
    dY = 2 * (Y - T) / Y.size  # <- wrong
    dZ = dY * (1 - Y ** 2)
    dW = X.T @ dZ
    return dW


def grad_fixed(X, W, T):
    Y = np.tanh(X @ W)
    dY = 2 * (Y - T) / Y.shape[0]
    dZ = dY * (1 - Y ** 2)
    dW = X.T @ dZ
    return dW


SPEC = dict(wrt=("W",), shapes={"X": (4, 5), "W": (5, 3), "T": (4, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mse_01")
CAUSE = "wrong-divisor"
FIX = "The squares are summed over each row and averaged over the N rows, so divide by N, not N*D."
