"""A tiny computation graph of nodes, forward then backward in reverse order:
a = x * w (elementwise), z = a + c, L = sum(tanh(z)); x (4,), w (4,), c (4,).
"""

import numpy as np
import torch

from verify import derivation


class Mul:
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, dout):
        return dout * self.a, dout * self.b  # <- wrong


class Add:
    def forward(self, a, b):
        return a + b

    def backward(self, dout):
        return dout, dout


class Tanh:
    def forward(self, z):
        self.out = np.tanh(z)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out ** 2)


class Sum:
    def forward(self, v):
        self.shape = v.shape
        return np.sum(v)

    def backward(self, dout=1.0):
        return np.ones(self.shape) * dout


class MulFixed(Mul):
    def backward(self, dout):
        return dout * self.b, dout * self.a


def loss(x, w, c):
    return torch.tanh(x * w + c).sum()


def run(mul, x, w, c):
    add, tanh, total = Add(), Tanh(), Sum()
    total.forward(tanh.forward(add.forward(mul.forward(x, w), c)))
    dz = tanh.backward(total.backward())
    da, dc = add.backward(dz)
    dx, dw = mul.backward(da)
    return dw


def grad(x, w, c):
    return run(Mul(), x, w, c)


def grad_fixed(x, w, c):
    return run(MulFixed(), x, w, c)


SPEC = dict(wrt="w", shapes={"x": (4,), "w": (4,), "c": (4,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_graph_03")
CAUSE = "wrong-operand"
FIX = "A multiply node sends each input the upstream gradient times the other input."
