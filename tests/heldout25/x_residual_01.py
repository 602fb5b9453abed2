"""Residual block of two ReLU layers with a skip connection, backward under an upstream gradient:
A1 = x W1, H1 = relu(A1), A2 = H1 W2, y = x + relu(A2), L = sum(dout * y);
x (N, D), W1 (D, D), W2 (D, D), dout (N, D).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, dout):
    return (dout * (x + torch.relu(torch.relu(x @ W1) @ W2))).sum()


class ResidualBlock:
    def __init__(self, W1, W2):
        self.W1, self.W2 = W1, W2

    def forward(self, x):
        A1 = np.dot(x, self.W1)
        H1 = np.maximum(A1, 0)
        A2 = np.dot(H1, self.W2)
        self.cache = (x, A1, H1, A2)
        return x + np.maximum(A2, 0)

    def backward(self, dout):
        x, A1, H1, A2 = self.cache
        dA2 = dout * (A2 > 0)
        self.dW2 = np.dot(H1.T, dA2)
        dH1 = np.dot(dA2, self.W2.T)
        dA1 = dH1 * (A2 > 0)  # <- wrong
        self.dW1 = np.dot(x.T, dA1)
        return dout + np.dot(dA1, self.W1.T)


class ResidualBlockFixed(ResidualBlock):
    def backward(self, dout):
        x, A1, H1, A2 = self.cache
        dA2 = dout * (A2 > 0)
        self.dW2 = np.dot(H1.T, dA2)
        dH1 = np.dot(dA2, self.W2.T)
        dA1 = dH1 * (A1 > 0)
        self.dW1 = np.dot(x.T, dA1)
        return dout + np.dot(dA1, self.W1.T)


def grad(x, W1, W2, dout):
    block = ResidualBlock(W1, W2)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.dW1, block.dW2


def grad_fixed(x, W1, W2, dout):
    block = ResidualBlockFixed(W1, W2)
    block.forward(x)
    dx = block.backward(dout)
    return dx, block.dW1, block.dW2


SPEC = dict(wrt=("x", "W1", "W2"), shapes={"x": ("N", "D"), "W1": ("D", "D"), "W2": ("D", "D"), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 4})
case = derivation(loss, grad, **SPEC, name="x_residual_01")
CAUSE = "wrong-layer"
FIX = "The first layer's ReLU is applied to A1, so dA1 = dH1 * (A1 > 0)."
