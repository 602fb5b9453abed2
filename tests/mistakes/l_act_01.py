"""The classic Sigmoid layer in numpy, checked through L = sum(dout * out).

x (N, D), out = 1 / (1 + exp(-x)), dout (N, D) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation


class Sigmoid:
    def __init__(self):
        self.x = None
        self.out = None

    def forward(self, x):
        self.x = x
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.x) * self.x  # <- wrong
        return dx


class SigmoidFixed(Sigmoid):
    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx


def loss(x, dout):
    return (dout * torch.sigmoid(x)).sum()


def grad(x, dout):
    layer = Sigmoid()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = SigmoidFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="l_act_01")
CAUSE = "activation-derivative-of-input"
FIX = "Write sigma' with the output: (1 - self.out) * self.out."
