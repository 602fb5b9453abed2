"""An affine layer written like a course solution, affine_backward(dout, cache) in numpy:
x (N, d1, d2) is flattened to (N, D), out = x w + b, L = sum(dout * out);
x (4, 2, 3), w (6, 6), b (6,), dout (4, 6): D = 6 inputs and M = 6 outputs.
"""

import numpy as np

from verify import derivation


def loss(x, w, b, dout):
    return (dout * (x.reshape(x.shape[0], -1) @ w + b)).sum()


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    dx = (dout @ w).reshape(x.shape)  # <- wrong
    dw = x.reshape(N, -1).T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def affine_backward_fixed(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(N, -1).T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def grad(x, w, b, dout):
    cache = (np.asarray(x), np.asarray(w), np.asarray(b))
    return affine_backward(np.asarray(dout), cache)


def grad_fixed(x, w, b, dout):
    cache = (np.asarray(x), np.asarray(w), np.asarray(b))
    return affine_backward_fixed(np.asarray(dout), cache)


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (4, 2, 3), "w": (6, 6), "b": (6,), "dout": (4, 6)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "dx = dout w^T: w maps inputs to outputs, so going back needs its transpose."
