"""Backward of subtraction in a C port of micrograd (KhawajaAbaid/micrograd_c, engine.h, backward_subtract).

Source: https://github.com/KhawajaAbaid/micrograd_c/issues/1 ("backward_subtract computes incorrect
gradient for second value"), fixed in commit 1f7a98d: "For second value (child), the gradient should
be `-self.grad`". c = a - b passed +grad to both children, as backward_add does. The scalar engine
is translated from C to pure Python, keeping its struct fields, its node functions and the
topological backward pass; it is used on a squared error written target minus prediction.
Loss: sum_i (y_i - w_i x_i)^2; w, x, y (6,).
"""


from verify import derivation


class Value:
    def __init__(self, data, children=()):
        self.data = data
        self.grad = 0.0
        self._children = list(children)
        self._backward = None


def backward_add(self):
    self._children[0].grad += self.grad
    self._children[1].grad += self.grad


def add(a, b):
    c = Value(a.data + b.data, (a, b))
    c._backward = backward_add
    return c


def backward_subtract(self):
    self._children[0].grad += self.grad
    self._children[1].grad += self.grad  # <- wrong


def backward_subtract_fixed(self):
    self._children[0].grad += self.grad
    self._children[1].grad += -self.grad


def subtract(a, b):
    c = Value(a.data - b.data, (a, b))
    c._backward = backward_subtract
    return c


def subtract_fixed(a, b):
    c = Value(a.data - b.data, (a, b))
    c._backward = backward_subtract_fixed
    return c


def backward_multiply(self):
    self._children[0].grad += self._children[1].data * self.grad
    self._children[1].grad += self._children[0].data * self.grad


def multiply(a, b):
    c = Value(a.data * b.data, (a, b))
    c._backward = backward_multiply
    return c


def backward_power_up(self):
    self._children[0].grad += (self._aux * self._children[0].data ** (self._aux - 1)) * self.grad


def power_up(a, power):
    c = Value(a.data ** power, (a,))
    c._aux = power
    c._backward = backward_power_up
    return c


def build_topo(v, topo, visited):
    if id(v) not in visited:
        visited.add(id(v))
        for child in v._children:
            build_topo(child, topo, visited)
        topo.append(v)


def backward(v):
    topo = []
    build_topo(v, topo, set())
    v.grad = 1.0
    for node in reversed(topo):
        if node._backward is not None:
            node._backward(node)


def loss(w, x, y):
    return ((y - w * x) ** 2).sum()


def grad(w, x, y):
    ws = [Value(float(v)) for v in w]
    xs = [Value(float(v)) for v in x]
    ys = [Value(float(v)) for v in y]
    total = Value(0.0)
    for wi, xi, yi in zip(ws, xs, ys):
        total = add(total, power_up(subtract(yi, multiply(wi, xi)), 2.0))
    backward(total)
    return [wi.grad for wi in ws]


def grad_fixed(w, x, y):
    ws = [Value(float(v)) for v in w]
    xs = [Value(float(v)) for v in x]
    ys = [Value(float(v)) for v in y]
    total = Value(0.0)
    for wi, xi, yi in zip(ws, xs, ys):
        total = add(total, power_up(subtract_fixed(yi, multiply(wi, xi)), 2.0))
    backward(total)
    return [wi.grad for wi in ws]


SPEC = dict(wrt="w", shapes={"w": (6,), "x": (6,), "y": (6,)})
case = derivation(loss, grad, **SPEC, name="u_scalar_01")
CAUSE = "sign"
FIX = "Pass the negated gradient to the second operand of a subtraction: b.grad += -self.grad."
