"""The Affine layer class of a from-scratch numpy book; forward caches x:
out = x W + b, L = sum(dout * out); x (3, 5), W (5, 3), b (3,), dout (3, 3):
the batch of 3 equals the 3 output units.
"""

import numpy as np

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=1)  # <- wrong
        return dx


class AffineFixed(Affine):
    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


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


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (3, 5), "W": (5, 3), "b": (3,), "dout": (3, 3)})
case = derivation(loss, grad, **SPEC, name="k_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is broadcast over the batch rows, so db sums dout over axis 0."
