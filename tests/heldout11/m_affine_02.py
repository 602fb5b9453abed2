"""An affine layer with a square weight, as a numpy layer class with forward and backward:
y = x W + b, L = sum(dout * y);
x (4, 3), W (3, 3), b (3,), dout (4, 3).
"""

import numpy as np

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


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
            shapes={"x": (4, 3), "W": (3, 3), "b": (3,), "dout": (4, 3)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "transpose"
FIX = "The input's gradient is dout W^T: np.dot(dout, self.W.T)."
