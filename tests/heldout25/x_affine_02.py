"""Affine layer backward in the dout/dx style, rows are examples, under an upstream gradient:
out = x w + b, L = sum(dout * out); x (N, D), w (D, M), b (M,), dout (N, M).
"""

import numpy as np

from verify import derivation


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


def grad(x, w, b, dout):
    N = x.shape[0]
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.dot(x.reshape(N, -1).T, dout)
    db = np.sum(dout, axis=1)  # <- wrong
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    N = x.shape[0]
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.dot(x.reshape(N, -1).T, dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"), shapes={"x": ("N", "D"), "w": ("D", "M"), "b": ("M",), "dout": ("N", "M")},
            draws={}, sizes={"N": 4, "D": 3, "M": 4})
case = derivation(loss, grad, **SPEC, name="x_affine_02")
CAUSE = "reduction-axis"
FIX = "b is added to every row, so db sums dout over the examples, axis 0."
