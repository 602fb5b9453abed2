"""A linear model as a graph of nodes: Y = X W, e = T - Y, E = 1/2 sum e^2;
X (4, 3), W (3, 2), T (4, 2).
"""

import numpy as np

from verify import derivation


class MatMul:
    def forward(self, x, W):
        self.x, self.W = x, W
        return x @ W

    def backward(self, dout):
        dx = dout @ self.W.T
        dW = self.x.T @ dout
        return dx, dW


class Subtract:
    def forward(self, a, b):
        return a - b

    def backward(self, dout):
        return dout, dout  # <- wrong


class SubtractFixed(Subtract):
    def backward(self, dout):
        return dout, -dout


class HalfSumOfSquares:
    def forward(self, e):
        self.e = e
        return 0.5 * np.sum(e ** 2)

    def backward(self, dout=1.0):
        return dout * self.e


def loss(X, W, T):
    return 0.5 * ((T - X @ W) ** 2).sum()


def grad(X, W, T):
    matmul, sub, sq = MatMul(), Subtract(), HalfSumOfSquares()
    Y = matmul.forward(X, W)
    e = sub.forward(T, Y)
    sq.forward(e)
    de = sq.backward(1.0)
    dT, dY = sub.backward(de)
    dX, dW = matmul.backward(dY)
    return dW


def grad_fixed(X, W, T):
    matmul, sub, sq = MatMul(), SubtractFixed(), HalfSumOfSquares()
    Y = matmul.forward(X, W)
    e = sub.forward(T, Y)
    sq.forward(e)
    de = sq.backward(1.0)
    dT, dY = sub.backward(de)
    dX, dW = matmul.backward(dY)
    return dW


SPEC = dict(wrt="W", shapes={"X": (4, 3), "W": (3, 2), "T": (4, 2)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_subtract_01")
CAUSE = "sign"
FIX = "A subtraction node passes dout to its first input and -dout to its second."
