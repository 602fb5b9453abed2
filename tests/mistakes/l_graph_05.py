"""A multiply node as a torch class, out = x * y elementwise, L = sum(dout * out).

x (D,), y (D,), dout (D,) the upstream gradient.
"""

from verify import derivation


class Multiply:
    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dy, dx  # <- wrong


class MultiplyFixed(Multiply):
    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


def loss(x, y, dout):
    return (dout * (x * y)).sum()


def grad(x, y, dout):
    node = Multiply()
    node.forward(x, y)
    return node.backward(dout)


def grad_fixed(x, y, dout):
    node = MultiplyFixed()
    node.forward(x, y)
    return node.backward(dout)


SPEC = dict(wrt=("x", "y"), shapes={"x": (4,), "y": (4,), "dout": (4,)})
case = derivation(loss, grad, **SPEC, name="l_graph_05")
CAUSE = "return-order"
FIX = "Return (dx, dy), the order of the node's inputs."
