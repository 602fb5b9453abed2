"""A scalar autograd engine in the micrograd style, and the gradients it computes.

A ``Value`` holds one Python float and its ``grad``; every operation builds a new Value
whose ``_backward`` closure adds the chain rule into its children's ``grad``; ``backward()``
sorts the graph topologically and runs the closures from the output back. ``Neuron``,
``Layer`` and ``MLP`` are built from Values. The gradient functions turn the drawn tensors
into Python floats with ``.tolist()``, copy them into the engine, run ``backward()`` and
hand the grads back: as Python floats, or packed into float64 tensors.
"""
# The engine keeps its source's idioms: plain zip() and list concatenation.
# ruff: noqa: B905, RUF005

import math
import random

import torch

from verify import derivation


class Value:
    """stores a single scalar value and its gradient"""

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0
        # internal variables used for autograd graph construction
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op  # the op that produced this node, for graphviz / debugging / etc

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward

        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward

        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data ** other, (self,), f"**{other}")

        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad
        out._backward = _backward

        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward

        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward

        return out

    def exp(self):
        x = self.data
        out = Value(math.exp(x), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward

        return out

    def backward(self):
        # topological order all of the children in the graph
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        # go one variable at a time and apply the chain rule to get its gradient
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):  # -self
        return self * -1

    def __radd__(self, other):  # other + self
        return self + other

    def __sub__(self, other):  # self - other
        return self + (-other)

    def __rsub__(self, other):  # other - self
        return other + (-self)

    def __rmul__(self, other):  # other * self
        return self * other

    def __truediv__(self, other):  # self / other
        return self * other ** -1

    def __rtruediv__(self, other):  # other / self
        return other * self ** -1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


class Module:

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []


class Neuron(Module):

    def __init__(self, nin, nonlin="relu"):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.nonlin == "relu":
            return act.relu()
        if self.nonlin == "tanh":
            return act.tanh()
        return act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):

    def __init__(self, nin, nouts, nonlin="relu"):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=nonlin if i != len(nouts) - 1 else None)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


# --- the derivations -----------------------------------------------------------------------


def neuron_loss(x1, x2, w1, w2, b):
    return torch.tanh(x1 * w1 + x2 * w2 + b)


def neuron_grad(x1, x2, w1, w2, b):
    # inputs x1,x2
    x1 = Value(x1.tolist())
    x2 = Value(x2.tolist())
    # weights w1,w2
    w1 = Value(w1.tolist())
    w2 = Value(w2.tolist())
    # bias of the neuron
    b = Value(b.tolist())
    # x1*w1 + x2*w2 + b
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    o.backward()
    return x1.grad, x2.grad, w1.grad, w2.grad, b.grad


neuron = derivation(neuron_loss, neuron_grad, wrt=("x1", "x2", "w1", "w2", "b"),
                    shapes={"x1": (), "x2": (), "w1": (), "w2": (), "b": ()})


def neuron_exp_loss(x, w, b):
    return torch.tanh((x * w).sum() + b)


def neuron_exp_grad(x, w, b):
    xs = [Value(v) for v in x.tolist()]
    ws = [Value(v) for v in w.tolist()]
    b = Value(b.tolist())
    n = sum((wi * xi for wi, xi in zip(ws, xs)), b)
    # tanh spelled out: (e^2n - 1) / (e^2n + 1)
    e = (2 * n).exp()
    o = (e - 1) / (e + 1)
    o.backward()
    dx = torch.tensor([xi.grad for xi in xs], dtype=torch.float64)
    dw = torch.tensor([wi.grad for wi in ws], dtype=torch.float64)
    return {"x": dx, "w": dw, "b": b.grad}


neuron_exp = derivation(neuron_exp_loss, neuron_exp_grad, wrt=("x", "w", "b"),
                        shapes={"x": (3,), "w": (3,), "b": ()})


def expression_loss(a, b, c):
    d = a * b + b ** 3
    e = torch.relu(d) + torch.exp(a - c) / (1 + c ** 2)
    return (e - 2.0 * a) ** 2 / 2.0


def expression_grad(a, b, c):
    a, b, c = Value(a.tolist()), Value(b.tolist()), Value(c.tolist())
    d = a * b + b ** 3
    e = d.relu() + (a - c).exp() / (1 + c ** 2)
    f = (e - 2.0 * a) ** 2 / 2.0
    f.backward()
    return [a.grad, b.grad, c.grad]


expression = derivation(expression_loss, expression_grad, wrt=("a", "b", "c"),
                        shapes={"a": (), "b": (), "c": ()})


def _set_parameters(model, weights, biases):
    """Copy weight rows and biases (tensors or arrays) into the model's Values."""
    for layer, W, bias in zip(model.layers, weights, biases):
        for neuron, w_row, b_j in zip(layer.neurons, W.tolist(), bias.tolist()):
            for p, v in zip(neuron.w, w_row):
                p.data = v
            neuron.b.data = b_j


def _gradients(model):
    grads = []
    for layer in model.layers:
        grads.append([[p.grad for p in n.w] for n in layer.neurons])
        grads.append([n.b.grad for n in layer.neurons])
    return grads


def mlp_relu_loss(W1, b1, W2, b2, xs, ys):
    h = torch.relu(xs @ W1.T + b1)
    ypred = (h @ W2.T + b2)[:, 0]
    return ((ypred - ys) ** 2).sum()


def mlp_relu_grad(W1, b1, W2, b2, xs, ys):
    model = MLP(3, [4, 1])
    _set_parameters(model, (W1, W2), (b1, b2))
    ypred = [model(x) for x in xs.tolist()]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys.tolist(), ypred))
    model.zero_grad()
    loss.backward()
    dW1, db1, dW2, db2 = _gradients(model)
    return tuple(torch.tensor(g, dtype=torch.float64) for g in (dW1, db1, dW2, db2))


mlp_relu = derivation(
    mlp_relu_loss, mlp_relu_grad, wrt=("W1", "b1", "W2", "b2"),
    shapes={"W1": (4, 3), "b1": (4,), "W2": (1, 4), "b2": (1,), "xs": ("N", 3), "ys": ("N",)},
    sizes={"N": 3})


def mlp_tanh_loss(W1, b1, W2, b2, W3, b3, xs, ys):
    h1 = torch.tanh(xs @ W1.T + b1)
    h2 = torch.tanh(h1 @ W2.T + b2)
    ypred = (h2 @ W3.T + b3)[:, 0]
    return ((ypred - ys) ** 2).mean()


def mlp_tanh_grad(W1, b1, W2, b2, W3, b3, xs, ys):
    model = MLP(2, [2, 2, 1], nonlin="tanh")
    _set_parameters(model, (W1, W2, W3), (b1, b2, b3))
    ypred = [model(x) for x in xs.tolist()]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys.tolist(), ypred)) * (1.0 / len(ypred))
    model.zero_grad()
    loss.backward()
    names = ("W1", "b1", "W2", "b2", "W3", "b3")
    return {name: torch.tensor(g, dtype=torch.float64)
            for name, g in zip(names, _gradients(model))}


mlp_tanh = derivation(
    mlp_tanh_loss, mlp_tanh_grad, wrt=("W1", "b1", "W2", "b2", "W3", "b3"),
    shapes={"W1": (2, 2), "b1": (2,), "W2": (2, 2), "b2": (2,), "W3": (1, 2), "b3": (1,),
            "xs": (4, 2), "ys": (4,)})
