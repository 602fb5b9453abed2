"""Sigmoid layer in matrix form, column vectors (note 002), square weights:
a = W x, o = sigma(a), E = 1/2 sum_n (o_n - t_n)^2; x (3, 1), W (3, 3), t (3, 1).
"""

import torch

from verify import derivation


def loss(x, W, t):
    """E = 1/2 sum_n (o_n - t_n)^2 with o = sigma(W x)."""
    o = torch.sigmoid(W @ x)
    return 0.5 * ((o - t) ** 2).sum()


def grad(x, W, t):
    a = W @ x
    o = torch.sigmoid(a)
    delta = (o - t) * o * (1 - o)
    dE_dW = x @ delta.T  # <- wrong
    return dE_dW


def grad_fixed(x, W, t):
    a = W @ x
    o = torch.sigmoid(a)
    delta = (o - t) * o * (1 - o)
    dE_dW = delta @ x.T
    return dE_dW


SPEC = dict(wrt="W", shapes={"x": (3, 1), "W": (3, 3), "t": (3, 1)},
            draws={"W": ("normal", 0.5), "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_06")
CAUSE = "transpose"
FIX = "a = W x gives dE/dW_nd = delta_n x_d: the outer product is delta x^T, not x delta^T."
