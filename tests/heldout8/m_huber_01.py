"""Linear regression with F.huber_loss (delta = 1, mean over the batch), torch:
r = X w + b - y, L = mean_n huber(r_n), huber'(r) = clamp(r, -delta, delta);
X (N, D), w (D,), b (1,), y (N,), N = 10, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(X, y, w, b):
    return F.huber_loss(X @ w + b, y, delta=DELTA)


def grad(X, y, w, b):
    N = X.shape[0]
    r = X @ w + b - y
    g = torch.where(r.abs() <= DELTA, r, DELTA * torch.sign(r))
    dw = X.T @ g / N
    db = g.sum().reshape(1)  # <- wrong
    return dw, db


def grad_fixed(X, y, w, b):
    N = X.shape[0]
    r = X @ w + b - y
    g = torch.where(r.abs() <= DELTA, r, DELTA * torch.sign(r))
    dw = X.T @ g / N
    db = g.sum().reshape(1) / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={"y": ("normal", 2.0)}, sizes={"N": 10, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "batch-mean"
FIX = "huber_loss averages over the batch, so the bias gradient is also divided by N."
