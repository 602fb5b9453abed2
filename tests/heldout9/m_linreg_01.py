"""Linear regression trained with F.mse_loss, torch: pred = X w + b, L = mse_loss(pred, y)
(the mean of the squared errors, no 1/2); X (N, D), w (D,), b (1,), y (N,) with N = 20, D = 3.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, y, w, b):
    return F.mse_loss(X @ w + b, y)


def grad(X, y, w, b):
    N = X.shape[0]
    pred = X @ w + b
    dpred = (pred - y) / N  # <- wrong
    dw = X.T @ dpred
    db = dpred.sum().reshape(1)
    return dw, db


def grad_fixed(X, y, w, b):
    N = X.shape[0]
    pred = X @ w + b
    dpred = 2 * (pred - y) / N
    dw = X.T @ dpred
    db = dpred.sum().reshape(1)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={}, sizes={"N": 20, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "mse-convention"
FIX = "mse_loss has no 1/2 in front, so dpred = 2 * (pred - y) / N."
