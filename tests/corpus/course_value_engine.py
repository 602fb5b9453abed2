"""A scalar autograd engine in the style of a teaching notebook, used as the gradient.

``Value`` wraps one Python float; each operation records its children and a ``_backward``
closure that adds to their ``.grad``; ``backward()`` sorts the graph topologically and runs
the closures in reverse. The gradients come back as Python floats: lists, lists of lists,
or a list made from a generator. A tanh neuron with a squared error, a ReLU MLP with the
max-margin (hinge) loss and an L2 penalty, a softmax cross-entropy built from ``exp``,
division and ``log`` (the largest logit subtracted as a plain float), a zoo of operations
(powers, ``exp``, ``tanh``, ``relu``, reflected operators, division), and an L1 penalty
written as ``relu(w) + relu(-w)`` on a bias that starts at exactly zero.
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


class Value:
    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

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

    def __pow__(self, k):
        assert isinstance(k, (int, float))
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(0.0 if self.data < 0 else self.data, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data
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

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1


def values(a):
    """A tensor or an array as nested lists of Values."""
    rows = a.tolist()
    if isinstance(rows, float):
        return Value(rows)
    if rows and isinstance(rows[0], list):
        return [[Value(v) for v in row] for row in rows]
    return [Value(v) for v in rows]


def grads(vs):
    if isinstance(vs, Value):
        return vs.grad
    if vs and isinstance(vs[0], list):
        return [[v.grad for v in row] for row in vs]
    return [v.grad for v in vs]


# --- one tanh neuron, squared error --------------------------------------------------------


def neuron_loss(w, b, X, y):
    return ((torch.tanh(X @ w + b) - y) ** 2).sum()


def neuron_grad(w, b, X, y):
    wv, bv = values(w), values(b)
    loss = Value(0.0)
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        act = sum((wj * xj for wj, xj in zip(wv, xi, strict=True)), bv)
        loss = loss + (act.tanh() - yi) ** 2
    loss.backward()
    return grads(wv), grads(bv)


value_tanh_neuron = derivation(
    neuron_loss, neuron_grad, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("N", "D"), "y": ("N",)},
    draws={"y": ("uniform", -0.9, 0.9)}, sizes={"N": 4, "D": 3})


# --- a ReLU MLP with the max-margin loss and an L2 penalty --------------------------------

ALPHA = 1e-4


def svm_loss(W1, b1, w2, b2, X, labels):
    y = labels.to(X.dtype) * 2 - 1
    scores = torch.relu(X @ W1.T + b1) @ w2 + b2
    data_loss = torch.relu(1 + -y * scores).mean()
    reg = ALPHA * ((W1 ** 2).sum() + (b1 ** 2).sum() + (w2 ** 2).sum() + b2 ** 2)
    return data_loss + reg


def svm_grad(W1, b1, w2, b2, X, labels):
    W1v, b1v, w2v, b2v = values(W1), values(b1), values(w2), values(b2)
    params = [p for row in W1v for p in row] + b1v + w2v + [b2v]
    ys = [2 * int(k) - 1 for k in labels.tolist()]
    losses = []
    for xi, yi in zip(X.tolist(), ys, strict=True):
        hidden = [sum((wj * xj for wj, xj in zip(row, xi, strict=True)), bj).relu()
                  for row, bj in zip(W1v, b1v, strict=True)]
        score = sum((wj * hj for wj, hj in zip(w2v, hidden, strict=True)), b2v)
        losses.append((1 + -yi * score).relu())
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in params)
    total = data_loss + reg_loss
    total.backward()
    return grads(W1v), grads(b1v), grads(w2v), grads(b2v)


value_mlp_hinge = derivation(
    svm_loss, svm_grad, wrt=("W1", "b1", "w2", "b2"),
    shapes={"W1": ("H", "D"), "b1": ("H",), "w2": ("H",), "b2": (), "X": ("N", "D"),
            "labels": ("N",)},
    draws={"labels": ("labels", 2)}, sizes={"N": 6, "D": 2, "H": 4})


# --- softmax cross-entropy from exp, division and log ----------------------------------------


def softmax_loss(W, X, labels):
    return F.cross_entropy(X @ W, labels)


def softmax_grad(W, X, labels):
    Wv = values(W)                                   # (D, C)
    n = len(labels)
    total = Value(0.0)
    for xi, k in zip(X.tolist(), labels.tolist(), strict=True):
        logits = [sum(Wv[d][c] * xi[d] for d in range(len(xi)))
                  for c in range(len(Wv[0]))]
        top = max(z.data for z in logits)          # a constant: the gradient is unchanged
        counts = [(z - top).exp() for z in logits]
        denom = sum(counts)
        probs = [c / denom for c in counts]
        total = total - probs[int(k)].log()
    (total / n).backward()
    return grads(Wv)


value_softmax_cross_entropy = derivation(
    softmax_loss, softmax_grad, wrt="W",
    shapes={"W": ("D", "C"), "X": ("N", "D"), "labels": ("N",)},
    draws={"labels": ("labels", "C")}, sizes={"N": 5, "D": 3, "C": 4})


# --- a zoo of operations -------------------------------------------------------------------


def zoo_loss(a, b, c, d):
    f = (a * b + c ** 3) / (d.exp() + 1) - (a - c).relu() + (b * d).tanh()
    g = 2.0 / (1 + a ** 2) + (3 - b) * c - d ** 2 / 4
    return (f * g).sum()


def zoo_grad(a, b, c, d):
    av, bv, cv, dv = values(a), values(b), values(c), values(d)
    out = 0
    for ai, bi, ci, di in zip(av, bv, cv, dv, strict=True):
        f = (ai * bi + ci ** 3) / (di.exp() + 1) - (ai - ci).relu() + (bi * di).tanh()
        g = 2.0 / (1 + ai ** 2) + (3 - bi) * ci - di ** 2 / 4
        out = out + f * g
    out.backward()
    return list(map(grads, (av, bv, cv, dv)))


value_operation_zoo = derivation(
    zoo_loss, zoo_grad, wrt=("a", "b", "c", "d"),
    shapes={"a": ("K",), "b": ("K",), "c": ("K",), "d": ("K",)}, sizes={"K": 5})


# --- an L1 penalty as relu(w) + relu(-w), the bias starting at exactly zero --------------------

LAM = 0.05


def lasso_loss(w, b, X, y):
    r = X @ w + b - y
    return (r ** 2).mean() + LAM * (w.abs().sum() + b.abs())


def lasso_grad(w, b, X, y):
    wv, bv = values(w), values(b)
    sq = []
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        r = sum((wj * xj for wj, xj in zip(wv, xi, strict=True)), bv) - yi
        sq.append(r * r)
    l1 = sum(p.relu() + (-p).relu() for p in [*wv, bv])
    total = sum(sq) / len(sq) + LAM * l1
    total.backward()
    return [v.grad for v in wv], bv.grad


value_lasso_zero_bias = derivation(
    lasso_loss, lasso_grad, wrt=("w", "b"),
    shapes={"w": ("D",), "b": (), "X": ("N", "D"), "y": ("N",)},
    draws={"b": ("fixed", 0.0)}, sizes={"N": 7, "D": 3})
