"""One sigmoid unit over a batch with the mean-squared error of torch:
L = mse_loss(o, t) = 1/N sum_n (o_n - t_n)^2, o = sigma(X w + b);
X (N, D), w (D, 1), b (1,), t (N, 1).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, t):
    """L = mse_loss(sigma(X w + b), t)."""
    return F.mse_loss(torch.sigmoid(X @ w + b), t)


def grad(w, b, X, t):
    o = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    dL_do = o - t  # <- wrong
    delta = dL_do * o * (1.0 - o)
    dw = X.T @ delta
    db = delta.sum(axis=0)
    return dw, db


def grad_fixed(w, b, X, t):
    o = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    dL_do = 2.0 * (o - t) / o.size
    delta = dL_do * o * (1.0 - o)
    dw = X.T @ delta
    db = delta.sum(axis=0)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"w": ("D", 1), "b": (1,), "X": ("N", "D"), "t": ("N", 1)},
            sizes={"N": 5, "D": 3}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_perc_03")
CAUSE = "mse-convention"
FIX = "mse_loss averages the squares over all elements: dL/do = 2 (o - t) / o.size."
