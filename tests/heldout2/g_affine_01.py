"""CS231n's affine_backward with a cache tuple, x reshaped from (N, d1, d2) to (N, D):
out = x.reshape(N, D) w + b, L = sum(dout * out); x (3, 2, 2), w (4, 4), b (4,), dout (3, 4).
"""

import numpy as np

from verify import derivation


def loss(x, w, b, dout):
    return (dout * (x.reshape(x.shape[0], -1) @ w + b)).sum()


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1).dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, _ = cache
    dx = dout.dot(w).reshape(x.shape)  # <- wrong
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def affine_backward_fixed(dout, cache):
    x, w, _ = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def grad(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    return affine_backward(dout, cache)


def grad_fixed(x, w, b, dout):
    _, cache = affine_forward(x, w, b)
    return affine_backward_fixed(dout, cache)


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": (3, 2, 2), "w": (4, 4), "b": (4,), "dout": (3, 4)})
case = derivation(loss, grad, **SPEC, name="g_affine_01")
CAUSE = "transpose"
FIX = "dx = dout w^T (then reshaped): with a square w the missing .T raises no shape error."
