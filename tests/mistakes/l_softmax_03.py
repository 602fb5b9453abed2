"""Softmax with cross-entropy over a batch, integer labels, in torch.

x (N, C) scores, t (N,) labels in 0 .. C - 1, L = mean over n of -log softmax(x)_n,t_n.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, t):
    return F.cross_entropy(x, t)


def grad(x, t):
    y = torch.softmax(x, dim=1)
    T = F.one_hot(t, x.shape[1]).to(x.dtype)
    dx = y - T  # <- wrong
    return dx


def grad_fixed(x, t):
    y = torch.softmax(x, dim=1)
    T = F.one_hot(t, x.shape[1]).to(x.dtype)
    dx = (y - T) / x.shape[0]
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "t": ("N",)}, draws={"t": ("labels", 4)},
            sizes={"N": 2, "C": 4})
case = derivation(loss, grad, **SPEC, name="l_softmax_03")
CAUSE = "batch-mean"
FIX = "Divide y - T by the batch size N: the loss is the mean over the batch."
