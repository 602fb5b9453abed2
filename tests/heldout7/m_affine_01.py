"""A fully connected (affine) layer as a numpy class with a cache, "Deep Learning from Scratch" style:
out = x W + b, checked through L = sum(dout * out);
x (N, D), W (D, D) square, b (D,), dout (N, D) with N = 7, D = 5.
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
        self.dW = None
        self.db = None

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
            shapes={"x": (7, 5), "W": (5, 5), "b": (5,), "dout": (7, 5)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "out = x W gives dx = dout W^T, so the weight must be transposed: np.dot(dout, self.W.T)."
