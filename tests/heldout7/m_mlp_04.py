"""A three-layer sigmoid network as one numpy class with a cached forward pass:
a1 = sigma(X W1), a2 = sigma(a1 W2), out = a2 W3, L = 1/2 sum (out - Y)^2;
X (7, 5), W1 (5, 5), W2 (5, 3), W3 (3, 2), Y (7, 2) (a batch of 7).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, W1, W2, W3):
    a2 = torch.sigmoid(torch.sigmoid(X @ W1) @ W2)
    return 0.5 * ((a2 @ W3 - Y) ** 2).sum()


class ThreeLayerNet:
    def __init__(self, W1, W2, W3):
        self.W1, self.W2, self.W3 = W1, W2, W3
        self.X = self.a1 = self.a2 = None

    @staticmethod
    def _sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def forward(self, X):
        self.X = X
        self.a1 = self._sigmoid(X @ self.W1)
        self.a2 = self._sigmoid(self.a1 @ self.W2)
        return self.a2 @ self.W3

    def backward(self, dout):
        grads = {"W3": self.a2.T @ dout}
        dz2 = (dout @ self.W3.T) * self.a2 * (1 - self.a2)
        grads["W2"] = self.X.T @ dz2  # <- wrong
        dz1 = (dz2 @ self.W2.T) * self.a1 * (1 - self.a1)
        grads["W1"] = self.X.T @ dz1
        return grads


class ThreeLayerNetFixed(ThreeLayerNet):
    def backward(self, dout):
        grads = {"W3": self.a2.T @ dout}
        dz2 = (dout @ self.W3.T) * self.a2 * (1 - self.a2)
        grads["W2"] = self.a1.T @ dz2
        dz1 = (dz2 @ self.W2.T) * self.a1 * (1 - self.a1)
        grads["W1"] = self.X.T @ dz1
        return grads


def grad(X, Y, W1, W2, W3):
    net = ThreeLayerNet(W1, W2, W3)
    out = net.forward(X)
    return net.backward(out - Y)


def grad_fixed(X, Y, W1, W2, W3):
    net = ThreeLayerNetFixed(W1, W2, W3)
    out = net.forward(X)
    return net.backward(out - Y)


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": (7, 5), "Y": (7, 2), "W1": (5, 5), "W2": (5, 3), "W3": (3, 2)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mlp_04")
CAUSE = "wrong-layer"
FIX = "W2 acts on the first hidden layer's output, so dW2 = a1^T dz2, not X^T dz2."
