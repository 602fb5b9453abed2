"""Linear regression with torch's mse_loss, gradient written in numpy.

pred = X w + b, L = mse_loss(pred, y) = mean((pred - y)^2); X (4, 3), w (3,), b (1,), y (4,).
Gradients with respect to w and b.
Mistake: the textbook 1/2 (pred - y)^2 convention is used, so dpred = (pred - y) / n
where mse_loss gives 2 (pred - y) / n.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, y):
    return F.mse_loss(X @ w + b, y)


def grad(w, b, X, y):
    n = X.shape[0]
    pred = np.dot(X, w) + b
    err = pred - y
    dpred = err / n  # <- wrong
    dw = np.dot(X.T, dpred)
    db = np.sum(dpred, keepdims=True)
    return dw, db


def grad_fixed(w, b, X, y):
    n = X.shape[0]
    pred = np.dot(X, w) + b
    err = pred - y
    dpred = 2 * err / n
    dw = np.dot(X.T, dpred)
    db = np.sum(dpred, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": ("D",), "b": (1,), "X": ("N", "D"), "y": ("N",)},
            sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="t_linreg_13")
CAUSE = "mse-convention"
FIX = "mse_loss has no 1/2 in front, so d/dpred mean((pred - y)^2) = 2 (pred - y) / n."
