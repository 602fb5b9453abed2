"""Least squares with scalar autodiff values: y_n = sum_i w_i x_ni + b,
E = sum_n (y_n - t_n)^2; x (4, 2), w (2,), b (1,), t (4,).
"""


from verify import derivation


class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

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

    def __pow__(self, k):
        out = type(self)(self.data ** k, (self,))

        def _backward():
            self.grad += self.data ** (k - 1) * out.grad  # <- wrong
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def backward(self):
        topo, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


class ValueFixed(Value):
    def __pow__(self, k):
        out = type(self)(self.data ** k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out


def loss(w, b, x, t):
    return ((x @ w + b - t) ** 2).sum()


def grad(w, b, x, t):
    ws = [Value(v) for v in w.tolist()]
    bv = Value(b.item())
    E = Value(0.0)
    for xn, tn in zip(x.tolist(), t.tolist()):
        y = bv
        for wi, xi in zip(ws, xn):
            y = y + wi * xi
        E = E + (y - tn) ** 2
    E.backward()
    return [v.grad for v in ws], [bv.grad]


def grad_fixed(w, b, x, t):
    ws = [ValueFixed(v) for v in w.tolist()]
    bv = ValueFixed(b.item())
    E = ValueFixed(0.0)
    for xn, tn in zip(x.tolist(), t.tolist()):
        y = bv
        for wi, xi in zip(ws, xn):
            y = y + wi * xi
        E = E + (y - tn) ** 2
    E.backward()
    return [v.grad for v in ws], [bv.grad]


SPEC = dict(wrt=("w", "b"), shapes={"w": (2,), "b": (1,), "x": (4, 2), "t": (4,)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="w_value_01")
CAUSE = "square-factor"
FIX = "The power rule gives d(v^k)/dv = k v^(k - 1), so the closure must multiply by k."
