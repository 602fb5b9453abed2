"""Batch normalization (training mode) with the compact backward formula, in numpy:
out = gamma (x - mu) / sqrt(var + eps) + beta, mu and var over the batch;
checked through L = sum(dout * out); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    m = x.shape[1]  # <- wrong
    dx = (m * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (m * std)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    m = x.shape[0]
    dx = (m * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (m * std)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="h_norm_03")
CAUSE = "wrong-divisor"
FIX = "Batch statistics average over the examples: m = x.shape[0], not x.shape[1]."
