"""Sigmoid layer in matrix form with torch's mse_loss (note 002):
a = W x, o = sigma(a), L = 1/N sum_n (o_n - t_n)^2; x (D, 1), W (N, D), t (N, 1).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, t):
    """L = mse_loss(o, t) = 1/N sum_n (o_n - t_n)^2 with o = sigma(W x)."""
    return F.mse_loss(torch.sigmoid(W @ x), t)


def grad(x, W, t):
    a = W @ x
    o = torch.sigmoid(a)
    dL_do = 2 * (o - t) / x.shape[0]  # <- wrong
    dL_da = dL_do * o * (1 - o)
    dL_dW = dL_da @ x.T
    return dL_dW


def grad_fixed(x, W, t):
    a = W @ x
    o = torch.sigmoid(a)
    dL_do = 2 * (o - t) / t.shape[0]
    dL_da = dL_do * o * (1 - o)
    dL_dW = dL_da @ x.T
    return dL_dW


SPEC = dict(wrt="W", shapes={"x": ("D", 1), "W": ("N", "D"), "t": ("N", 1)},
            draws={"W": ("normal", 0.5), "t": "uniform"}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_04")
CAUSE = "wrong-divisor"
FIX = "mse_loss averages over the N outputs: divide by N = t.shape[0], not D = x.shape[0]."
