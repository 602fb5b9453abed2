"""A leaky-ReLU dense layer with the GAN slope 0.2, torch backward:
y = leaky_relu(x W + b, 0.2), L = sum(dout * y); x (N, D), W (D, H), b (H,), dout (N, H),
N = 6, D = 3, H = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, b, dout):
    return (dout * F.leaky_relu(x @ W + b, 0.2)).sum()


def grad(x, W, b, dout):
    z = x @ W + b
    dz = torch.where(z > 0, dout, 0.01 * dout)  # <- wrong
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(0)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    z = x @ W + b
    dz = torch.where(z > 0, dout, 0.2 * dout)
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "H"), "b": ("H",), "dout": ("N", "H")},
            draws={}, sizes={"N": 6, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_activation_03")
CAUSE = "wrong-coefficient"
FIX = "The negative slope in the backward must be the forward's 0.2, not the default 0.01."
