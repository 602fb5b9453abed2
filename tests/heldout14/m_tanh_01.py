"""A fully connected tanh layer under an upstream gradient, torch:
y = tanh(x W + b), L = sum(dout * y); x (N, D), W (D, M), b (M,), dout (N, M).
"""

import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * torch.tanh(x @ W + b)).sum()


def grad(x, W, b, dout):
    z = x @ W + b
    y = torch.tanh(z)
    dz = dout * (1 - z ** 2)  # <- wrong
    dW = x.T @ dz
    db = dz.sum(0)
    dx = dz @ W.T
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    z = x @ W + b
    y = torch.tanh(z)
    dz = dout * (1 - y ** 2)
    dW = x.T @ dz
    db = dz.sum(0)
    dx = dz @ W.T
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            draws={}, sizes={"N": 3, "D": 2, "M": 4})
case = derivation(loss, grad, **SPEC, name="m_tanh_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 = 1 - y^2, in terms of the output y."
