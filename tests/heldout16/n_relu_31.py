"""A linear layer followed by a ReLU layer object (classic numpy layer style), half squared error:
z = x W, h = relu(z), L = 1/2 ||h - t||^2;
x (6, 4), W (4, 5), t (6, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, t):
    return 0.5 * ((torch.relu(x @ W) - t) ** 2).sum()


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
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


def grad(x, W, t):
    relu = Relu()
    h = relu.forward(np.dot(x, W))
    dz = relu.backward(h - t)
    return np.dot(x.T, dz)


def grad_fixed(x, W, t):
    relu = ReluFixed()
    h = relu.forward(np.dot(x, W))
    dz = relu.backward(h - t)
    return np.dot(x.T, dz)


SPEC = dict(wrt="W", shapes={"x": (6, 4), "W": (4, 5), "t": (6, 5)})
case = derivation(loss, grad, **SPEC, name="n_relu_31")
CAUSE = "mask"
FIX = "The mask marks the inputs that were zeroed, so backward zeroes dx[self.mask], not its complement."
