"""An affine layer with forward and backward functions that pass a cache, numpy:
out = x w + b, L = sum(dout * out); x (N, D), w (D, M), b (M,), dout (N, M).
"""

import numpy as np

from verify import derivation


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dw, dx, db  # <- wrong


def affine_backward_fixed(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


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
            draws={}, sizes={"N": 3, "D": 3, "M": 3})
case = derivation(loss, grad, **SPEC, name="m_affine_03")
CAUSE = "return-order"
FIX = "affine_backward must return (dx, dw, db), the order its caller unpacks."
