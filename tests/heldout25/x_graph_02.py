"""A sigmoid layer built from nodes chained forward and run backward in reverse,
squared error summed over outputs and averaged over the batch:
Y = sigma(X W + b), L = (1/N) sum_n sum_k (Y_nk - T_nk)^2; X (N, D), W (D, K), b (K,), T (N, K).
"""

import numpy as np
import torch

from verify import derivation


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, X):
        self.X = X
        return np.dot(X, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.X.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class Sigmoid:
    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class SquaredError:
    def __init__(self, T):
        self.T = T

    def forward(self, Y):
        self.diff = Y - self.T
        return np.sum(self.diff ** 2, axis=1)

    def backward(self, dout):
        return 2.0 * self.diff * dout[:, None]


class Mean:
    def forward(self, e):
        self.n = e.shape[0]
        return np.mean(e)

    def backward(self, dout=1.0):
        return np.full(self.n, dout)  # <- wrong


class MeanFixed(Mean):
    def backward(self, dout=1.0):
        return np.full(self.n, dout / self.n)


def loss(X, W, b, T):
    Y = torch.sigmoid(X @ W + b)
    return ((Y - T) ** 2).sum(dim=1).mean()


def run(mean, X, W, b, T):
    affine = Affine(W, b)
    nodes = [affine, Sigmoid(), SquaredError(T), mean]
    out = X
    for node in nodes:
        out = node.forward(out)
    d = 1.0
    for node in reversed(nodes):
        d = node.backward(d)
    return affine.dW, affine.db


def grad(X, W, b, T):
    return run(Mean(), X, W, b, T)


def grad_fixed(X, W, b, T):
    return run(MeanFixed(), X, W, b, T)


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "T": ("N", "K")},
            draws={"T": "uniform"}, sizes={"N": 2, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="x_graph_02")
CAUSE = "batch-mean"
FIX = "A mean over n values passes dout / n to each of them."
