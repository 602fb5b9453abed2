"""A ReLU layer class between two linear maps, numpy:
h = relu(x W), y = h V, L = 1/2 sum (y - t)^2; x (5, 3), W (3, 4), V (4, 2), t (5, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, V, t):
    y = torch.relu(x @ W) @ V
    return 0.5 * ((y - t) ** 2).sum()


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[~self.mask] = 0  # <- wrong
        return dx


class ReluFixed(Relu):
    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx


def grad(x, W, V, t):
    x, W, V, t = map(np.asarray, (x, W, V, t))
    relu = Relu()
    h = relu.forward(x @ W)
    y = h @ V
    dy = y - t
    dV = h.T @ dy
    dz = relu.backward(dy @ V.T)
    dW = x.T @ dz
    return dW, dV


def grad_fixed(x, W, V, t):
    x, W, V, t = map(np.asarray, (x, W, V, t))
    relu = ReluFixed()
    h = relu.forward(x @ W)
    y = h @ V
    dy = y - t
    dV = h.T @ dy
    dz = relu.backward(dy @ V.T)
    dW = x.T @ dz
    return dW, dV


SPEC = dict(wrt=("W", "V"), shapes={"x": (5, 3), "W": (3, 4), "V": (4, 2), "t": (5, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_relu_01")
CAUSE = "mask"
FIX = "The mask marks the inputs <= 0, and those are the ones to zero: dx[self.mask] = 0."
