"""A ReLU layer class with a cached mask, numpy: out = max(0, x), loss = sum(dout * out);
x (N, D), dout (N, D), N = 3, D = 6.
"""

import numpy as np
import torch

from verify import derivation


class Relu:
    def forward(self, x):
        self.x = x
        return np.maximum(0, x)

    def backward(self, dout):
        mask = dout > 0  # <- wrong
        return dout * mask


class ReluFixed(Relu):
    def backward(self, dout):
        mask = self.x > 0
        return dout * mask


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


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "D"), "dout": ("N", "D")}, sizes={"N": 3, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_act_02")
CAUSE = "mask"
FIX = "The ReLU passes the gradient where its input was positive: the mask is x > 0, not dout > 0."
