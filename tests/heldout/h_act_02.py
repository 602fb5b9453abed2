"""The classic ReLU layer with a stored mask, checked through L = sum(dout * relu(x)):
x (N, D), dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation


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


def loss(x, dout):
    return (dout * torch.relu(x)).sum()


def grad(x, dout):
    layer = Relu()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = ReluFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (5, 3), "dout": (5, 3)})
case = derivation(loss, grad, **SPEC, name="h_act_02")
CAUSE = "mask"
FIX = "self.mask marks the inputs x <= 0, whose gradient is zero: dx[self.mask] = 0."
