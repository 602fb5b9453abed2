"""A TwoLayerNet class in the style of course notebooks (params dict, gradient method):
L = 1/2 sum (relu(x W1) W2 - t)^2;
x (6, 4), W1 (4, 4), W2 (4, 4), t (6, 4).
"""

import numpy as np
import torch

from verify import derivation


class TwoLayerNet:
    def __init__(self, W1, W2):
        self.params = {"W1": W1, "W2": W2}

    def forward(self, x):
        self.x = x
        self.z = x @ self.params["W1"]
        self.h = np.maximum(self.z, 0)
        return self.h @ self.params["W2"]

    def gradient(self, x, t):
        y = self.forward(x)
        dy = y - t
        grads = {}
        grads["W2"] = self.h.T @ dy
        dh = dy @ self.params["W2"].T
        dz = dh * (self.z > 0)
        grads["W1"] = self.x.T @ dz
        return grads


def loss(x, W1, W2, t):
    """L = 1/2 sum (relu(x W1) W2 - t)^2."""
    y = torch.relu(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    net = TwoLayerNet(W1, W2)
    g = net.gradient(x, t)
    return g["W2"], g["W1"]  # <- wrong


def grad_fixed(x, W1, W2, t):
    net = TwoLayerNet(W1, W2)
    g = net.gradient(x, t)
    return g["W1"], g["W2"]


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": (6, 4), "W1": (4, 4), "W2": (4, 4), "t": (6, 4)})
case = derivation(loss, grad, **SPEC, name="h_mlp_08")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: g['W1'], g['W2']."
