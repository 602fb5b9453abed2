"""Softmax layer of the numpy framework mobula, backward over the class axis; L = sum(dY * softmax(X)).

Source: wkcn/mobula, mobula/layers/Softmax.py (commit 8fafdc98):
    def backward(self):
        self.dX = np.multiply(self.dY, self.Y - np.square(self.Y))
reported in https://github.com/wkcn/mobula/issues/3 ("The backward propagation of Softmax is
wrong"), fixed in commit 4eec938: only the diagonal y (1 - y) of the softmax Jacobian was kept,
the -y_i y_j of every other class left out.
X (4, 5), dY (4, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, dY):
    return (dY * torch.softmax(X, dim=1)).sum()


class Softmax:
    def __init__(self, axis=1):
        self.axis = axis

    def forward(self, X):
        e = np.exp(X - np.max(X, axis=self.axis, keepdims=True))
        self.Y = e / np.sum(e, axis=self.axis, keepdims=True)
        return self.Y

    def backward(self, dY):
        self.dX = np.multiply(dY, self.Y - np.square(self.Y))  # <- wrong
        return self.dX


class SoftmaxFixed(Softmax):
    def backward(self, dY):
        self.dX = self.Y * (dY - np.sum(dY * self.Y, axis=self.axis, keepdims=True))
        return self.dX


def grad(X, dY):
    layer = Softmax(axis=1)
    layer.forward(X)
    return layer.backward(dY)


def grad_fixed(X, dY):
    layer = SoftmaxFixed(axis=1)
    layer.forward(X)
    return layer.backward(dY)


SPEC = dict(wrt="X", shapes={"X": (4, 5), "dY": (4, 5)})
case = derivation(loss, grad, **SPEC, name="r_softmax_01")
CAUSE = "missing-term"
FIX = "The softmax Jacobian couples every class, so dX = Y * (dY - sum(dY * Y, axis, keepdims=True))."
