"""A tanh layer after a linear map, checked through L = sum(dout * tanh(x W)):
x (N, D), W (D, M), dout (N, M) the upstream gradient.
"""

import torch

from verify import derivation


def loss(x, W, dout):
    return (dout * torch.tanh(x @ W)).sum()


def grad(x, W, dout):
    z = x @ W
    a = torch.tanh(z)
    dz = dout * (1 - z ** 2)  # <- wrong
    dW = x.T @ dz
    return dW


def grad_fixed(x, W, dout):
    z = x @ W
    a = torch.tanh(z)
    dz = dout * (1 - a ** 2)
    dW = x.T @ dz
    return dW


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "M"), "dout": ("N", "M")},
            sizes={"N": 5, "D": 3, "M": 4})
case = derivation(loss, grad, **SPEC, name="h_act_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2: square the activation a, not the pre-activation z."
