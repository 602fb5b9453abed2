"""A ReLU layer class that caches the mask of non-positive inputs, under an upstream gradient:
out = max(x, 0), L = sum(dout * out); x (4, 3), dout (4, 3).
"""

import torch

from verify import derivation


def loss(x, dout):
    return (dout * torch.relu(x)).sum()


class Relu:
    def forward(self, x):
        self.mask = x <= 0
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


def grad(x, dout):
    layer = Relu()
    layer.forward(x)
    return layer.backward(dout)


def grad_fixed(x, dout):
    layer = ReluFixed()
    layer.forward(x)
    return layer.backward(dout)


SPEC = dict(wrt="x", shapes={"x": (4, 3), "dout": (4, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_relu_01")
CAUSE = "mask"
FIX = "The gradient is zeroed where the input was non-positive, which is self.mask itself."
