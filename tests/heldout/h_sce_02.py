"""Softmax regression on one-hot targets, cross-entropy averaged over the batch:
L = -1/N sum_n sum_c T_nc log softmax(X W)_nc;
X (N, D), W (D, C), T (N, C) one-hot.
"""

import torch

from verify import derivation


def loss(X, W, T):
    """L = -mean_n sum_c T_nc log softmax(X W)_nc."""
    return -(T * torch.log_softmax(X @ W, dim=1)).sum(dim=1).mean()


def grad(X, W, T):
    Z = X @ W
    P = torch.softmax(Z, dim=1)
    dZ = (P - T) / Z.shape[1]  # <- wrong
    dW = X.T @ dZ
    return dW


def grad_fixed(X, W, T):
    Z = X @ W
    P = torch.softmax(Z, dim=1)
    dZ = (P - T) / Z.shape[0]
    dW = X.T @ dZ
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "C"), "T": ("N", "C")},
            sizes={"N": 6, "D": 3, "C": 4}, draws={"T": "onehot"})
case = derivation(loss, grad, **SPEC, name="h_sce_02")
CAUSE = "wrong-divisor"
FIX = "The mean is over the batch: divide by Z.shape[0] (N), not Z.shape[1] (C)."
