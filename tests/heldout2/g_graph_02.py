"""A micrograd-style scalar autograd Value class, used for one tanh neuron:
o = tanh(sum_i w_i x_i + b), L = o; x (4,), w (4,), b (1,).
"""

import math

import numpy as np
import torch

from verify import derivation


class Value:
    def __init__(self, data, children=()):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(children)

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
            self.grad += self.data * out.grad  # <- wrong
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,))

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()

        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


class ValueFixed(Value):
    def __mul__(self, other):
        other = other if isinstance(other, Value) else type(self)(other)
        out = type(self)(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out


def loss(x, w, b):
    return torch.tanh(x @ w + b).sum()


def grad(x, w, b):
    ws = [Value(wi) for wi in w]
    bias = Value(b[0])
    act = bias
    for wi, xi in zip(ws, x, strict=True):
        act = act + wi * Value(xi)
    act.tanh().backward()
    return np.array([v.grad for v in ws]), np.array([bias.grad])


def grad_fixed(x, w, b):
    ws = [ValueFixed(wi) for wi in w]
    bias = ValueFixed(b[0])
    act = bias
    for wi, xi in zip(ws, x, strict=True):
        act = act + wi * ValueFixed(xi)
    act.tanh().backward()
    return np.array([v.grad for v in ws]), np.array([bias.grad])


SPEC = dict(wrt=("w", "b"), shapes={"x": (4,), "w": (4,), "b": (1,)})
case = derivation(loss, grad, **SPEC, name="g_graph_02")
CAUSE = "wrong-operand"
FIX = "For out = self * other, d out / d self is other.data, not self.data."
