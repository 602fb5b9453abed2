"""A softened distance computed by graph nodes: r = sqrt(x^2 + y^2 + 1), L = sum(c * r);
x, y, c (5,); the nodes keep what backward needs.
"""

import numpy as np
import torch

from verify import derivation


class Square:
    def forward(self, a):
        self.a = a
        return a ** 2

    def backward(self, grad_out):
        return 2 * self.a * grad_out


class AddOne:
    def forward(self, a, b):
        return a + b + 1.0

    def backward(self, grad_out):
        return grad_out, grad_out


class Sqrt:
    def forward(self, a):
        self.out = np.sqrt(a)
        return self.out

    def backward(self, grad_out):
        return grad_out / self.out  # <- wrong


class SqrtFixed(Sqrt):
    def backward(self, grad_out):
        return 0.5 * grad_out / self.out


def loss(x, y, c):
    return (c * torch.sqrt(x ** 2 + y ** 2 + 1.0)).sum()


def grad(x, y, c):
    sq_x, sq_y, add, root = Square(), Square(), AddOne(), Sqrt()
    root.forward(add.forward(sq_x.forward(x), sq_y.forward(y)))
    d_sum = root.backward(c)
    d_x2, d_y2 = add.backward(d_sum)
    return sq_x.backward(d_x2), sq_y.backward(d_y2)


def grad_fixed(x, y, c):
    sq_x, sq_y, add, root = Square(), Square(), AddOne(), SqrtFixed()
    root.forward(add.forward(sq_x.forward(x), sq_y.forward(y)))
    d_sum = root.backward(c)
    d_x2, d_y2 = add.backward(d_sum)
    return sq_x.backward(d_x2), sq_y.backward(d_y2)


SPEC = dict(wrt=("x", "y"), shapes={"x": (5,), "y": (5,), "c": (5,)})
case = derivation(loss, grad, **SPEC, name="g_graph_05")
CAUSE = "wrong-coefficient"
FIX = "d sqrt(u)/du = 1 / (2 sqrt(u)): the 1/2 in front is missing."
