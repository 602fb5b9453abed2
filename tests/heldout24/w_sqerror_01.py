"""Affine - ReLU - Affine with a squared error summed over outputs and averaged over examples,
as numpy nodes: Y = relu(X W1 + b1) W2 + b2, L = (1/N) sum_n ||Y_n - T_n||^2;
X (4, 3), W1 (3, 5), b1 (5,), W2 (5, 2), b2 (2,), T (4, 2).
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


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx


class SquaredError:
    def forward(self, y, t):
        self.y, self.t = y, t
        return np.sum((y - t) ** 2) / y.shape[0]

    def backward(self, dout=1.0):
        return dout * 2 * (self.y - self.t) / self.y.size  # <- wrong


class SquaredErrorFixed(SquaredError):
    def backward(self, dout=1.0):
        return dout * 2 * (self.y - self.t) / self.y.shape[0]


def loss(X, W1, b1, W2, b2, T):
    Y = torch.relu(X @ W1 + b1) @ W2 + b2
    return ((Y - T) ** 2).sum(dim=1).mean()


def grad(X, W1, b1, W2, b2, T):
    layers = [Affine(W1, b1), Relu(), Affine(W2, b2)]
    last = SquaredError()
    h = X
    for layer in layers:
        h = layer.forward(h)
    last.forward(h, T)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db, layers[2].dW


def grad_fixed(X, W1, b1, W2, b2, T):
    layers = [Affine(W1, b1), Relu(), Affine(W2, b2)]
    last = SquaredErrorFixed()
    h = X
    for layer in layers:
        h = layer.forward(h)
    last.forward(h, T)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db, layers[2].dW


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": (4, 3), "W1": (3, 5), "b1": (5,), "W2": (5, 2), "b2": (2,), "T": (4, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_sqerror_01")
CAUSE = "mse-convention"
FIX = "The loss sums over the outputs and averages over the N rows only, so the backward divides by y.shape[0]."
