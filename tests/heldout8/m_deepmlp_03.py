"""A ReLU network with two equal-width hidden layers as a layer class, numpy:
h1 = relu(X W1), h2 = relu(h1 W2), out = h2 W3, L = cross_entropy(out, y) (batch mean);
X (N, D), W1 (D, H), W2 (H, H), W3 (H, C), y (N,) labels, N = 10, D = 4, H = 6, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, W2, W3):
    h2 = torch.relu(torch.relu(X @ W1) @ W2)
    return F.cross_entropy(h2 @ W3, y)


class Net:
    def __init__(self, W1, W2, W3):
        self.W1, self.W2, self.W3 = W1, W2, W3

    def forward(self, X):
        self.X = X
        self.z1 = X @ self.W1
        self.h1 = np.maximum(self.z1, 0)
        self.z2 = self.h1 @ self.W2
        self.h2 = np.maximum(self.z2, 0)
        return self.h2 @ self.W3

    def backward(self, dout):
        self.dW3 = self.h2.T @ dout
        dz2 = (dout @ self.W3.T) * (self.z2 > 0)
        self.dW2 = self.h2.T @ dz2  # <- wrong
        dz1 = (dz2 @ self.W2.T) * (self.z1 > 0)
        self.dW1 = self.X.T @ dz1


class NetFixed(Net):
    def backward(self, dout):
        self.dW3 = self.h2.T @ dout
        dz2 = (dout @ self.W3.T) * (self.z2 > 0)
        self.dW2 = self.h1.T @ dz2
        dz1 = (dz2 @ self.W2.T) * (self.z1 > 0)
        self.dW1 = self.X.T @ dz1


def softmax_xent_grad(logits, y):
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    return p / len(y)


def grad(X, y, W1, W2, W3):
    net = Net(np.asarray(W1), np.asarray(W2), np.asarray(W3))
    logits = net.forward(np.asarray(X))
    net.backward(softmax_xent_grad(logits, np.asarray(y)))
    return net.dW1, net.dW2, net.dW3


def grad_fixed(X, y, W1, W2, W3):
    net = NetFixed(np.asarray(W1), np.asarray(W2), np.asarray(W3))
    logits = net.forward(np.asarray(X))
    net.backward(softmax_xent_grad(logits, np.asarray(y)))
    return net.dW1, net.dW2, net.dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "W2": ("H", "H"),
                    "W3": ("H", "C")},
            draws={"y": ("labels", 3)}, sizes={"N": 10, "D": 4, "H": 6, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_deepmlp_03")
CAUSE = "wrong-layer"
FIX = "W2 maps h1 to z2, so its gradient is h1^T dz2, the input of that layer, not its output h2."
