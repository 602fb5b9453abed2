"""A residual block y = x + relu(x W1) W2 written with layer classes, numpy:
L = sum(dout * y); x (N, D), W1 (D, H), W2 (H, D), dout (N, D).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, dout):
    return (dout * (x + torch.relu(x @ W1) @ W2)).sum()


class Linear:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W)

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        return np.dot(dout, self.W.T)


class ResidualBlock:
    def __init__(self, W1, W2):
        self.fc1, self.fc2 = Linear(W1), Linear(W2)

    def forward(self, x):
        z = self.fc1.forward(x)
        self.mask = z > 0
        return x + self.fc2.forward(np.maximum(z, 0))

    def backward(self, dout):
        dh = self.fc2.backward(dout)
        dz = dh * self.mask
        dx = self.fc1.backward(dz)  # <- wrong
        return dx


class ResidualBlockFixed(ResidualBlock):
    def backward(self, dout):
        dh = self.fc2.backward(dout)
        dz = dh * self.mask
        dx = dout + self.fc1.backward(dz)
        return dx


def grad(x, W1, W2, dout):
    block = ResidualBlock(W1, W2)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.fc1.dW, block.fc2.dW


def grad_fixed(x, W1, W2, dout):
    block = ResidualBlockFixed(W1, W2)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.fc1.dW, block.fc2.dW


SPEC = dict(wrt=("x", "W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "D"), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_residual_01")
CAUSE = "missing-term"
FIX = "The skip connection passes dout straight to x, so dx = dout + fc1.backward(dz)."
