"""An affine layer followed by a softmax-with-loss node, layer by layer in numpy:
S = X W + b, Y = softmax(S), L = -(1/N) sum_n sum_c T_nc log Y_nc;
X (N, D), W (D, C), b (C,), T (N, C) one-hot.
"""

import numpy as np
import torch

from verify import derivation


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


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


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        batch_size = x.shape[0]
        return -np.sum(t * np.log(self.y + 1e-7)) / batch_size

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = (self.y - self.t) * dout  # <- wrong
        return dx


class SoftmaxWithLossFixed(SoftmaxWithLoss):
    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = (self.y - self.t) * dout / batch_size
        return dx


def loss(X, W, b, T):
    return -(T * torch.log_softmax(X @ W + b, dim=1)).sum(1).mean()


def grad(X, W, b, T):
    affine = Affine(W, b)
    last = SoftmaxWithLoss()
    last.forward(affine.forward(X), T)
    affine.backward(last.backward(1))
    return affine.dW, affine.db


def grad_fixed(X, W, b, T):
    affine = Affine(W, b)
    last = SoftmaxWithLossFixed()
    last.forward(affine.forward(X), T)
    affine.backward(last.backward(1))
    return affine.dW, affine.db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "T": ("N", "C")},
            draws={"T": "onehot"}, sizes={"N": 4, "D": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="w_softmax_01")
CAUSE = "batch-mean"
FIX = "The loss is averaged over the batch, so the backward must divide (y - t) by batch_size."
