"""Robust linear regression with the Huber loss summed over examples (delta = 1):
r = X w - y, L = sum_n huber(r_n); X (N, D), w (D,), y (N,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.0


def loss(w, X, y):
    return F.huber_loss(X @ w, y, reduction="sum", delta=DELTA)


def grad(w, X, y):
    r = X @ w - y
    dr = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))
    dw = X.T @ dr / len(y)  # <- wrong
    return dw


def grad_fixed(w, X, y):
    r = X @ w - y
    dr = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))
    dw = X.T @ dr
    return dw


SPEC = dict(wrt="w", shapes={"w": ("D",), "X": ("N", "D"), "y": ("N",)}, draws={},
            sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="w_huber_01")
CAUSE = "batch-mean"
FIX = "The Huber loss here is summed over examples, so X^T dr must not be divided by N."
