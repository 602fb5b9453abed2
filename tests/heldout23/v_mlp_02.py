"""A ReLU regression network with the per-example squared error averaged over the batch:
h = relu(X W1 + b1), Yhat = h W2, L = 1/N sum_n ||Yhat_n - T_n||^2;
X (4, 3), W1 (3, 5), b1 (5,), W2 (5, 2), T (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, T):
    Yhat = torch.relu(X @ W1 + b1) @ W2
    return ((Yhat - T) ** 2).sum(dim=1).mean()


def grad(X, W1, b1, W2, T):
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    Yhat = h @ W2
    dY = 2 * (Yhat - T) / Yhat.size  # <- wrong
    dW2 = h.T @ dY
    dz = (dY @ W2.T) * (z > 0)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2


def grad_fixed(X, W1, b1, W2, T):
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    Yhat = h @ W2
    dY = 2 * (Yhat - T) / len(X)
    dW2 = h.T @ dY
    dz = (dY @ W2.T) * (z > 0)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": (4, 3), "W1": (3, 5), "b1": (5,), "W2": (5, 2), "T": (4, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_mlp_02")
CAUSE = "mse-convention"
FIX = "The squared error is summed over the outputs and averaged over the N examples only, so dY = 2 (Yhat - T) / N."
