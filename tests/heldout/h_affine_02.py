"""The classic Affine layer in numpy, checked through L = sum(dout * (x W + b)):
x (N, D), W (D, D) square, b (D,), dout (N, D) the upstream gradient.
"""

import numpy as np

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
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


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": (3, 4), "W": (4, 4), "b": (4,), "dout": (3, 4)})
case = derivation(loss, grad, **SPEC, name="h_affine_02")
CAUSE = "transpose"
FIX = "dx = dout W^T: use self.W.T (the square W hides the missing transpose)."
