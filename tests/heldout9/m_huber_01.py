"""Robust linear regression with the Huber loss (delta = 1), numpy gradient:
r = X w - y, L = F.huber_loss(X w, y) = mean of r^2 / 2 for |r| <= 1 and |r| - 1/2 beyond;
X (N, D), w (D,), y (N,) with N = 12, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(X, y, w):
    return F.huber_loss(X @ w, y, delta=DELTA)


def grad(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    N = X.shape[0]
    r = X @ w - y
    dr = np.where(np.abs(r) > DELTA, r, DELTA * np.sign(r))  # <- wrong
    dw = X.T @ dr / N
    return dw


def grad_fixed(X, y, w):
    X, y, w = np.asarray(X), np.asarray(y), np.asarray(w)
    N = X.shape[0]
    r = X @ w - y
    dr = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))
    dw = X.T @ dr / N
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",)}, draws={},
            sizes={"N": 12, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "mask"
FIX = "The quadratic piece, with gradient r, holds inside |r| <= delta; outside it is delta * sign(r)."
