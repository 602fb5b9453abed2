"""Huber loss (delta = 1) of a linear regressor in torch (no autograd): r = x w - t,
L = 1/N sum_n huber(r_n); x (N, D) = (8, 3), w (3,), t (8,).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, t):
    return F.huber_loss(x @ w, t, delta=1.0)


def grad(x, w, t):
    N = x.shape[0]
    r = x @ w - t
    g = torch.where(r.abs() <= 1.0, r, torch.sign(r))  # <- wrong
    dw = x.T @ g
    return dw


def grad_fixed(x, w, t):
    N = x.shape[0]
    r = x @ w - t
    g = torch.where(r.abs() <= 1.0, r, torch.sign(r)) / N
    dw = x.T @ g
    return dw


SPEC = dict(wrt="w", shapes={"x": ("N", "D"), "w": ("D",), "t": ("N",)}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="k_loss_02")
CAUSE = "batch-mean"
FIX = "F.huber_loss averages over the N examples, so each residual's gradient is divided by N."
