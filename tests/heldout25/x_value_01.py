"""Least-squares line through a few points with a small scalar autodiff engine:
L = sum_i (w x_i + b - t_i)^2; w (1,), b (1,), x (3,), t (3,).
"""


from verify import derivation


class Value:
    def __init__(self, data, children=()):
        self.data = data
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
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __pow__(self, k):
        out = type(self)(self.data ** k, (self,))

        def _backward():
            self.grad += self.data ** (k - 1) * out.grad  # <- wrong
        out._backward = _backward
        return out

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
    return ((w * x + b - t) ** 2).sum()


def fit(V, w, b, x, t):
    wv, bv = V(w.tolist()[0]), V(b.tolist()[0])
    total = V(0.0)
    for xi, ti in zip(x.tolist(), t.tolist(), strict=True):
        r = wv * xi + bv - V(ti)
        total = total + r ** 2
    total.backward()
    return [wv.grad], [bv.grad]


def grad(w, b, x, t):
    return fit(Value, w, b, x, t)


def grad_fixed(w, b, x, t):
    return fit(ValueFixed, w, b, x, t)


SPEC = dict(wrt=("w", "b"), shapes={"w": (1,), "b": (1,), "x": (3,), "t": (3,)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_value_01")
CAUSE = "square-factor"
FIX = "The power rule gives d(v^k)/dv = k v^(k - 1), so the backward of v ** k must multiply by k."
