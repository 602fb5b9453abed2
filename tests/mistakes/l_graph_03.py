"""A subtract node then a multiply node in torch, f = (a - b) c, L = sum(dout * f).

a (D,), b (D,), c (D,), dout (D,) the upstream gradient.
"""

from verify import derivation


def loss(a, b, c, dout):
    return (dout * ((a - b) * c)).sum()


def grad(a, b, c, dout):
    d = a - b
    dd = dout * c
    dc = dout * d
    da = dd
    db = dd  # <- wrong
    return da, db, dc


def grad_fixed(a, b, c, dout):
    d = a - b
    dd = dout * c
    dc = dout * d
    da = dd
    db = -dd
    return da, db, dc


SPEC = dict(wrt=("a", "b", "c"), shapes={"a": ("D",), "b": ("D",), "c": ("D",), "dout": ("D",)},
            sizes={"D": 4})
case = derivation(loss, grad, **SPEC, name="l_graph_03")
CAUSE = "sign"
FIX = "A subtract node passes -dout to the subtrahend: db = -dd."
