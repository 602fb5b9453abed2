"""Affine - Tanh - Dropout - Affine as numpy nodes, inverted dropout with drop probability p = 0.3
and its keep mask taken from a uniform draw u: Y = (tanh(X W1 + b1) [u > p] / (1 - p)) W2 + b2,
L = sum(G * Y); X (N, D), W1 (D, H), b1 (H,), u (N, H), W2 (H, K), b2 (K,), G (N, K).
"""

import numpy as np
import torch

from verify import derivation

P_DROP = 0.3


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out ** 2)


class Dropout:
    def __init__(self, u, p):
        self.u, self.p = u, p

    def forward(self, x):
        self.mask = self.u > self.p
        return x * self.mask / (1.0 - self.p)

    def backward(self, dout):
        return dout * self.mask / self.p  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return dout * self.mask / (1.0 - self.p)


def loss(X, W1, b1, u, W2, b2, G):
    h = torch.tanh(X @ W1 + b1) * (u > P_DROP) / (1.0 - P_DROP)
    return (G * (h @ W2 + b2)).sum()


def grad(X, W1, b1, u, W2, b2, G):
    net = [Affine(W1, b1), Tanh(), Dropout(u, P_DROP), Affine(W2, b2)]
    out = X
    for node in net:
        out = node.forward(out)
    dout = G
    for node in reversed(net):
        dout = node.backward(dout)
    return net[0].dW, net[0].db, net[3].dW


def grad_fixed(X, W1, b1, u, W2, b2, G):
    net = [Affine(W1, b1), Tanh(), DropoutFixed(u, P_DROP), Affine(W2, b2)]
    out = X
    for node in net:
        out = node.forward(out)
    dout = G
    for node in reversed(net):
        dout = node.backward(dout)
    return net[0].dW, net[0].db, net[3].dW


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "u": ("N", "H"),
                    "W2": ("H", "K"), "b2": ("K",), "G": ("N", "K")},
            draws={"u": ("uniform", 0.0, 1.0)}, sizes={"N": 3, "D": 4, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="w_dropout_01")
CAUSE = "wrong-coefficient"
FIX = "The kept units were scaled by 1 / (1 - p) in the forward, so the backward scales by 1 / (1 - p) too."
