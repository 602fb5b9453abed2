"""A maxout layer with P linear pieces, as a numpy layer class with forward and backward:
z_p = x W_p + b_p, y = max_p z_p (elementwise), L = sum(dout * y);
x (N, D), W (P, D, M), b (P, M), dout (N, M) with N = 4, D = 4, P = 2, M = 4;
asked: (dL/dx, dL/dW, dL/db).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, b, dout):
    z = torch.einsum("nd,pdm->npm", x, W) + b
    return (dout * z.max(dim=1).values).sum()


class Maxout:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        z = np.einsum("nd,pdm->npm", x, self.W) + self.b
        self.mask = z == z.max(axis=1, keepdims=True)
        return z.max(axis=1)

    def backward(self, dout):
        dz = self.mask * dout[:, None, :]
        self.dW = np.einsum("nd,npm->pdm", self.x, dz)
        self.db = dz.sum(axis=0)
        return np.einsum("npm,pdm->nd", dz, self.W)


def grad(x, W, b, dout):
    layer = Maxout(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return layer.dW, dx, layer.db  # <- wrong


def grad_fixed(x, W, b, dout):
    layer = Maxout(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dW, layer.db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("P", "D", "M"), "b": ("P", "M"), "dout": ("N", "M")},
            draws={}, sizes={"N": 4, "D": 4, "P": 2, "M": 4})
case = derivation(loss, grad, **SPEC, name="m_maxout_01")
CAUSE = "return-order"
FIX = "wrt is (x, W, b), so dx comes first and dW second."
