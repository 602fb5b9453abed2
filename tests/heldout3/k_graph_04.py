"""A two-layer sigmoid network assembled from graph nodes in numpy:
Affine(W1) -> Sigmoid -> Affine(W2) -> Sigmoid, L = sum(dout * out);
x (4, 3), W1 (3, 4), W2 (4, 4), dout (4, 4). Each node caches what its backward needs.
"""

import numpy as np
import torch

from verify import derivation


class Affine:
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
        return dout * self.out * (1.0 - self.out)


class TwoLayerNet:
    def __init__(self, W1, W2):
        self.fc1 = Affine(W1)
        self.act1 = Sigmoid()
        self.fc2 = Affine(W2)
        self.act2 = self.act1  # <- wrong

    def forward(self, x):
        return self.act2.forward(self.fc2.forward(self.act1.forward(self.fc1.forward(x))))

    def backward(self, dout):
        dout = self.act2.backward(dout)
        dout = self.fc2.backward(dout)
        dout = self.act1.backward(dout)
        return self.fc1.backward(dout)


class TwoLayerNetFixed(TwoLayerNet):
    def __init__(self, W1, W2):
        self.fc1 = Affine(W1)
        self.act1 = Sigmoid()
        self.fc2 = Affine(W2)
        self.act2 = Sigmoid()


def loss(x, W1, W2, dout):
    return (dout * torch.sigmoid(torch.sigmoid(x @ W1) @ W2)).sum()


def grad(x, W1, W2, dout):
    net = TwoLayerNet(W1, W2)
    net.forward(x)
    net.backward(dout)
    return net.fc1.dW, net.fc2.dW


def grad_fixed(x, W1, W2, dout):
    net = TwoLayerNetFixed(W1, W2)
    net.forward(x)
    net.backward(dout)
    return net.fc1.dW, net.fc2.dW


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (4, 3), "W1": (3, 4), "W2": (4, 4), "dout": (4, 4)})
case = derivation(loss, grad, **SPEC, name="k_graph_04")
CAUSE = "wrong-layer"
FIX = "Give each layer its own Sigmoid node; a shared one backpropagates layer 1 with layer 2's cached output."
