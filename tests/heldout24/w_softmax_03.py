"""A linear layer followed by a softmax node, torch objects run forward then backward:
P = softmax(X W + b) row-wise, L = sum(G * P); X (3, 4), W (4, 5), b (5,), G (3, 5).
"""

import torch

from verify import derivation


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(dim=0)
        return dout @ self.W.T


class Softmax:
    def forward(self, x):
        self.y = torch.softmax(x, dim=1)
        return self.y

    def backward(self, dout):
        s = (dout * self.y).sum(dim=0, keepdim=True)  # <- wrong
        return self.y * (dout - s)


class SoftmaxFixed(Softmax):
    def backward(self, dout):
        s = (dout * self.y).sum(dim=1, keepdim=True)
        return self.y * (dout - s)


def loss(X, W, b, G):
    return (G * torch.softmax(X @ W + b, dim=1)).sum()


def grad(X, W, b, G):
    graph = [Linear(W, b), Softmax()]
    out = X
    for node in graph:
        out = node.forward(out)
    dout = G
    for node in reversed(graph):
        dout = node.backward(dout)
    return graph[0].dW, graph[0].db


def grad_fixed(X, W, b, G):
    graph = [Linear(W, b), SoftmaxFixed()]
    out = X
    for node in graph:
        out = node.forward(out)
    dout = G
    for node in reversed(graph):
        dout = node.backward(dout)
    return graph[0].dW, graph[0].db


SPEC = dict(wrt=("W", "b"), shapes={"X": (3, 4), "W": (4, 5), "b": (5,), "G": (3, 5)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="w_softmax_03")
CAUSE = "reduction-axis"
FIX = "Each row is its own softmax, so the inner product sum(dout * y) is taken along dim 1."
