"""Multi-output linear regression with the Huber loss, torch: P = X W + b,
L = F.huber_loss(P, Y, delta=1) (the mean over all N*K elements of 1/2 r^2 or |r| - 1/2);
X (N, D), W (D, K), b (K,), Y (N, K) with N = 9, D = 4, K = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    return F.huber_loss(X @ W + b, Y, delta=1.0)


def grad(X, W, b, Y):
    r = X @ W + b - Y
    g = torch.clamp(r, -1.0, 1.0) / X.shape[0]  # <- wrong
    return X.T @ g, g.sum(dim=0)


def grad_fixed(X, W, b, Y):
    r = X @ W + b - Y
    g = torch.clamp(r, -1.0, 1.0) / r.numel()
    return X.T @ g, g.sum(dim=0)


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 9, "D": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "wrong-divisor"
FIX = "huber_loss averages over every element, so divide by r.numel() = N K, not by N."
