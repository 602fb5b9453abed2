"""A Multiply node followed by a Sigmoid node, graph-style classes in numpy:
z = x * y elementwise, out = sigma(z), L = sum(dout * out); x, y, dout (2, 5).
"""

import numpy as np
import torch

from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.x  # <- wrong
        dy = dout * self.x
        return dx, dy


class MulLayerFixed(MulLayer):
    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


def loss(x, y, dout):
    return (dout * torch.sigmoid(x * y)).sum()


def grad(x, y, dout):
    mul, sig = MulLayer(), Sigmoid()
    sig.forward(mul.forward(x, y))
    dz = sig.backward(dout)
    dx, dy = mul.backward(dz)
    return dx, dy


def grad_fixed(x, y, dout):
    mul, sig = MulLayerFixed(), Sigmoid()
    sig.forward(mul.forward(x, y))
    dz = sig.backward(dout)
    dx, dy = mul.backward(dz)
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": (2, 5), "y": (2, 5), "dout": (2, 5)})
case = derivation(loss, grad, **SPEC, name="k_graph_03")
CAUSE = "wrong-operand"
FIX = "For z = x * y the gradient to x is scaled by the other factor: dx = dout * self.y."
