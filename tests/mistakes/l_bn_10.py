"""Batch normalisation over the batch axis, the short form of the backward pass, in numpy.

x (N, D), gamma (D,), beta (D,), var = var_0 x + eps, std = sqrt(var), xhat = (x - mean_0 x) / std,
out = gamma xhat + beta, L = sum(dout * out) with dout (N, D) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    var = np.var(x, axis=0) + EPS
    std = np.sqrt(var)
    xhat = (x - np.mean(x, axis=0)) / std
    dxhat = dout * gamma
    bracket = N * dxhat - dxhat.sum(axis=0) - xhat * np.sum(dxhat * xhat, axis=0)
    dx = bracket / (N * var)  # <- wrong
    return dx


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    var = np.var(x, axis=0) + EPS
    std = np.sqrt(var)
    xhat = (x - np.mean(x, axis=0)) / std
    dxhat = dout * gamma
    bracket = N * dxhat - dxhat.sum(axis=0) - xhat * np.sum(dxhat * xhat, axis=0)
    dx = bracket / (N * std)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",),
                             "dout": ("N", "D")},
            sizes={"N": 4, "D": 2})
case = derivation(loss, grad, **SPEC, name="l_bn_10")
CAUSE = "wrong-operand"
FIX = "Divide by N * std, the standard deviation, not by N * var."
