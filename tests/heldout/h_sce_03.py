"""A row-wise Softmax layer in numpy, checked through L = sum(dout * softmax(x, dim=1)):
x (N, C) one row of scores per example, dout (N, C) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation


class Softmax:
    def forward(self, x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        return self.y

    def backward(self, dy):
        dx = self.y * (dy - (dy * self.y).sum(axis=0, keepdims=True))  # <- wrong
        return dx


class SoftmaxFixed(Softmax):
    def backward(self, dy):
        dx = self.y * (dy - (dy * self.y).sum(axis=1, keepdims=True))
        return dx


def loss(x, dout):
    return (dout * torch.softmax(x, dim=1)).sum()


def grad(x, dout):
    layer = Softmax()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = SoftmaxFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "dout": ("N", "C")}, sizes={"N": 5, "C": 4})
case = derivation(loss, grad, **SPEC, name="h_sce_03")
CAUSE = "reduction-axis"
FIX = "The softmax Jacobian couples the classes of one row: sum dy * y over axis=1."
