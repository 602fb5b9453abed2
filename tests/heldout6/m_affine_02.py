"""A Linear layer and a ReLU layer as numpy classes with params / grads dictionaries,
L = sum(G * relu(x W + b)); x (8, 5), W (5, 8), b (8,), G (8, 8).
"""

import numpy as np
import torch

from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.params = {"W": W, "b": b}
        self.grads = {}

    def forward(self, x):
        self.cache = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, dout):
        x = self.cache
        self.grads["W"] = x.T @ dout
        self.grads["b"] = np.sum(dout, axis=1)  # <- wrong
        return dout @ self.params["W"].T


class LinearFixed(Linear):
    def backward(self, dout):
        x = self.cache
        self.grads["W"] = x.T @ dout
        self.grads["b"] = np.sum(dout, axis=0)
        return dout @ self.params["W"].T


class ReLU:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


def loss(x, W, b, G):
    return (G * torch.relu(x @ W + b)).sum()


def grad(x, W, b, G):
    fc = Linear(W, b)
    relu = ReLU()
    relu.forward(fc.forward(x))
    dx = fc.backward(relu.backward(G))
    return dx, fc.grads["W"], fc.grads["b"]


def grad_fixed(x, W, b, G):
    fc = LinearFixed(W, b)
    relu = ReLU()
    relu.forward(fc.forward(x))
    dx = fc.backward(relu.backward(G))
    return dx, fc.grads["W"], fc.grads["b"]


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (8, 5), "W": (5, 8), "b": (8,), "G": (8, 8)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is shared by the rows of the batch, so db sums dout over axis 0."
