"""A two-layer ReLU network kept as an ordered dict of numpy layers, under an upstream G:
Y = relu(X W1 + b1) W2 + b2, L = sum(G * Y);
X (3, 4), W1 (4, 5), b1 (5,), W2 (5, 2), b2 (2,), G (3, 2).
"""

from collections import OrderedDict

import numpy as np
import torch

from verify import derivation


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


class Relu:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        dout[self.mask] = 0  # <- wrong
        return dout


class ReluFixed(Relu):
    def backward(self, dout):
        dout[~self.mask] = 0
        return dout


def loss(X, W1, b1, W2, b2, G):
    return (G * (torch.relu(X @ W1 + b1) @ W2 + b2)).sum()


def grad(X, W1, b1, W2, b2, G):
    layers = OrderedDict()
    layers["Affine1"] = Affine(W1, b1)
    layers["Relu1"] = Relu()
    layers["Affine2"] = Affine(W2, b2)
    x = X
    for layer in layers.values():
        x = layer.forward(x)
    dout = G
    for layer in reversed(list(layers.values())):
        dout = layer.backward(dout)
    return layers["Affine1"].dW, layers["Affine1"].db


def grad_fixed(X, W1, b1, W2, b2, G):
    layers = OrderedDict()
    layers["Affine1"] = Affine(W1, b1)
    layers["Relu1"] = ReluFixed()
    layers["Affine2"] = Affine(W2, b2)
    x = X
    for layer in layers.values():
        x = layer.forward(x)
    dout = G
    for layer in reversed(list(layers.values())):
        dout = layer.backward(dout)
    return layers["Affine1"].dW, layers["Affine1"].db


SPEC = dict(wrt=("W1", "b1"),
            shapes={"X": (3, 4), "W1": (4, 5), "b1": (5,), "W2": (5, 2), "b2": (2,), "G": (3, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_relu_01")
CAUSE = "mask"
FIX = "self.mask marks the units that were on, so the gradient is zeroed where the mask is False."
