"""A linear layer followed by a swish (SiLU) activation, numpy layer classes,
L = sum(G * swish(x W + b)); x (7, 4), W (4, 5), b (5,), G (7, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Swish:
    def forward(self, x):
        self.x = x
        self.s = 1.0 / (1.0 + np.exp(-x))
        self.out = x * self.s
        return self.out

    def backward(self, dout):
        return dout * (self.s + self.out * self.s * (1 - self.s))  # <- wrong


class SwishFixed(Swish):
    def backward(self, dout):
        return dout * (self.s + self.x * self.s * (1 - self.s))


def loss(x, W, b, G):
    return (G * F.silu(x @ W + b)).sum()


def grad(x, W, b, G):
    lin = Linear(W, b)
    act = Swish()
    act.forward(lin.forward(x))
    dx = lin.backward(act.backward(G))
    return dx, lin.dW, lin.db


def grad_fixed(x, W, b, G):
    lin = Linear(W, b)
    act = SwishFixed()
    act.forward(lin.forward(x))
    dx = lin.backward(act.backward(G))
    return dx, lin.dW, lin.db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (7, 4), "W": (4, 5), "b": (5,), "G": (7, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_swish_01")
CAUSE = "activation-derivative-of-input"
FIX = "swish'(x) = s + x s (1 - s) is taken at the input x, not at the output x s."
