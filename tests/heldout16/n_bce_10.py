"""Multi-label classifier with binary cross-entropy on logits, torch:
Z = x W + b, L = binary_cross_entropy_with_logits(Z, Y) = mean over all N*C entries;
x (N, D), W (D, C), b (C,), Y (N, C) soft targets in (0, 1); N = 6, D = 4, C = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, Y):
    return F.binary_cross_entropy_with_logits(x @ W + b, Y)


def grad(x, W, b, Y):
    Z = x @ W + b
    N, C = Z.shape
    dZ = (torch.sigmoid(Z) - Y) / N  # <- wrong
    dW = x.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


def grad_fixed(x, W, b, Y):
    Z = x @ W + b
    N, C = Z.shape
    dZ = (torch.sigmoid(Z) - Y) / (N * C)
    dW = x.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": ("N", "D"), "W": ("D", "C"), "b": ("C",), "Y": ("N", "C")},
            sizes={"N": 6, "D": 4, "C": 5}, draws={"Y": "uniform"})
case = derivation(loss, grad, **SPEC, name="n_bce_10")
CAUSE = "wrong-divisor"
FIX = "The default reduction averages over every one of the N*C labels, so dZ is divided by N * C."
