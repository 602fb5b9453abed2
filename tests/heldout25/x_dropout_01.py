"""Tanh layer followed by inverted dropout with drop probability p = 0.3, the mask drawn from
uniforms u: H = tanh(x W), Y = H * (u > p) / (1 - p), L = sum(dout * Y);
x (N, D), W (D, H), u (N, H) in (0, 1), dout (N, H).
"""

import numpy as np
import torch

from verify import derivation

P_DROP = 0.3


def loss(x, W, u, dout):
    keep = (u > P_DROP).to(x.dtype)
    return (dout * torch.tanh(x @ W) * keep / (1 - P_DROP)).sum()


class Dropout:
    def __init__(self, p):
        self.p = p
        self.mask = None

    def forward(self, h, u):
        self.mask = (u > self.p).astype(h.dtype)
        return h * self.mask / (1 - self.p)

    def backward(self, dout):
        return dout * self.mask / self.p  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return dout * self.mask / (1 - self.p)


def run(drop, x, W, u, dout):
    H = np.tanh(np.dot(x, W))
    drop.forward(H, u)
    dH = drop.backward(dout)
    dZ = dH * (1 - H ** 2)
    return np.dot(dZ, W.T), np.dot(x.T, dZ)


def grad(x, W, u, dout):
    return run(Dropout(P_DROP), x, W, u, dout)


def grad_fixed(x, W, u, dout):
    return run(DropoutFixed(P_DROP), x, W, u, dout)


SPEC = dict(wrt=("x", "W"), shapes={"x": ("N", "D"), "W": ("D", "H"), "u": ("N", "H"), "dout": ("N", "H")},
            draws={"u": ("uniform", 0.0, 1.0)}, sizes={"N": 4, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="x_dropout_01")
CAUSE = "wrong-coefficient"
FIX = "Inverted dropout scales the kept units by 1 / (1 - p), and the backward must use the same scale."
