"""A micrograd-style scalar engine whose gradient of a weight matrix is returned as a list
of lists of Python floats ([[w.grad for w in row] for row in W]), the way micrograd code
reads gradients out of its Values."""

import math

import torch

from verify import derivation


class Value:
    def __init__(self, data, _children=()):
        self.data, self.grad = data, 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    __rmul__ = __mul__

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for c in v._prev:
                    build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def layer_loss(W, x):
    return torch.tanh(W @ x).sum()


def layer_grad(W, x):
    Wv = [[Value(w) for w in row] for row in W.tolist()]
    xs = x.tolist()
    units = (sum((wi * xi for wi, xi in zip(row, xs, strict=True)), Value(0.0)).tanh()
             for row in Wv)
    out = sum(units, Value(0.0))
    out.backward()
    return [[w.grad for w in row] for row in Wv]


tanh_layer_list_grad = derivation(layer_loss, layer_grad, wrt="W", shapes={"W": (2, 3), "x": (3,)})
