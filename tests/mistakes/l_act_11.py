"""A tanh layer after an affine map as a numpy layer class, checked through L = sum(dout * out).

x (N, D) drawn N(0, 0.5^2), W (D, M), b (M,), out = tanh(x W + b),
dout (N, M) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation


class TanhAffine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        self.out = np.tanh(np.dot(x, self.W) + self.b)
        return self.out

    def backward(self, dout):
        dz = dout  # <- wrong
        self.dW = np.dot(self.x.T, dz)
        self.db = np.sum(dz, axis=0)
        return np.dot(dz, self.W.T)


class TanhAffineFixed(TanhAffine):
    def backward(self, dout):
        dz = dout * (1 - self.out**2)
        self.dW = np.dot(self.x.T, dz)
        self.db = np.sum(dz, axis=0)
        return np.dot(dz, self.W.T)


def loss(x, W, b, dout):
    return (dout * torch.tanh(x @ W + b)).sum()


def grad(x, W, b, dout):
    layer = TanhAffine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


def grad_fixed(x, W, b, dout):
    layer = TanhAffineFixed(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (4, 2), "W": (2, 3), "b": (3,), "dout": (4, 3)},
            draws={"x": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="l_act_11")
CAUSE = "activation-derivative-missing"
FIX = "Multiply dout by tanh' = 1 - out**2 before the affine backward."
