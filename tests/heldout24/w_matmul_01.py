"""Two matrix-product nodes with a tanh node between them, numpy, under an upstream G:
Y = tanh(X W1) W2, L = sum(G * Y); X (3, 3), W1 (3, 3), W2 (3, 3), G (3, 3).
"""

import numpy as np
import torch

from verify import derivation


class MatMul:
    def __init__(self, W):
        self.params = [W]
        self.x = None

    def forward(self, x):
        W, = self.params
        self.x = x
        return np.dot(x, W)

    def backward(self, dout):
        W, = self.params
        dx = np.dot(dout, W.T)
        dW = np.dot(self.x.T, dout)
        return dW, dx  # <- wrong


class MatMulFixed(MatMul):
    def backward(self, dout):
        W, = self.params
        dx = np.dot(dout, W.T)
        dW = np.dot(self.x.T, dout)
        return dx, dW


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def loss(X, W1, W2, G):
    return (G * (torch.tanh(X @ W1) @ W2)).sum()


def grad(X, W1, W2, G):
    layers = [MatMul(W1), Tanh(), MatMul(W2)]
    h = X
    for layer in layers:
        h = layer.forward(h)
    grads = {}
    dout = G
    for i in reversed(range(len(layers))):
        if isinstance(layers[i], MatMul):
            dout, grads[i] = layers[i].backward(dout)
        else:
            dout = layers[i].backward(dout)
    return grads[0], grads[2]


def grad_fixed(X, W1, W2, G):
    layers = [MatMulFixed(W1), Tanh(), MatMulFixed(W2)]
    h = X
    for layer in layers:
        h = layer.forward(h)
    grads = {}
    dout = G
    for i in reversed(range(len(layers))):
        if isinstance(layers[i], MatMulFixed):
            dout, grads[i] = layers[i].backward(dout)
        else:
            dout = layers[i].backward(dout)
    return grads[0], grads[2]


SPEC = dict(wrt=("W1", "W2"), shapes={"X": (3, 3), "W1": (3, 3), "W2": (3, 3), "G": (3, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_matmul_01")
CAUSE = "return-order"
FIX = "Callers unpack dx, dW from backward, so it must return dx first and dW second."
