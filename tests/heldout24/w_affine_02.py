"""Affine - Tanh - Affine as numpy nodes under an upstream gradient G:
Y = tanh(X W1 + b1) W2 + b2, L = sum(G * Y); X (3, 4), W1 (4, 4), b1 (4,), W2 (4, 4), b2 (4,), G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W)  # <- wrong
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class AffineFixed(Affine):
    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out ** 2)


def loss(X, W1, b1, W2, b2, G):
    return (G * (torch.tanh(X @ W1 + b1) @ W2 + b2)).sum()


def grad(X, W1, b1, W2, b2, G):
    layers = [Affine(W1, b1), Tanh(), Affine(W2, b2)]
    out = X
    for layer in layers:
        out = layer.forward(out)
    dout = G
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db


def grad_fixed(X, W1, b1, W2, b2, G):
    layers = [AffineFixed(W1, b1), Tanh(), AffineFixed(W2, b2)]
    out = X
    for layer in layers:
        out = layer.forward(out)
    dout = G
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db


SPEC = dict(wrt=("W1", "b1"),
            shapes={"X": (3, 4), "W1": (4, 4), "b1": (4,), "W2": (4, 4), "b2": (4,), "G": (3, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_affine_02")
CAUSE = "transpose"
FIX = "Since y = x W, the gradient passed back to x is dout W^T."
