"""A softmax classifier with L2 weight decay, torch backward:
L = F.cross_entropy(X W + b, y) + (reg / 2) |W|^2 with reg = 0.1;
X (N, D), W (D, C), b (C,), y (N,) with N = 10, D = 4, C = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

REG = 0.1


def loss(X, y, W, b):
    return F.cross_entropy(X @ W + b, y) + 0.5 * REG * (W ** 2).sum()


def grad(X, y, W, b):
    N, C = X.shape[0], W.shape[1]
    probs = torch.softmax(X @ W + b, dim=1)
    dscores = (probs - F.one_hot(y, C).to(X.dtype)) / N
    dW = X.T @ dscores  # <- wrong
    db = dscores.sum(0)
    return dW, db


def grad_fixed(X, y, W, b):
    N, C = X.shape[0], W.shape[1]
    probs = torch.softmax(X @ W + b, dim=1)
    dscores = (probs - F.one_hot(y, C).to(X.dtype)) / N
    dW = X.T @ dscores + REG * W
    db = dscores.sum(0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "W": ("D", "C"), "b": ("C",)},
            draws={"y": ("labels", 3)}, sizes={"N": 10, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "missing-term"
FIX = "The weight decay adds reg * W to dW."
