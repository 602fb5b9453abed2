"""A computational graph of layer nodes (multiply, add, square), forward then backward:
E = sum_i (w_i x_i + b_i)^2;
w (K,), x (K,), b (K,).
"""

import numpy as np

from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


class SquareLayer:
    def forward(self, x):
        self.x = x
        return x * x

    def backward(self, dout):
        dx = dout * self.x  # <- wrong
        return dx


class SquareLayerFixed(SquareLayer):
    def backward(self, dout):
        dx = 2.0 * dout * self.x
        return dx


def loss(w, x, b):
    """E = sum (w x + b)^2, elementwise."""
    return ((w * x + b) ** 2).sum()


def grad(w, x, b):
    mul, add, square = MulLayer(), AddLayer(), SquareLayer()
    u = mul.forward(w, x)
    v = add.forward(u, b)
    square.forward(v)
    dv = square.backward(np.ones_like(v))
    du, db = add.backward(dv)
    dw, dx = mul.backward(du)
    return dw, db


def grad_fixed(w, x, b):
    mul, add, square = MulLayer(), AddLayer(), SquareLayerFixed()
    u = mul.forward(w, x)
    v = add.forward(u, b)
    square.forward(v)
    dv = square.backward(np.ones_like(v))
    du, db = add.backward(dv)
    dw, dx = mul.backward(du)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": ("K",), "x": ("K",), "b": ("K",)}, sizes={"K": 5})
case = derivation(loss, grad, **SPEC, name="h_graph_01")
CAUSE = "square-factor"
FIX = "d(v^2)/dv = 2 v: the square node's backward is 2 * dout * x."
