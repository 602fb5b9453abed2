"""Logistic loss in margin form, pure Python loops (labels in {-1, +1}).

m_i = y_i (w . x_i), L = sum_i log(1 + exp(-m_i)); X (3, 4), w (4,), y (3,) fixed [1, -1, 1].
Gradient with respect to w: dL/dw = -sum_i sigmoid(-m_i) y_i x_i.
Mistake: the accumulation adds sigmoid(-m) y x instead of subtracting it (the minus from
d/dm log(1 + exp(-m)) = -sigmoid(-m) is forgotten).
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, X, y):
    return F.softplus(-y * (X @ w)).sum()


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def grad(w, X, y):
    dw = [0.0] * len(w)
    for xi, yi in zip(X, y):
        m = yi * sum(wj * xj for wj, xj in zip(w, xi))
        s = sigmoid(-m)
        for j in range(len(w)):
            dw[j] += s * yi * xi[j]  # <- wrong
    return dw


def grad_fixed(w, X, y):
    dw = [0.0] * len(w)
    for xi, yi in zip(X, y):
        m = yi * sum(wj * xj for wj, xj in zip(w, xi))
        s = sigmoid(-m)
        for j in range(len(w)):
            dw[j] -= s * yi * xi[j]
    return dw


SPEC = dict(wrt="w", shapes={"w": (4,), "X": (3, 4), "y": (3,)},
            draws={"y": ("fixed", torch.tensor([1.0, -1.0, 1.0]))})
case = derivation(loss, grad, **SPEC, name="t_logloss_06")
CAUSE = "sign"
FIX = "d/dm log(1 + exp(-m)) = -sigmoid(-m), so each example subtracts sigmoid(-m) y x from dw."
