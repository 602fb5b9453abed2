"""Logistic regression on a handful of examples, negative log-likelihood summed:
p_i = sigma(w . x_i), L = -sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)]; X (5, 3), w (3,), y (5,).
"""

import math

import torch

from verify import derivation


def loss(w, X, y):
    p = torch.sigmoid(X @ w)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()


def grad(w, X, y):
    dw = [0.0] * len(w)
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        z = sum(wj * xj for wj, xj in zip(w.tolist(), xi, strict=True))
        p = 1.0 / (1.0 + math.exp(-z))
        dL_dp = yi / p - (1 - yi) / (1 - p)  # <- wrong
        dp_dz = p * (1 - p)
        for j, xj in enumerate(xi):
            dw[j] += dL_dp * dp_dz * xj
    return dw


def grad_fixed(w, X, y):
    dw = [0.0] * len(w)
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        z = sum(wj * xj for wj, xj in zip(w.tolist(), xi, strict=True))
        p = 1.0 / (1.0 + math.exp(-z))
        dL_dp = -yi / p + (1 - yi) / (1 - p)
        dp_dz = p * (1 - p)
        for j, xj in enumerate(xi):
            dw[j] += dL_dp * dp_dz * xj
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (5, 3), "y": (5,)}, draws={"y": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_logistic_01")
CAUSE = "sign"
FIX = "The loss is minus the log-likelihood, so dL/dp = -y / p + (1 - y) / (1 - p)."
