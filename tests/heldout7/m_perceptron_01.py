"""A single-layer sigmoid perceptron on a batch, torch, trained with the mean squared error:
o = sigma(X w + b), L = F.mse_loss(o, t) = 1/N sum_n (o_n - t_n)^2;
X (N, D), w (D,), b (1,), t (N,) with t in (0.1, 0.9), N = 8, D = 3.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    return F.mse_loss(torch.sigmoid(X @ w + b), t)


def grad(X, w, b, t):
    N = X.shape[0]
    o = torch.sigmoid(X @ w + b)
    delta = (o - t) * o * (1 - o) / N  # <- wrong
    dw = delta @ X
    db = delta.sum(0, keepdim=True)
    return dw, db


def grad_fixed(X, w, b, t):
    N = X.shape[0]
    o = torch.sigmoid(X @ w + b)
    delta = 2 * (o - t) * o * (1 - o) / N
    dw = delta @ X
    db = delta.sum(0, keepdim=True)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss is the mean of squares with no 1/2, so delta = 2 (o - t) o (1 - o) / N."
