"""CS231n's affine_backward, numpy: out = x w + b, loss = sum(dout * out); x (N, D),
w (D, M), b (M,), dout (N, M) with N = M = 4 and D = 3. Gradients of x, w, b.
"""

import numpy as np

from verify import derivation


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = np.sum(dout, axis=1)  # <- wrong
    return dx, dw, db


def affine_backward_fixed(dout, cache):
    x, w, b = cache
    dx = dout @ w.T
    dw = x.T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def loss(x, w, b, dout):
    return (dout * (x @ w + b)).sum()


def grad(x, w, b, dout):
    cache = (x, w, b)
    return affine_backward(dout, cache)


def grad_fixed(x, w, b, dout):
    cache = (x, w, b)
    return affine_backward_fixed(dout, cache)


SPEC = dict(numpy=True, wrt=("x", "w", "b"), shapes={"x": (4, 3), "w": (3, 4), "b": (4,), "dout": (4, 4)})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "reduction-axis"
FIX = "The bias is shared by the N rows, so db sums dout over the batch axis 0, not over the outputs."
