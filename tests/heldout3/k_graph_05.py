"""A Multiply node class in torch (no autograd) inside out = tanh(x * y), L = sum(dout * out);
x, y, dout (3, 4); wrt x and y.
"""

import torch

from verify import derivation


class Multiply:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dz):
        dx = dz * self.y
        dy = dz * self.x
        return dy, dx  # <- wrong


class MultiplyFixed(Multiply):
    def backward(self, dz):
        dx = dz * self.y
        dy = dz * self.x
        return dx, dy


def loss(x, y, dout):
    return (dout * torch.tanh(x * y)).sum()


def grad(x, y, dout):
    mul = Multiply()
    out = torch.tanh(mul.forward(x, y))
    dz = dout * (1 - out ** 2)
    dx, dy = mul.backward(dz)
    return dx, dy


def grad_fixed(x, y, dout):
    mul = MultiplyFixed()
    out = torch.tanh(mul.forward(x, y))
    dz = dout * (1 - out ** 2)
    dx, dy = mul.backward(dz)
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": (3, 4), "y": (3, 4), "dout": (3, 4)})
case = derivation(loss, grad, **SPEC, name="k_graph_05")
CAUSE = "return-order"
FIX = "The node's backward must return its gradients in the order of its inputs: return dx, dy."
