"""Affine followed by SoftmaxWithLoss, as numpy layer classes in the style of
"Deep Learning from Scratch"; x (6, 4), W (4, 3), b (3,), t (6, 3) one-hot.
"""

import numpy as np
import torch

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(dout.T, self.x)  # <- wrong
        self.db = np.sum(dout, axis=0)
        return dx


class AffineFixed(Affine):
    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        x = x - np.max(x, axis=1, keepdims=True)
        self.y = np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)
        return -np.sum(t * np.log(self.y)) / x.shape[0]

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        return (self.y - self.t) * dout / batch_size


def loss(x, W, b, t):
    return -(t * torch.log_softmax(x @ W + b, dim=1)).sum() / x.shape[0]


def grad(x, W, b, t):
    affine = Affine(W, b)
    last = SoftmaxWithLoss()
    last.forward(affine.forward(x), t)
    dx = affine.backward(last.backward())
    return dx, affine.dW, affine.db


def grad_fixed(x, W, b, t):
    affine = AffineFixed(W, b)
    last = SoftmaxWithLoss()
    last.forward(affine.forward(x), t)
    dx = affine.backward(last.backward())
    return dx, affine.dW, affine.db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (6, 4), "W": (4, 3), "b": (3,), "t": (6, 3)},
            draws={"t": "onehot"})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "The weight gradient is x^T dout, of W's shape (D, M)."
