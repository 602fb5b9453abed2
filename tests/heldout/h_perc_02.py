"""Logistic-regression unit (a sigmoid perceptron) with the summed cross-entropy loss:
L = -sum_n [t_n log p_n + (1 - t_n) log(1 - p_n)], p = sigma(x w);
x (N, D), w (D,), t (N,) soft targets in [0, 1].
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, x, t):
    """Summed binary cross-entropy of p = sigma(x w) against t."""
    return F.binary_cross_entropy_with_logits(x @ w, t, reduction="sum")


def grad(w, x, t):
    z = x @ w
    p = 1.0 / (1.0 + torch.exp(-z))
    err = t - p  # <- wrong
    return x.T @ err


def grad_fixed(w, x, t):
    z = x @ w
    p = 1.0 / (1.0 + torch.exp(-z))
    err = p - t
    return x.T @ err


SPEC = dict(wrt="w", shapes={"w": ("D",), "x": ("N", "D"), "t": ("N",)},
            sizes={"N": 7, "D": 4}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_perc_02")
CAUSE = "sign"
FIX = "dL/dz = p - t; t - p is the direction of gradient ascent (the update), not the gradient."
