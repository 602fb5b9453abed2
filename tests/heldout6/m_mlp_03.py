"""A two-layer network assembled from numpy layer classes (Affine, Sigmoid, SquaredError),
E = 1/2 sum (y - t)^2; x (5, 4), W1 (4, 6), W2 (6, 2), t (5, 2).
"""

import numpy as np
import torch

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class SquaredError:
    def forward(self, y, t):
        self.diff = y - t
        return 0.5 * np.sum(self.diff ** 2)

    def backward(self, dout=1):
        return 2 * self.diff / self.diff.size * dout  # <- wrong


class SquaredErrorFixed(SquaredError):
    def backward(self, dout=1):
        return self.diff * dout


def loss(x, t, W1, b1, W2, b2):
    y = torch.sigmoid(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, t, W1, b1, W2, b2):
    layers = [Affine(W1, b1), Sigmoid(), Affine(W2, b2)]
    last = SquaredError()
    out = x
    for layer in layers:
        out = layer.forward(out)
    last.forward(out, t)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db, layers[2].dW, layers[2].db


def grad_fixed(x, t, W1, b1, W2, b2):
    layers = [Affine(W1, b1), Sigmoid(), Affine(W2, b2)]
    last = SquaredErrorFixed()
    out = x
    for layer in layers:
        out = layer.forward(out)
    last.forward(out, t)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db, layers[2].dW, layers[2].db


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (5, 4), "t": (5, 2), "W1": (4, 6), "b1": (6,), "W2": (6, 2),
                    "b2": (2,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "mse-convention"
FIX = "E = 1/2 sum (y - t)^2 has gradient y - t, not mse_loss's 2 (y - t) / numel."
