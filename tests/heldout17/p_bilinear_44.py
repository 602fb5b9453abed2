"""Bilinear pair scorer with a logistic loss, torch: s_n = x_n W y_n^T, L = mean_n BCE(sigmoid(s_n), t_n);
x (4, 3), y (4, 3), W (3, 3), t (4,) soft labels in (0.1, 0.9).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, y, W, t):
    s = ((x @ W) * y).sum(dim=1)
    return F.binary_cross_entropy_with_logits(s, t)


def grad(x, y, W, t):
    s = ((x @ W) * y).sum(dim=1)
    g = (torch.sigmoid(s) - t) / x.shape[0]
    dx = g[:, None] * (y @ W.T)
    dy = g[:, None] * (x @ W)
    dW = x.T @ (g[:, None] * y)
    return dy, dx, dW  # <- wrong


def grad_fixed(x, y, W, t):
    s = ((x @ W) * y).sum(dim=1)
    g = (torch.sigmoid(s) - t) / x.shape[0]
    dx = g[:, None] * (y @ W.T)
    dy = g[:, None] * (x @ W)
    dW = x.T @ (g[:, None] * y)
    return dx, dy, dW


SPEC = dict(wrt=("x", "y", "W"), shapes={"x": (4, 3), "y": (4, 3), "W": (3, 3), "t": (4,)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_bilinear_44")
CAUSE = "return-order"
FIX = "Return the gradients in wrt's order (x, y, W): dx, dy, dW."
