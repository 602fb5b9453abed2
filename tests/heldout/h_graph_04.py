"""A graph where x is used twice, L = sum(x * sigma(x * y)):
x (N, D), y (N, D), elementwise.
"""

import torch

from verify import derivation


def loss(x, y):
    return (x * torch.sigmoid(x * y)).sum()


def grad(x, y):
    s = torch.sigmoid(x * y)
    ds = x
    dxy = ds * s * (1 - s)
    dx = dxy * y  # <- wrong
    dy = dxy * x
    return dx, dy


def grad_fixed(x, y):
    s = torch.sigmoid(x * y)
    ds = x
    dxy = ds * s * (1 - s)
    dx = dxy * y + s
    dy = dxy * x
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": ("N", "D"), "y": ("N", "D")}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="h_graph_04")
CAUSE = "missing-term"
FIX = "x is also the direct factor of the product: add its own path, dx = dxy * y + s."
