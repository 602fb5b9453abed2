"""A fully connected layer with forward and backward functions passing a cache:
out = x w + b, L = sum(dout * out); x (N, D), w (D, M), b (M,), dout (N, M).
"""

import numpy as np

from verify import derivation


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=1)  # <- wrong
    return dx, dw, db


def affine_backward_fixed(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


def grad(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(dout, cache)
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward_fixed(dout, cache)
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": ("N", "D"), "w": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            draws={}, sizes={"N": 3, "D": 4, "M": 3})
case = derivation(loss, grad, **SPEC, name="w_affine_01")
CAUSE = "reduction-axis"
FIX = "The bias is shared by every row of the batch, so db sums dout over axis 0."
