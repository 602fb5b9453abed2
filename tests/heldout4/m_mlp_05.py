"""A two-layer network built from layer classes with forward/backward caches, numpy:
Linear -> Sigmoid -> Linear, and a loss class for E = 1/2 sum (y - t)^2 (the course's
convention, summed over the batch and the outputs); X (N, D), W1 (D, H), W2 (H, K),
t (N, K), N = 4, D = 3, H = 5, K = 2. Gradient of W1.
"""

import numpy as np
import torch

from verify import derivation


class Linear:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.x = x
        return x @ self.W

    def backward(self, dout):
        self.dW = self.x.T @ dout
        return dout @ self.W.T


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class SquaredError:
    def forward(self, y, t):
        self.y, self.t = y, t
        return 0.5 * np.sum((y - t) ** 2)

    def backward(self):
        return 2 * (self.y - self.t) / self.y.size  # <- wrong


class SquaredErrorFixed(SquaredError):
    def backward(self):
        return self.y - self.t


def loss(X, W1, W2, t):
    y = torch.sigmoid(X @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(X, W1, W2, t):
    layers = [Linear(W1), Sigmoid(), Linear(W2)]
    out = X
    for layer in layers:
        out = layer.forward(out)
    criterion = SquaredError()
    criterion.forward(out, t)
    dout = criterion.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW


def grad_fixed(X, W1, W2, t):
    layers = [Linear(W1), Sigmoid(), Linear(W2)]
    out = X
    for layer in layers:
        out = layer.forward(out)
    criterion = SquaredErrorFixed()
    criterion.forward(out, t)
    dout = criterion.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW


SPEC = dict(numpy=True, wrt="W1",
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_05")
CAUSE = "mse-convention"
FIX = "For E = 1/2 sum (y - t)^2 the gradient is y - t; 2 (y - t) / size is the gradient of the mean-of-squares convention."
