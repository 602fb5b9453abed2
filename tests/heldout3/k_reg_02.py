"""Softmax regression with an elastic-net penalty in torch (no autograd):
L = mean CE(x W, y) + l1 |W|_1 + l2 ||W||_F^2, l1 = 0.01, l2 = 0.05;
x (6, 4), W (4, 3), integer labels y (6,) in 0..2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, y):
    return F.cross_entropy(x @ W, y) + 0.01 * W.abs().sum() + 0.05 * (W ** 2).sum()


def grad(x, W, y):
    N = x.shape[0]
    l1, l2 = 0.01, 0.05
    p = torch.softmax(x @ W, dim=1)
    Y = (y[:, None] == torch.arange(W.shape[1])).to(p.dtype)
    dW = x.T @ (p - Y) / N
    dW = dW + 2 * l2 * W  # <- wrong
    return dW


def grad_fixed(x, W, y):
    N = x.shape[0]
    l1, l2 = 0.01, 0.05
    p = torch.softmax(x @ W, dim=1)
    Y = (y[:, None] == torch.arange(W.shape[1])).to(p.dtype)
    dW = x.T @ (p - Y) / N
    dW = dW + 2 * l2 * W + l1 * torch.sign(W)
    return dW


SPEC = dict(wrt="W", shapes={"x": (6, 4), "W": (4, 3), "y": (6,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="k_reg_02")
CAUSE = "missing-term"
FIX = "The L1 part of the penalty contributes l1 * sign(W) as well."
