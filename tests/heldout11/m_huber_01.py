"""Robust linear regression with the Huber loss (delta = 1), numpy:
r = X w + b - y, L = 1/N sum_n h(r_n), h(r) = r^2 / 2 if |r| <= 1 else |r| - 1/2;
X (N, D), y (N,), w (D,), b (1,) with N = 8, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(X, y, w, b):
    return F.huber_loss(X @ w + b, y, delta=DELTA)


def grad(X, y, w, b):
    r = X @ w + b - y
    small = r <= DELTA  # <- wrong
    dr = np.where(small, r, DELTA * np.sign(r)) / r.shape[0]
    dw = X.T @ dr
    db = np.atleast_1d(dr.sum())
    return dw, db


def grad_fixed(X, y, w, b):
    r = X @ w + b - y
    small = np.abs(r) <= DELTA
    dr = np.where(small, r, DELTA * np.sign(r)) / r.shape[0]
    dw = X.T @ dr
    db = np.atleast_1d(dr.sum())
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_huber_01")
CAUSE = "mask"
FIX = "The quadratic zone is |r| <= delta on both sides: small = np.abs(r) <= DELTA."
