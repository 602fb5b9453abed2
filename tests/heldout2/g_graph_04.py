"""Least squares as a chain of graph nodes with forward/backward methods:
pred = X w, r = pred - t, s = r^2, L = sum(s); X (6, 3), w (3,), t (6,).
"""

import numpy as np

from verify import derivation


class MatVecNode:
    def forward(self, X, w):
        self.X, self.w = X, w
        return X @ w

    def backward(self, dout):
        return np.outer(dout, self.w), self.X.T @ dout


class SubNode:
    def forward(self, a, b):
        return a - b

    def backward(self, dout):
        return dout, -dout


class SquareNode:
    def forward(self, x):
        self.x = x
        return x * x

    def backward(self, dout):
        return dout * self.x  # <- wrong


class SquareNodeFixed(SquareNode):
    def backward(self, dout):
        return dout * 2.0 * self.x


class SumNode:
    def forward(self, x):
        self.shape = x.shape
        return x.sum()

    def backward(self, dout):
        return dout * np.ones(self.shape)


def loss(w, X, t):
    return ((X @ w - t) ** 2).sum()


def grad(w, X, t):
    nodes = [MatVecNode(), SubNode(), SquareNode(), SumNode()]
    pred = nodes[0].forward(X, w)
    nodes[3].forward(nodes[2].forward(nodes[1].forward(pred, t)))
    ds = nodes[3].backward(1.0)
    dr = nodes[2].backward(ds)
    dpred, _ = nodes[1].backward(dr)
    _, dw = nodes[0].backward(dpred)
    return dw


def grad_fixed(w, X, t):
    nodes = [MatVecNode(), SubNode(), SquareNodeFixed(), SumNode()]
    pred = nodes[0].forward(X, w)
    nodes[3].forward(nodes[2].forward(nodes[1].forward(pred, t)))
    ds = nodes[3].backward(1.0)
    dr = nodes[2].backward(ds)
    dpred, _ = nodes[1].backward(dr)
    _, dw = nodes[0].backward(dpred)
    return dw


SPEC = dict(wrt="w", shapes={"w": (3,), "X": (6, 3), "t": (6,)})
case = derivation(loss, grad, **SPEC, name="g_graph_04")
CAUSE = "square-factor"
FIX = "d(x^2)/dx = 2x: the square node passes back dout * 2 * x."
