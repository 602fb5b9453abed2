"""Logistic regression with a mean binary cross-entropy, torch:
p = sigma(X w + b), L = -1/N sum_n [y_n log p_n + (1 - y_n) log(1 - p_n)];
X (N, D), w (D,), b (1,), y (N,) soft targets in (0.1, 0.9) with N = 10, D = 5.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def grad(X, w, b, y):
    N = X.shape[0]
    p = torch.sigmoid(X @ w + b)
    dz = (y - p) / N  # <- wrong
    dw = X.T @ dz
    db = dz.sum().unsqueeze(0)
    return dw, db


def grad_fixed(X, w, b, y):
    N = X.shape[0]
    p = torch.sigmoid(X @ w + b)
    dz = (p - y) / N
    dw = X.T @ dz
    db = dz.sum().unsqueeze(0)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "y": ("N",)},
            draws={"y": "uniform"}, sizes={"N": 10, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "sign"
FIX = "The cross-entropy's gradient with respect to the logit is p - y, not y - p."
