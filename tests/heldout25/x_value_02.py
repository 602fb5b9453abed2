"""One tanh neuron trained on one example with a small scalar autodiff engine:
o = tanh(sum_i w_i x_i + b), L = (o - y)^2; w (3,), b (1,), x (3,), y (1,).
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
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,))

        def _backward():
            self.grad += (1 - self.data ** 2) * out.grad  # <- wrong
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()


class ValueFixed(Value):
    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,))

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out


def loss(w, b, x, y):
    o = torch.tanh((w * x).sum() + b)
    return ((o - y) ** 2).sum()


def train_step(V, w, b, x, y):
    ws = [V(v) for v in w.tolist()]
    bv = V(b.tolist()[0])
    act = bv
    for wi, xi in zip(ws, x.tolist(), strict=True):
        act = act + wi * xi
    o = act.tanh()
    d = o + (-y.tolist()[0])
    L = d * d
    L.backward()
    return [wi.grad for wi in ws], [bv.grad]


def grad(w, b, x, y):
    return train_step(Value, w, b, x, y)


def grad_fixed(w, b, x, y):
    return train_step(ValueFixed, w, b, x, y)


SPEC = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (1,), "x": (3,), "y": (1,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_value_02")
CAUSE = "activation-derivative-of-input"
FIX = "The derivative of tanh is 1 - tanh(x)^2, taken at the output t, not at the input."
