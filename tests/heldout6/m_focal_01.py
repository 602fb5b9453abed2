"""Logistic regression with the binary focal loss (gamma = 2), numpy:
s = (2y - 1)(X w + b), L = mean of -(1 - sigmoid(s))^gamma log sigmoid(s);
X (16, 4), w (4,), b (1,), y (16,) in {0, 1}.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation

GAMMA = 2.0


def loss(X, w, b, y):
    s = (2 * y - 1).to(X.dtype) * (X @ w + b)
    return (-(1 - torch.sigmoid(s)) ** GAMMA * F.logsigmoid(s)).mean()


def grad(X, w, b, y):
    N = X.shape[0]
    sgn = 2 * y - 1
    s = sgn * (X @ w + b)
    log_pt = -np.logaddexp(0, -s)
    pt = np.exp(log_pt)
    ds = GAMMA * pt * (1 - pt) ** GAMMA * log_pt - (1 - pt) ** (GAMMA + 1)
    dz = sgn * ds / N
    dw = X.T @ dz
    db = np.sum(dz, keepdims=True)
    return db, dw  # <- wrong


def grad_fixed(X, w, b, y):
    N = X.shape[0]
    sgn = 2 * y - 1
    s = sgn * (X @ w + b)
    log_pt = -np.logaddexp(0, -s)
    pt = np.exp(log_pt)
    ds = GAMMA * pt * (1 - pt) ** GAMMA * log_pt - (1 - pt) ** (GAMMA + 1)
    dz = sgn * ds / N
    dw = X.T @ dz
    db = np.sum(dz, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (16, 4), "w": (4,), "b": (1,), "y": (16,)},
            draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="m_focal_01")
CAUSE = "return-order"
FIX = "Return dw before db, in the order of wrt."
