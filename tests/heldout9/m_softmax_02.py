"""A softmax layer as a course-style node class with forward and backward, numpy:
y = softmax(x) over the classes of each row, L = sum(G * y) with G the upstream gradient;
x (N, C), G (N, C) with N = 4, C = 6.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, G):
    return (G * torch.softmax(x, dim=1)).sum()


class Softmax:
    def __init__(self):
        self.out = None

    def forward(self, x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.out = e / e.sum(axis=1, keepdims=True)
        return self.out

    def backward(self, dout):
        dot = np.sum(dout * self.out, axis=0, keepdims=True)  # <- wrong
        dx = self.out * (dout - dot)
        return dx


class SoftmaxFixed(Softmax):
    def backward(self, dout):
        dot = np.sum(dout * self.out, axis=1, keepdims=True)
        dx = self.out * (dout - dot)
        return dx


def grad(x, G):
    layer = Softmax()
    layer.forward(np.asarray(x))
    return layer.backward(np.asarray(G))


def grad_fixed(x, G):
    layer = SoftmaxFixed()
    layer.forward(np.asarray(x))
    return layer.backward(np.asarray(G))


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "G": ("N", "C")}, draws={},
            sizes={"N": 4, "C": 6})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "reduction-axis"
FIX = "The Jacobian couples the classes of one row, so the dot product sums over axis=1."
