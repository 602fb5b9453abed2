"""Softmax cross-entropy of a linear map, one-hot targets, gradients of input and weights.

x (N, D), W (D, C), t (N, C) one-hot, y = softmax(x W), L = -1/N sum_n sum_c t_nc log y_nc.
"""

import torch

from verify import derivation


def loss(x, W, t):
    return -(t * torch.log_softmax(x @ W, dim=1)).sum() / x.shape[0]


def grad(x, W, t):
    N = x.shape[0]
    y = torch.softmax(x @ W, dim=1)
    dscores = (y - t) / N
    dx = dscores @ W.T
    dW = x.T @ dscores
    return dW, dx  # <- wrong


def grad_fixed(x, W, t):
    N = x.shape[0]
    y = torch.softmax(x @ W, dim=1)
    dscores = (y - t) / N
    dx = dscores @ W.T
    dW = x.T @ dscores
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": ("N", "D"), "W": ("D", "C"), "t": ("N", "C")},
            draws={"t": "onehot"}, sizes={"N": 3, "D": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="l_softmax_07")
CAUSE = "return-order"
FIX = "Return (dx, dW), the order of wrt, not (dW, dx)."
