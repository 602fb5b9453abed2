"""A scalar computation graph in pure Python, forward then backward node by node:
u = a x, v = u - b, L = v^2; a, x, b scalars; gradient with respect to a and b.
"""

from verify import derivation


def loss(a, x, b):
    return (a * x - b) ** 2


def grad(a, x, b):
    a, x, b = float(a), float(x), float(b)
    u = a * x
    v = u - b
    dv = 2.0 * v
    du = dv
    db = dv  # <- wrong
    da = du * x
    return da, db


def grad_fixed(a, x, b):
    a, x, b = float(a), float(x), float(b)
    u = a * x
    v = u - b
    dv = 2.0 * v
    du = dv
    db = -dv
    da = du * x
    return da, db


SPEC = dict(wrt=("a", "b"), shapes={"a": (), "x": (), "b": ()})
case = derivation(loss, grad, **SPEC, name="k_graph_02")
CAUSE = "sign"
FIX = "b enters the subtraction node with a minus, so db = -dv."
