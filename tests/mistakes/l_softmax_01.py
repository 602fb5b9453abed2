"""Softmax with cross-entropy over a batch, one-hot targets.

x (N, C) scores, t (N, C) one-hot, y = softmax(x), L = -1/N sum_n sum_c t_nc log y_nc.
"""

import torch

from verify import derivation


def loss(x, t):
    return -(t * torch.log_softmax(x, dim=1)).sum() / x.shape[0]


def grad(x, t):
    N = x.shape[0]
    e = torch.exp(x - x.amax(dim=1, keepdim=True))
    y = e / e.sum(dim=1, keepdim=True)
    dx = (t - y) / N  # <- wrong
    return dx


def grad_fixed(x, t):
    N = x.shape[0]
    e = torch.exp(x - x.amax(dim=1, keepdim=True))
    y = e / e.sum(dim=1, keepdim=True)
    dx = (y - t) / N
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "t": ("N", "C")}, draws={"t": "onehot"},
            sizes={"N": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="l_softmax_01")
CAUSE = "sign"
FIX = "Use (y - t) instead of (t - y)."
