"""One sigmoid layer with half squared error, written as forward/backward functions with caches:
Z = X W + b, Y = sigma(Z), L = 1/2 sum (Y - T)^2; X (N, D), W (D, K), b (K,), T (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, b, T):
    return 0.5 * ((torch.sigmoid(X @ W + b) - T) ** 2).sum()


def affine_forward(x, W, b):
    return np.dot(x, W) + b, (x, W)


def affine_backward(dout, cache):
    x, W = cache
    return np.dot(dout, W.T), np.dot(x.T, dout), np.sum(dout, axis=0)


def sigmoid_forward(z):
    out = 1.0 / (1.0 + np.exp(-z))
    return out, (z, out)


def sigmoid_backward(dout, cache):
    z, out = cache
    dz = dout * z * (1.0 - z)  # <- wrong
    return dz


def sigmoid_backward_fixed(dout, cache):
    z, out = cache
    dz = dout * out * (1.0 - out)
    return dz


def grad(X, W, b, T):
    z, fc_cache = affine_forward(X, W, b)
    y, sig_cache = sigmoid_forward(z)
    dy = y - T
    dz = sigmoid_backward(dy, sig_cache)
    _, dW, db = affine_backward(dz, fc_cache)
    return dW, db


def grad_fixed(X, W, b, T):
    z, fc_cache = affine_forward(X, W, b)
    y, sig_cache = sigmoid_forward(z)
    dy = y - T
    dz = sigmoid_backward_fixed(dy, sig_cache)
    _, dW, db = affine_backward(dz, fc_cache)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "T": ("N", "K")},
            draws={"T": "uniform"}, sizes={"N": 4, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="x_sigmoid_01")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = sigma(z) (1 - sigma(z)), so use the cached output: dz = dout * out * (1 - out)."
