"""A multiply node and an add node under a tanh, L = sum(tanh(x * y + b)), with a helper
mul_backward(dout, x, y) that should return (dx, dy); x, y, b (N, D).
"""

import torch

from verify import derivation


def mul_backward(dout, x, y):
    dx = dout * y
    dy = dout * x
    return dy, dx  # <- wrong


def mul_backward_fixed(dout, x, y):
    dx = dout * y
    dy = dout * x
    return dx, dy


def loss(x, y, b):
    return torch.tanh(x * y + b).sum()


def grad(x, y, b):
    z = x * y + b
    dz = 1 - torch.tanh(z) ** 2
    dx, dy = mul_backward(dz, x, y)
    db = dz
    return dx, dy, db


def grad_fixed(x, y, b):
    z = x * y + b
    dz = 1 - torch.tanh(z) ** 2
    dx, dy = mul_backward_fixed(dz, x, y)
    db = dz
    return dx, dy, db


SPEC = dict(wrt=("x", "y", "b"), shapes={"x": ("N", "D"), "y": ("N", "D"), "b": ("N", "D")},
            sizes={"N": 2, "D": 5})
case = derivation(loss, grad, **SPEC, name="h_graph_07")
CAUSE = "return-order"
FIX = "mul_backward must return (dx, dy), in the order its caller unpacks them."
