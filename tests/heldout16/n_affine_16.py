"""An affine layer in the classic numpy layer style, scored by a half squared error:
y = x W + b, L = 1/2 sum (y - t)^2, the layer's backward gets dout = y - t;
x (5, 4), W (4, 4) (square: as many outputs as inputs), b (4,), t (5, 4).
"""

import numpy as np

from verify import derivation


def loss(x, W, b, t):
    return 0.5 * ((x @ W + b - t) ** 2).sum()


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


def grad(x, W, b, t):
    layer = Affine(W, b)
    y = layer.forward(x)
    dx = layer.backward(y - t)
    return dx, layer.dW, layer.db


def grad_fixed(x, W, b, t):
    layer = AffineFixed(W, b)
    y = layer.forward(x)
    dx = layer.backward(y - t)
    return dx, layer.dW, layer.db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (5, 4), "W": (4, 4), "b": (4,), "t": (5, 4)})
case = derivation(loss, grad, **SPEC, name="n_affine_16")
CAUSE = "transpose"
FIX = "y = x W maps the upstream gradient back through W transposed: dx = dout @ W.T."
