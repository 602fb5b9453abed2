"""A subtract node feeding a multiply node, L = sum((a - b) * c):
a, b, c (3, 4), elementwise.
"""


from verify import derivation


def loss(a, b, c):
    return ((a - b) * c).sum()


def grad(a, b, c):
    d = a - b
    dd = c
    dc = d
    da = dd
    db = dd  # <- wrong
    return da, db, dc


def grad_fixed(a, b, c):
    d = a - b
    dd = c
    dc = d
    da = dd
    db = -dd
    return da, db, dc


SPEC = dict(wrt=("a", "b", "c"), shapes={"a": (3, 4), "b": (3, 4), "c": (3, 4)})
case = derivation(loss, grad, **SPEC, name="h_graph_02")
CAUSE = "sign"
FIX = "A subtract node sends -dout to its second input: db = -dd."
