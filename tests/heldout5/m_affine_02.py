"""Course-style numpy affine_forward / affine_backward with a cache, followed by the mean
squared error of F.mse_loss (mean over all N * M elements): L = mean((x W + b - t)^2);
x (6, 4), W (4, 3), b (3,), t (6, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def affine_forward(x, W, b):
    out = x.reshape(x.shape[0], -1).dot(W) + b
    cache = (x, W, b)
    return out, cache


def affine_backward(dout, cache):
    x, W, b = cache
    dx = dout.dot(W.T).reshape(x.shape)
    dW = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dW, db


def loss(x, W, b, t):
    return F.mse_loss(x @ W + b, t)


def grad(x, W, b, t):
    out, cache = affine_forward(x, W, b)
    N = out.shape[0]
    dout = 2 * (out - t) / N  # <- wrong
    dx, dW, db = affine_backward(dout, cache)
    return dW, db


def grad_fixed(x, W, b, t):
    out, cache = affine_forward(x, W, b)
    N = out.shape[0]
    dout = 2 * (out - t) / out.size
    dx, dW, db = affine_backward(dout, cache)
    return dW, db


SPEC = dict(numpy=True, wrt=("W", "b"),
            shapes={"x": (6, 4), "W": (4, 3), "b": (3,), "t": (6, 3)})
case = derivation(loss, grad, **SPEC, name="m_affine_02")
CAUSE = "wrong-divisor"
FIX = "mse_loss averages over all N * M elements, so the upstream gradient is 2 (out - t) / out.size."
