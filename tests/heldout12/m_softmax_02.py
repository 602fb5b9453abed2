"""A softmax output scored with the Brier score, numpy:
p = softmax(x) over each row, L = 1/2 sum_{n,c} (p_nc - t_nc)^2, backward through the softmax Jacobian;
x (N, C), t (N, C) one-hot, with N = 3, C = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, t):
    return 0.5 * ((torch.softmax(x, dim=1) - t) ** 2).sum()


def grad(x, t):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    dp = p - np.asarray(t)
    inner = (dp * p).sum(axis=0, keepdims=True)  # <- wrong
    dx = p * (dp - inner)
    return dx


def grad_fixed(x, t):
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    dp = p - np.asarray(t)
    inner = (dp * p).sum(axis=1, keepdims=True)
    dx = p * (dp - inner)
    return dx


SPEC = dict(wrt=("x",), shapes={"x": ("N", "C"), "t": ("N", "C")},
            draws={"t": "onehot"}, sizes={"N": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "reduction-axis"
FIX = "The softmax Jacobian couples the classes of one row, so the inner product sums over axis=1."
