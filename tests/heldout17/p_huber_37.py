"""Robust linear regression with the Huber loss (delta = 2), numpy: r = X w - y,
L = F.huber_loss(X w, y, delta=2), the mean over N of 1/2 r^2 (|r| <= delta) or delta (|r| - delta/2);
X (N, D), w (D,), y (N,); N = 8, D = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 2.0


def loss(X, w, y):
    return F.huber_loss(X @ w, y, delta=DELTA)


def grad(X, w, y):
    r = X @ w - y
    psi = np.clip(r, -1.0, 1.0)  # <- wrong
    return X.T @ psi / len(y)


def grad_fixed(X, w, y):
    r = X @ w - y
    psi = np.clip(r, -DELTA, DELTA)
    return X.T @ psi / len(y)


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)}, sizes={"N": 8, "D": 4})
case = derivation(loss, grad, **SPEC, name="p_huber_37")
CAUSE = "wrong-coefficient"
FIX = "The Huber influence function clips the residual at +-delta = 2, not at +-1."
