"""An affine layer class with cached input, checked under an upstream gradient:
out = x W + b, L = sum(dout * out); x (N, D), W (D, M), b (M,), dout (N, M); N = 4, D = 3, M = 3.
"""

import numpy as np

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(dout.T, self.x)  # <- wrong
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
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            draws={}, sizes={"N": 4, "D": 3, "M": 3})
case = derivation(loss, grad, **SPEC, name="v_affine_02")
CAUSE = "transpose"
FIX = "dW has W's shape (D, M) and is x^T dout, not dout^T x."
