"""A graph where x is used twice, f = (x + y) x elementwise, in torch, L = sum(dout * f).

x (D,), y (D,), dout (D,) the upstream gradient.
"""

from verify import derivation


def loss(x, y, dout):
    return (dout * ((x + y) * x)).sum()


def grad(x, y, dout):
    s = x + y
    ds = dout * x
    dx = dout * s  # <- wrong
    dy = ds
    return dx, dy


def grad_fixed(x, y, dout):
    s = x + y
    ds = dout * x
    dx = dout * s + ds
    dy = ds
    return dx, dy


SPEC = dict(wrt=("x", "y"), shapes={"x": ("D",), "y": ("D",), "dout": ("D",)},
            sizes={"D": 5})
case = derivation(loss, grad, **SPEC, name="l_graph_08")
CAUSE = "missing-term"
FIX = "Add the path through the add node: dx = dout * s + ds."
