"""An affine layer class in the classic style with square shapes, numpy:
out = x W + b, L = sum(dout * out); x (3, 3), W (3, 3), b (3,), dout (3, 3);
the gradients are asked in the order (dx, dW, db).
"""

import numpy as np

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


def grad(x, W, b, dout):
    layer = Affine(np.asarray(W), np.asarray(b))
    layer.forward(np.asarray(x))
    dx = layer.backward(np.asarray(dout))
    return layer.dW, dx, layer.db  # <- wrong


def grad_fixed(x, W, b, dout):
    layer = Affine(np.asarray(W), np.asarray(b))
    layer.forward(np.asarray(x))
    dx = layer.backward(np.asarray(dout))
    return dx, layer.dW, layer.db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (3, 3), "W": (3, 3), "b": (3,), "dout": (3, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: dx, dW, db."
