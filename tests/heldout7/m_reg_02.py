"""Elastic-net linear regression, torch: pred = X w + b,
L = F.mse_loss(pred, y) + l1 sum|w| + l2 sum w^2 with l1 = 0.01, l2 = 0.1 (no 1/2 on the penalty);
X (N, D), w (D,), b (1,), y (N,) with N = 6, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation

L1, L2 = 0.01, 0.1


def loss(X, y, w, b):
    return F.mse_loss(X @ w + b, y) + L1 * w.abs().sum() + L2 * (w ** 2).sum()


def grad(X, y, w, b):
    r = X @ w + b - y
    dw = 2.0 * X.T @ r / X.shape[0]
    dw = dw + L1 * torch.sign(w)
    dw = dw + L2 * w  # <- wrong
    db = 2.0 * r.mean().reshape(1)
    return dw, db


def grad_fixed(X, y, w, b):
    r = X @ w + b - y
    dw = 2.0 * X.T @ r / X.shape[0]
    dw = dw + L1 * torch.sign(w)
    dw = dw + 2.0 * L2 * w
    db = 2.0 * r.mean().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_reg_02")
CAUSE = "wrong-coefficient"
FIX = "The L2 penalty l2 sum w^2 has no 1/2 in front, so its gradient is 2 l2 w."
