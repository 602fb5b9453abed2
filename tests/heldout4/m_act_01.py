"""A sigmoid layer class with forward/backward caches, numpy: out = 1 / (1 + exp(-x)),
loss = sum(dout * out) for a given upstream gradient dout; x (4, 5), dout (4, 5).
"""

import numpy as np
import torch

from verify import derivation


class Sigmoid:
    def forward(self, x):
        self.x = x
        self.out = 1 / (1 + np.exp(-x))
        return self.out

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


SPEC = dict(numpy=True, wrt="x", shapes={"x": (4, 5), "dout": (4, 5)})
case = derivation(loss, grad, **SPEC, name="m_act_01")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is out (1 - out) in terms of the cached output, not x (1 - x)."
