"""A two-layer residual block as a numpy class with a cache (a bottleneck-free MLP block):
y = x + relu(x W1 + b1) W2 + b2; loss = sum(dout * y);
x (6, 5), W1 (5, 8), b1 (8,), W2 (8, 5), b2 (5,), dout (6, 5).
"""

import numpy as np
import torch

from verify import derivation


class ResidualMLP:
    def __init__(self, W1, b1, W2, b2):
        self.W1, self.b1, self.W2, self.b2 = W1, b1, W2, b2

    def forward(self, x):
        self.x = x
        self.z = x @ self.W1 + self.b1
        self.a = np.maximum(self.z, 0)
        return x + self.a @ self.W2 + self.b2

    def backward(self, dout):
        self.dW2 = self.a.T @ dout
        self.db2 = dout.sum(axis=0)
        da = dout @ self.W2.T
        dz = da * (self.z > 0)
        self.dW1 = self.x.T @ dz
        self.db1 = dz.sum(axis=0)
        dx = dz @ self.W1.T  # <- wrong
        return dx


class ResidualMLPFixed(ResidualMLP):
    def backward(self, dout):
        self.dW2 = self.a.T @ dout
        self.db2 = dout.sum(axis=0)
        da = dout @ self.W2.T
        dz = da * (self.z > 0)
        self.dW1 = self.x.T @ dz
        self.db1 = dz.sum(axis=0)
        dx = dout + dz @ self.W1.T
        return dx


def loss(x, W1, b1, W2, b2, dout):
    y = x + torch.relu(x @ W1 + b1) @ W2 + b2
    return (dout * y).sum()


def grad(x, W1, b1, W2, b2, dout):
    block = ResidualMLP(W1, b1, W2, b2)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.dW1, block.dW2


def grad_fixed(x, W1, b1, W2, b2, dout):
    block = ResidualMLPFixed(W1, b1, W2, b2)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.dW1, block.dW2


SPEC = dict(numpy=True, wrt=("x", "W1", "W2"),
            shapes={"x": (6, 5), "W1": (5, 8), "b1": (8,), "W2": (8, 5), "b2": (5,),
                    "dout": (6, 5)})
case = derivation(loss, grad, **SPEC, name="m_resid_02")
CAUSE = "missing-term"
FIX = "x reaches y through the skip connection as well, so dx = dout + dz W1^T."
