"""A fully connected layer written like the course's affine_forward / affine_backward,
numpy; a square layer (D inputs to D outputs, as inside a residual MLP):
out = x w + b, L = sum(dout * out); x (N, D), w (D, D), b (D,), dout (N, D); N = 4, D = 5.
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
    """dout: upstream derivative, of shape (N, M); cache: (x, w, b) from the forward pass."""
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = dout.T.dot(x.reshape(x.shape[0], -1))  # <- wrong
    db = np.sum(dout, axis=0)
    return dx, dw, db


def affine_backward_fixed(dout, cache):
    """dout: upstream derivative, of shape (N, M); cache: (x, w, b) from the forward pass."""
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def grad(x, w, b, dout):
    _, cache = affine_forward(np.asarray(x), np.asarray(w), np.asarray(b))
    dx, dw, db = affine_backward(np.asarray(dout), cache)
    return dx, dw, db


def grad_fixed(x, w, b, dout):
    _, cache = affine_forward(np.asarray(x), np.asarray(w), np.asarray(b))
    dx, dw, db = affine_backward_fixed(np.asarray(dout), cache)
    return dx, dw, db


SPEC = dict(wrt=("x", "w", "b"),
            shapes={"x": ("N", "D"), "w": ("D", "D"), "b": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_affine_01")
CAUSE = "transpose"
FIX = "dw[i, j] = sum_n x[n, i] dout[n, j], so dw = x.T.dot(dout), not dout.T.dot(x)."
