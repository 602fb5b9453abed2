"""An affine layer in the classic numpy layer style, checked through an upstream gradient:
y = x W + b, E = sum(dout * y), so dE/dx, dE/dW, dE/db are what backward(dout) gives;
x (4, 3), W (3, 3) square, b (3,), dout (4, 3).
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
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = np.dot(dout, self.W)  # <- wrong
        return dx


class AffineFixed(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = np.dot(dout, self.W.T)
        return dx


def grad(x, W, b, dout):
    layer = Affine(np.asarray(W), np.asarray(b))
    layer.forward(np.asarray(x))
    dx = layer.backward(np.asarray(dout))
    return dx, layer.dW, layer.db


def grad_fixed(x, W, b, dout):
    layer = AffineFixed(np.asarray(W), np.asarray(b))
    layer.forward(np.asarray(x))
    dx = layer.backward(np.asarray(dout))
    return dx, layer.dW, layer.db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": (4, 3), "W": (3, 3), "b": (3,), "dout": (4, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "The input gradient of x W is dout W^T: np.dot(dout, self.W.T)."
