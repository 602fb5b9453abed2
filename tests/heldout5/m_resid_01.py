"""A residual block as a torch layer class with a cache: y = x + relu(x W + b), W square
(D, D) so the skip connection adds up; loss = sum(dout * y);
x (7, 5), W (5, 5), b (5,), dout (7, 5).
"""

import torch

from verify import derivation


class Residual:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        self.z = x @ self.W + self.b
        return x + torch.clamp(self.z, min=0)

    def backward(self, dout):
        dz = dout * (self.z > 0)
        self.dW = self.x.T @ dz
        self.db = dz.sum(dim=0)
        dx = dout + dz @ self.W  # <- wrong
        return dx


class ResidualFixed(Residual):
    def backward(self, dout):
        dz = dout * (self.z > 0)
        self.dW = self.x.T @ dz
        self.db = dz.sum(dim=0)
        dx = dout + dz @ self.W.T
        return dx


def loss(x, W, b, dout):
    y = x + torch.relu(x @ W + b)
    return (dout * y).sum()


def grad(x, W, b, dout):
    block = Residual(W, b)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.dW, block.db


def grad_fixed(x, W, b, dout):
    block = ResidualFixed(W, b)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.dW, block.db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": (7, 5), "W": (5, 5), "b": (5,), "dout": (7, 5)})
case = derivation(loss, grad, **SPEC, name="m_resid_01")
CAUSE = "transpose"
FIX = "The branch z = x W passes dz W^T back to x; with a square W the untransposed W still runs."
