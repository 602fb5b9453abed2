"""Logistic regression (one sigmoid unit over a batch) in torch without autograd, mean binary
cross-entropy: p = sigma(x w + b), L = 1/N sum_n BCE(p_n, t_n);
x (N, D) = (6, 3), w (D,), b a scalar, t (N,) in (0, 1).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, t):
    return F.binary_cross_entropy_with_logits(x @ w + b, t)


def grad(x, w, b, t):
    N = x.shape[0]
    p = torch.sigmoid(x @ w + b)
    dz = p - t
    db = dz.sum()  # <- wrong
    dw = x.T @ dz / N
    return dw, db


def grad_fixed(x, w, b, t):
    N = x.shape[0]
    p = torch.sigmoid(x @ w + b)
    dz = p - t
    db = dz.sum() / N
    dw = x.T @ dz / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"x": ("N", "D"), "w": ("D",), "b": (), "t": ("N",)},
            sizes={"N": 6, "D": 3}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="k_perceptron_02")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the N examples, so the bias gradient is dz.sum() / N too."
