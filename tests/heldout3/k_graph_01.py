"""Computation-graph nodes in numpy, Divide and Add, for f = x / y + x with L = sum(dout * f);
x (3, 4), y (3, 4) positive, dout (3, 4).
"""


from verify import derivation


class Divide:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x / y

    def backward(self, dout):
        dx = dout / self.y
        dy = dout * self.x / self.y ** 2  # <- wrong
        return dx, dy


class DivideFixed(Divide):
    def backward(self, dout):
        dx = dout / self.y
        dy = -dout * self.x / self.y ** 2
        return dx, dy


class Add:
    def forward(self, a, b):
        return a + b

    def backward(self, dout):
        return dout, dout


def loss(x, y, dout):
    return (dout * (x / y + x)).sum()


def grad(x, y, dout):
    div, add = Divide(), Add()
    q = div.forward(x, y)
    add.forward(q, x)
    dq, dx_skip = add.backward(dout)
    dx_div, dy = div.backward(dq)
    return dx_div + dx_skip, dy


def grad_fixed(x, y, dout):
    div, add = DivideFixed(), Add()
    q = div.forward(x, y)
    add.forward(q, x)
    dq, dx_skip = add.backward(dout)
    dx_div, dy = div.backward(dq)
    return dx_div + dx_skip, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": (3, 4), "y": (3, 4), "dout": (3, 4)},
            draws={"y": "positive"})
case = derivation(loss, grad, **SPEC, name="k_graph_01")
CAUSE = "sign"
FIX = "d(x / y)/dy = -x / y^2: the Divide node's dy carries a minus sign."
