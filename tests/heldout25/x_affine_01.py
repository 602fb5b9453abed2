"""Fully connected layer in the row convention, backward under an upstream gradient:
out = x W + b, L = sum(dout * out); x (3, 4), W (4, 4), b (4,), dout (3, 4).
"""

import numpy as np

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W)  # <- wrong
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class AffineFixed(Affine):
    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


def grad(x, W, b, dout):
    layer = Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


def grad_fixed(x, W, b, dout):
    layer = AffineFixed(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (3, 4), "W": (4, 4), "b": (4,), "dout": (3, 4)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="x_affine_01")
CAUSE = "transpose"
FIX = "Since out = x W, dx = dout W^T."
