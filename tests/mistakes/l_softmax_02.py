"""The classic SoftmaxWithLoss layer in numpy, one-hot targets.

x (N, C) scores, t (N, C) one-hot, y = softmax(x), L = -1/N sum_n sum_c t_nc log y_nc.
"""

import numpy as np
import torch

from verify import derivation


def softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)


class SoftmaxWithLoss:
    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return -np.sum(t * np.log(self.y)) / x.shape[0]

    def backward(self, dout=1):
        batch_size = self.t.shape[1]  # <- wrong
        dx = (self.y - self.t) / batch_size
        return dx * dout


class SoftmaxWithLossFixed(SoftmaxWithLoss):
    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = (self.y - self.t) / batch_size
        return dx * dout


def loss(x, t):
    return -(t * torch.log_softmax(x, dim=1)).sum() / x.shape[0]


def grad(x, t):
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    return layer.backward()


def grad_fixed(x, t):
    layer = SoftmaxWithLossFixed()
    layer.forward(x, t)
    return layer.backward()


SPEC = dict(wrt="x", shapes={"x": (4, 3), "t": (4, 3)}, draws={"t": "onehot"})
case = derivation(loss, grad, **SPEC, name="l_softmax_02")
CAUSE = "wrong-divisor"
FIX = "Divide by the batch size t.shape[0], not by the number of classes t.shape[1]."
