"""An affine layer in torch, checked through L = sum(dout * out).

x (N, D), W (D, M), b (M,), out = x W + b, dout (N, M) the upstream gradient.
"""

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W + b)).sum()


def grad(x, W, b, dout):
    dx = dout @ W.T
    dW = dout.T @ x  # <- wrong
    db = dout.sum(dim=0)
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(dim=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"),
            shapes={"x": ("N", "D"), "W": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            sizes={"N": 4, "D": 3, "M": 3})
case = derivation(loss, grad, **SPEC, name="l_affine_02")
CAUSE = "transpose"
FIX = "Use x.T @ dout instead of dout.T @ x."
