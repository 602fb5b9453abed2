"""Two affine layers with a ReLU between, in the classic layer-class style, numpy:
y = relu(x W1 + b1) W2 + b2, L = sum(dout * y);
x (3, 4), W1 (4, 4), b1 (4,), W2 (4, 4), b2 (4,), dout (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, dout):
    return (dout * (torch.relu(x @ W1 + b1) @ W2 + b2)).sum()


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

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


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


def grad(x, W1, b1, W2, b2, dout):
    layers = [Affine(W1, b1), Relu(), Affine(W2, b2)]
    h = x
    for layer in layers:
        h = layer.forward(h)
    d = dout
    for layer in reversed(layers):
        d = layer.backward(d)
    return d, layers[0].dW, layers[0].db


def grad_fixed(x, W1, b1, W2, b2, dout):
    layers = [AffineFixed(W1, b1), Relu(), AffineFixed(W2, b2)]
    h = x
    for layer in layers:
        h = layer.forward(h)
    d = dout
    for layer in reversed(layers):
        d = layer.backward(d)
    return d, layers[0].dW, layers[0].db


SPEC = dict(wrt=("x", "W1", "b1"),
            shapes={"x": (3, 4), "W1": (4, 4), "b1": (4,), "W2": (4, 4), "b2": (4,),
                    "dout": (3, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "The affine layer's input gradient is dout W^T, so dx = np.dot(dout, self.W.T)."
