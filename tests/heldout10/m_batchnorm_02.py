"""Batch normalisation backward staged through the graph like the course solution, numpy:
y = gamma (x - mu) / sqrt(var + eps) + beta over the batch, L = sum(dout * y);
x (N, D), gamma, beta (D,), dout (N, D) with N = 6, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N = x.shape[0]
    mu = x.mean(axis=0)
    xmu = x - mu
    var = (xmu ** 2).mean(axis=0)
    ivar = 1.0 / np.sqrt(var + EPS)
    xhat = xmu * ivar
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(axis=0) * -0.5 * ivar ** 3
    dmu = -(dxhat * ivar).sum(axis=0) + dvar * (-2.0 * xmu).mean(axis=0)
    dx = dxhat * ivar + dmu / N  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N = x.shape[0]
    mu = x.mean(axis=0)
    xmu = x - mu
    var = (xmu ** 2).mean(axis=0)
    ivar = 1.0 / np.sqrt(var + EPS)
    xhat = xmu * ivar
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(axis=0) * -0.5 * ivar ** 3
    dmu = -(dxhat * ivar).sum(axis=0) + dvar * (-2.0 * xmu).mean(axis=0)
    dx = dxhat * ivar + dvar * 2.0 * xmu / N + dmu / N
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_02")
CAUSE = "missing-term"
FIX = "x reaches the loss through var too: add dvar * 2 (x - mu) / N to dx."
