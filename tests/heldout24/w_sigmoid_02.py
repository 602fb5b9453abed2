"""Affine - Sigmoid - Affine as numpy nodes chained forward and backward, under an upstream G:
Y = sigma(X W1 + b1) W2 + b2, L = sum(G * Y);
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), G (N, K).
"""

import numpy as np
import torch

from verify import derivation


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


class Sigmoid:
    def forward(self, x):
        self.x = x
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.x * (1.0 - self.x)  # <- wrong


class SigmoidFixed(Sigmoid):
    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


def loss(X, W1, b1, W2, b2, G):
    return (G * (torch.sigmoid(X @ W1 + b1) @ W2 + b2)).sum()


def grad(X, W1, b1, W2, b2, G):
    nodes = [Affine(W1, b1), Sigmoid(), Affine(W2, b2)]
    out = X
    for node in nodes:
        out = node.forward(out)
    dout = G
    for node in nodes[::-1]:
        dout = node.backward(dout)
    return nodes[0].dW, nodes[0].db, nodes[2].dW


def grad_fixed(X, W1, b1, W2, b2, G):
    nodes = [Affine(W1, b1), SigmoidFixed(), Affine(W2, b2)]
    out = X
    for node in nodes:
        out = node.forward(out)
    dout = G
    for node in nodes[::-1]:
        dout = node.backward(dout)
    return nodes[0].dW, nodes[0].db, nodes[2].dW


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "G": ("N", "K")},
            draws={}, sizes={"N": 3, "D": 2, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="w_sigmoid_02")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid node's local derivative is out (1 - out), evaluated at its output, not at its input x."
