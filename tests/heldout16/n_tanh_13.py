"""A tanh layer trained with torch's mse_loss on a matrix output, torch:
Y = tanh(X W + b), L = mse_loss(Y, T) = 1/(N K) sum_{n,k} (Y - T)^2;
X (6, 5), W (5, 4), b (4,), T (6, 4).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, T):
    return F.mse_loss(torch.tanh(X @ W + b), T)


def grad(X, W, b, T):
    Y = torch.tanh(X @ W + b)
    dY = 2 * (Y - T) / Y.shape[0]  # <- wrong
    dZ = dY * (1 - Y ** 2)
    return X.T @ dZ, dZ.sum(dim=0)


def grad_fixed(X, W, b, T):
    Y = torch.tanh(X @ W + b)
    dY = 2 * (Y - T) / (Y.shape[0] * Y.shape[1])
    dZ = dY * (1 - Y ** 2)
    return X.T @ dZ, dZ.sum(dim=0)


SPEC = dict(wrt=("W", "b"), shapes={"X": (6, 5), "W": (5, 4), "b": (4,), "T": (6, 4)},
            draws={"T": ("uniform", -0.9, 0.9)})
case = derivation(loss, grad, **SPEC, name="n_tanh_13")
CAUSE = "mse-convention"
FIX = "mse_loss averages over every element of Y, so dY = 2 (Y - T) / (N K), not / N."
