"""An affine layer with the bias subtracted, out = x W - b, in numpy.

x (N, D), W (D, M), b (M,), dout (N, M) the upstream gradient, L = sum(dout * out).
"""

import numpy as np

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x @ W - b)).sum()


def grad(x, W, b, dout):
    dx = dout.dot(W.T)
    dW = x.T.dot(dout)
    db = np.sum(dout, axis=0)  # <- wrong
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    dx = dout.dot(W.T)
    dW = x.T.dot(dout)
    db = -np.sum(dout, axis=0)
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (5, 3), "W": (3, 2), "b": (2,), "dout": (5, 2)})
case = derivation(loss, grad, **SPEC, name="l_affine_09")
CAUSE = "sign"
FIX = "Negate the bias gradient: b enters with a minus, db = -sum(dout, axis=0)."
