"""A tanh neuron built from scalar autodiff values: y_n = tanh(sum_i w_i x_ni + b),
E = sum_n (y_n - t_n)^2; x (3, 3), w (3,), b (1,), t (3,).
"""

import math

import torch

from verify import derivation


class Value:
    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward():
            self.grad += out.grad  # <- wrong
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
        out = type(self)(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out


def loss(x, w, b, t):
    return ((torch.tanh(x @ w + b) - t) ** 2).sum()


def grad(x, w, b, t):
    ws = [Value(wi) for wi in w.tolist()]
    bv = Value(b.item())
    E = Value(0.0)
    for xn, tn in zip(x.tolist(), t.tolist()):
        act = bv
        for wi, xi in zip(ws, xn):
            act = act + wi * xi
        diff = act.tanh() - tn
        E = E + diff * diff
    E.backward()
    return [wi.grad for wi in ws], [bv.grad]


def grad_fixed(x, w, b, t):
    ws = [ValueFixed(wi) for wi in w.tolist()]
    bv = ValueFixed(b.item())
    E = ValueFixed(0.0)
    for xn, tn in zip(x.tolist(), t.tolist()):
        act = bv
        for wi, xi in zip(ws, xn):
            act = act + wi * xi
        diff = act.tanh() - tn
        E = E + diff * diff
    E.backward()
    return [wi.grad for wi in ws], [bv.grad]


SPEC = dict(wrt=("w", "b"), shapes={"x": (3, 3), "w": (3,), "b": (1,), "t": (3,)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="w_value_02")
CAUSE = "activation-derivative-missing"
FIX = "The tanh node must scale the incoming gradient by its local derivative 1 - tanh(x)^2."
