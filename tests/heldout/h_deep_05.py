"""A DeepNet class holding a list of square weight matrices, sigmoid hidden layers, linear output:
E = 1/2 sum (y - t)^2, h_l = sigma(h_{l-1} W_l) for l < L, y = h_{L-1} W_L;
x (7, 3), W1, W2, W3, W4 (3, 3), t (7, 3).
"""

import numpy as np
import torch

from verify import derivation


class DeepNet:
    def __init__(self, weights):
        self.weights = weights

    def forward(self, x):
        self.hs = [x]
        for W in self.weights[:-1]:
            self.hs.append(1.0 / (1.0 + np.exp(-(self.hs[-1] @ W))))
        return self.hs[-1] @ self.weights[-1]

    def backward(self, dy):
        grads = [None] * len(self.weights)
        delta = dy
        for l in range(len(self.weights) - 1, -1, -1):
            grads[l] = self.hs[l].T @ delta
            if l > 0:
                h = self.hs[l]
                delta = (delta @ self.weights[l - 1].T) * h * (1.0 - h)  # <- wrong
        return grads


class DeepNetFixed(DeepNet):
    def backward(self, dy):
        grads = [None] * len(self.weights)
        delta = dy
        for l in range(len(self.weights) - 1, -1, -1):
            grads[l] = self.hs[l].T @ delta
            if l > 0:
                h = self.hs[l]
                delta = (delta @ self.weights[l].T) * h * (1.0 - h)
        return grads


def loss(x, W1, W2, W3, W4, t):
    """E = 1/2 sum (y - t)^2."""
    h = x
    for W in (W1, W2, W3):
        h = torch.sigmoid(h @ W)
    return 0.5 * ((h @ W4 - t) ** 2).sum()


def grad(x, W1, W2, W3, W4, t):
    net = DeepNet([W1, W2, W3, W4])
    y = net.forward(x)
    return tuple(net.backward(y - t))


def grad_fixed(x, W1, W2, W3, W4, t):
    net = DeepNetFixed([W1, W2, W3, W4])
    y = net.forward(x)
    return tuple(net.backward(y - t))


SPEC = dict(wrt=("W1", "W2", "W3", "W4"),
            shapes={"x": (7, 3), "W1": (3, 3), "W2": (3, 3), "W3": (3, 3), "W4": (3, 3),
                    "t": (7, 3)})
case = derivation(loss, grad, **SPEC, name="h_deep_05")
CAUSE = "wrong-layer"
FIX = "The delta goes back through the weights of the layer it came out of: self.weights[l].T."
