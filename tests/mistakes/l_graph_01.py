"""A graph where x is used twice, f = x y + x, with the book's multiply and add nodes.

x (), y () scalars; the nodes run on Python floats.
"""

from verify import derivation


class MulLayer:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


def loss(x, y):
    return x * y + x


def grad(x, y):
    x, y = float(x), float(y)
    mul, add = MulLayer(), AddLayer()
    add.forward(mul.forward(x, y), x)
    dxy, dx_add = add.backward(1.0)
    dx = dx_add
    dx_mul, dy = mul.backward(dxy)
    dx = dx_mul  # <- wrong
    return dx, dy


def grad_fixed(x, y):
    x, y = float(x), float(y)
    mul, add = MulLayer(), AddLayer()
    add.forward(mul.forward(x, y), x)
    dxy, dx_add = add.backward(1.0)
    dx = dx_add
    dx_mul, dy = mul.backward(dxy)
    dx = dx + dx_mul
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": (), "y": ()})
case = derivation(loss, grad, **SPEC, name="l_graph_01")
CAUSE = "missing-term"
FIX = "Accumulate both paths of x: dx = dx + dx_mul, not dx = dx_mul."
