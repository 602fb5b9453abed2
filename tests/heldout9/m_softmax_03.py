"""Softmax regression with weight decay, torch: scores = X W + b,
L = mean cross-entropy against one-hot Y + reg ||W||^2 with reg = 0.05;
X (N, D), W (D, C), b (C,), Y (N, C) with N = 10, D = 5, C = 4.
"""

import torch

from verify import derivation

REG = 0.05


def loss(X, Y, W, b):
    logp = torch.log_softmax(X @ W + b, dim=1)
    return -(Y * logp).sum(1).mean() + REG * (W ** 2).sum()


def grad(X, Y, W, b):
    N = X.shape[0]
    probs = torch.softmax(X @ W + b, dim=1)
    dscores = (probs - Y) / N
    grad_W = X.T @ dscores  # <- wrong
    grad_b = dscores.sum(0)
    return grad_W, grad_b


def grad_fixed(X, Y, W, b):
    N = X.shape[0]
    probs = torch.softmax(X @ W + b, dim=1)
    dscores = (probs - Y) / N
    grad_W = X.T @ dscores + 2 * REG * W
    grad_b = dscores.sum(0)
    return grad_W, grad_b


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "Y": ("N", "C"), "W": ("D", "C"), "b": ("C",)},
            draws={"Y": "onehot"}, sizes={"N": 10, "D": 5, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_softmax_03")
CAUSE = "missing-term"
FIX = "The weight decay reg ||W||^2 adds 2 * REG * W to grad_W."
