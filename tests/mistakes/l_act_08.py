"""Affine then Sigmoid, the classic numpy layer classes, checked through L = sum(dout * out).

x (N, D) drawn N(0, 0.5^2), W (D, M), b (M,), out = sigma(x W + b),
dout (N, M) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


def loss(x, W, b, dout):
    return (dout * torch.sigmoid(x @ W + b)).sum()


def grad(x, W, b, dout):
    affine = Affine(W, b)
    sigmoid = Sigmoid()
    sigmoid.forward(affine.forward(x))
    da = dout  # <- wrong
    affine.backward(da)
    return affine.dW, affine.db


def grad_fixed(x, W, b, dout):
    affine = Affine(W, b)
    sigmoid = Sigmoid()
    sigmoid.forward(affine.forward(x))
    da = sigmoid.backward(dout)
    affine.backward(da)
    return affine.dW, affine.db


SPEC = dict(wrt=("W", "b"), shapes={"x": (5, 3), "W": (3, 3), "b": (3,), "dout": (5, 3)},
            draws={"x": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="l_act_08")
CAUSE = "activation-derivative-missing"
FIX = "Pass dout through the sigmoid's backward first: da = sigmoid.backward(dout)."
