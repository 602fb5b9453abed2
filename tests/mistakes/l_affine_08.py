"""A residual affine block in torch, out = x W + b + x, checked through L = sum(dout * out).

x (N, D), W (D, D), b (D,), dout (N, D) the upstream gradient; x reaches out by two paths.
"""

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b + x)).sum()


def grad(x, W, b, dout):
    dh = dout
    dx = dh @ W.T  # <- wrong
    dW = x.T @ dh
    db = dh.sum(dim=0)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    dh = dout
    dx = dh @ W.T + dout
    dW = x.T @ dh
    db = dh.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "D"), "b": ("D",), "dout": ("N", "D")},
            sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_affine_08")
CAUSE = "missing-term"
FIX = "Add dout to dx for the skip path, dx = dout @ W.T + dout."
