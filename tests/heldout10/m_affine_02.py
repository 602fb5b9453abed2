"""An affine layer as a numpy class in the classic style (forward caches x, backward sets dw, db):
out = x w + b, L = sum(dout * out); x (5, 3), w (3, 5), b (5,), dout (5, 5): a batch of five
that happens to equal the five outputs.
"""

import numpy as np

from verify import derivation


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


class Affine:
    def __init__(self, w, b):
        self.w, self.b = w, b
        self.x = None

    def forward(self, x):
        self.x = x
        return x @ self.w + self.b

    def backward(self, dout):
        self.dw = self.x.T @ dout
        self.db = np.sum(dout, axis=1)  # <- wrong
        return dout @ self.w.T


class AffineFixed(Affine):
    def backward(self, dout):
        self.dw = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.w.T


def grad(x, w, b, dout):
    layer = Affine(np.asarray(w), np.asarray(b))
    layer.forward(np.asarray(x))
    dx = layer.backward(np.asarray(dout))
    return dx, layer.dw, layer.db


def grad_fixed(x, w, b, dout):
    layer = AffineFixed(np.asarray(w), np.asarray(b))
    layer.forward(np.asarray(x))
    dx = layer.backward(np.asarray(dout))
    return dx, layer.dw, layer.db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (5, 3), "w": (3, 5), "b": (5,), "dout": (5, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is shared by every example, so db sums dout over the batch axis 0."
