"""A tanh layer with its own bias, in torch, checked through L = sum(dout * y).

x (N, D), b (D,), y = tanh(x + b), dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, b, dout):
    return (dout * torch.tanh(x + b)).sum()


def grad(x, b, dout):
    z = x + b
    local = 1 - z**2  # <- wrong
    dz = dout * local
    dx = dz
    db = dz.sum(dim=0)
    return dx, db


def grad_fixed(x, b, dout):
    z = x + b
    local = 1 - torch.tanh(z) ** 2
    dz = dout * local
    dx = dz
    db = dz.sum(dim=0)
    return dx, db


SPEC = dict(wrt=("x", "b"), shapes={"x": ("N", "D"), "b": ("D",), "dout": ("N", "D")},
            sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="l_act_02")
CAUSE = "activation-derivative-of-input"
FIX = "Use tanh' = 1 - tanh(z)**2, the output squared, not 1 - z**2."
