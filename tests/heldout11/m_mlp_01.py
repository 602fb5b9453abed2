"""A two-layer ReLU network with a softmax cross-entropy loss, as numpy layer classes:
h = relu(X W1 + b1), s = h W2 + b2, L = -1/N sum_n log softmax(s_n)[y_n];
X (N, D), y (N,) labels in 0..C-1, W1 (D, H), b1 (H,), W2 (H, C), b2 (C,)
with N = 5, D = 4, H = 6, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, W2, b2):
    s = torch.relu(X @ W1 + b1) @ W2 + b2
    return F.cross_entropy(s, y)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


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


class SoftmaxWithLoss:
    def forward(self, s, t):
        self.t = t
        e = np.exp(s - s.max(axis=1, keepdims=True))
        self.p = e / e.sum(axis=1, keepdims=True)
        n = s.shape[0]
        return -np.log(self.p[np.arange(n), t]).mean()

    def backward(self, dout=1.0):
        n = self.p.shape[0]
        dx = self.p.copy()
        dx[np.arange(n), self.t] -= 1
        dx = dx * dout  # <- wrong
        return dx


class SoftmaxWithLossFixed(SoftmaxWithLoss):
    def backward(self, dout=1.0):
        n = self.p.shape[0]
        dx = self.p.copy()
        dx[np.arange(n), self.t] -= 1
        dx = dx * dout / n
        return dx


def grad(X, y, W1, b1, W2, b2):
    layers = [Affine(W1, b1), Relu(), Affine(W2, b2)]
    last = SoftmaxWithLoss()
    out = X
    for layer in layers:
        out = layer.forward(out)
    last.forward(out, y)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db, layers[2].dW, layers[2].db


def grad_fixed(X, y, W1, b1, W2, b2):
    layers = [Affine(W1, b1), Relu(), Affine(W2, b2)]
    last = SoftmaxWithLossFixed()
    out = X
    for layer in layers:
        out = layer.forward(out)
    last.forward(out, y)
    dout = last.backward()
    for layer in reversed(layers):
        dout = layer.backward(dout)
    return layers[0].dW, layers[0].db, layers[2].dW, layers[2].db


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "C"), "b2": ("C",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 4, "H": 6, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "batch-mean"
FIX = "The loss is the mean over the batch, so the softmax layer's backward divides (p - onehot) by n."
