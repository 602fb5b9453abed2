"""A tanh dense layer, torch backward:
y = tanh(x W + b), L = sum(dout * y); x (N, D), W (D, H), b (H,), dout (N, H),
N = 4, D = 3, H = 5.
"""

import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * torch.tanh(x @ W + b)).sum()


def grad(x, W, b, dout):
    z = x @ W + b
    dz = dout * (1 - z ** 2)  # <- wrong
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(0)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    z = x @ W + b
    dz = dout * (1 - torch.tanh(z) ** 2)
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "H"), "b": ("H",), "dout": ("N", "H")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_activation_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2; 1 - z^2 uses the pre-activation where the output belongs."
