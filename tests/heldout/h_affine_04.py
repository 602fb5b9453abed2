"""A CS231n-style affine_backward(dout, cache) returning (dx, dw, db), checked through
L = sum(dout * (x w + b)); x (4, 4), w (4, 4), b (4,), dout (4, 4).
"""


from verify import derivation


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(dim=0)
    return dw, dx, db  # <- wrong


def affine_backward_fixed(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(dim=0)
    return dx, dw, db


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


def grad(x, w, b, dout):
    dx, dw, db = affine_backward(dout, (x, w, b))
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    dx, dw, db = affine_backward_fixed(dout, (x, w, b))
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (4, 4), "w": (4, 4), "b": (4,), "dout": (4, 4)})
case = derivation(loss, grad, **SPEC, name="h_affine_04")
CAUSE = "return-order"
FIX = "affine_backward must return dx, dw, db in the order its callers unpack."
