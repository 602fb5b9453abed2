"""Gradient of a squashed dot product with a small scalar autodiff engine:
L = tanh(sum_i u_i v_i); u (3,), v (3,).
"""

import math

import torch

from verify import derivation


class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = _children

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1 - t * t) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for child in v._prev:
                    visit(child)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


def loss(u, v):
    return torch.tanh((u * v).sum())


def grad(u, v):
    us = [Value(x) for x in u.tolist()]
    vs = [Value(x) for x in v.tolist()]
    s = us[0] * vs[0]
    for ui, vi in zip(us[1:], vs[1:], strict=True):
        s = s + ui * vi
    s.tanh().backward()
    return [vi.grad for vi in vs], [ui.grad for ui in us]  # <- wrong


def grad_fixed(u, v):
    us = [Value(x) for x in u.tolist()]
    vs = [Value(x) for x in v.tolist()]
    s = us[0] * vs[0]
    for ui, vi in zip(us[1:], vs[1:], strict=True):
        s = s + ui * vi
    s.tanh().backward()
    return [ui.grad for ui in us], [vi.grad for vi in vs]


SPEC = dict(wrt=("u", "v"), shapes={"u": (3,), "v": (3,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_value_03")
CAUSE = "return-order"
FIX = "Return the gradients in the order of wrt: u's first, then v's."
