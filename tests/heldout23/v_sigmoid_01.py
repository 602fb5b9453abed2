"""A sigmoid layer class (forward caches its input and output) under an upstream gradient:
out = sigma(x), L = sum(dout * out); x (4, 3), dout (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, dout):
    return (dout * torch.sigmoid(x)).sum()


class Sigmoid:
    def forward(self, x):
        self.x = x
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        dx = dout * self.x * (1.0 - self.x)  # <- wrong
        return dx


class SigmoidFixed(Sigmoid):
    def backward(self, dout):
        dx = dout * self.out * (1.0 - self.out)
        return dx


def grad(x, dout):
    layer = Sigmoid()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = SigmoidFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "dout": (4, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_sigmoid_01")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(x) = out (1 - out) uses the sigmoid's output, not its input."
