"""A small computation graph of nodes, forward then backward in reverse order:
u = X w, r = t - u, L = sum(r * r); X (4, 3), w (3, 1), t (4, 1).
"""

import numpy as np

from verify import derivation


class MatMul:
    def forward(self, X, w):
        self.X, self.w = X, w
        return X @ w

    def backward(self, dout):
        return dout @ self.w.T, self.X.T @ dout


class Sub:
    def forward(self, a, b):
        return a - b

    def backward(self, dout):
        return dout, dout  # <- wrong


class SumSquares:
    def forward(self, r):
        self.r = r
        return np.sum(r * r)

    def backward(self, dout=1.0):
        return 2 * self.r * dout


class SubFixed(Sub):
    def backward(self, dout):
        return dout, -dout


def loss(w, X, t):
    return ((t - X @ w) ** 2).sum()


def run(sub, w, X, t):
    mm, sq = MatMul(), SumSquares()
    sq.forward(sub.forward(t, mm.forward(X, w)))
    dr = sq.backward()
    dt, du = sub.backward(dr)
    dX, dw = mm.backward(du)
    return dw


def grad(w, X, t):
    return run(Sub(), w, X, t)


def grad_fixed(w, X, t):
    return run(SubFixed(), w, X, t)


SPEC = dict(wrt="w", shapes={"w": (3, 1), "X": (4, 3), "t": (4, 1)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_graph_01")
CAUSE = "sign"
FIX = "A subtraction node passes -dout to its second input."
