"""Batch normalization backward step by step through the computational graph
(the staged derivation popular in blog posts), checked through L = sum(dout * out);
x (5, 3), gamma (3,), beta (3,), eps = 1e-5.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    xmu = x - x.mean(dim=0)
    var = (xmu ** 2).mean(dim=0)
    return (dout * (gamma * xmu / torch.sqrt(var + EPS) + beta)).sum()


def batchnorm_forward(x, gamma, beta):
    N = x.shape[0]
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    sq = xmu ** 2
    var = 1.0 / N * np.sum(sq, axis=0)
    sqrtvar = np.sqrt(var + EPS)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    out = gamma * xhat + beta
    return out, (xhat, gamma, xmu, ivar, sqrtvar, var)


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var = cache
    N, D = dout.shape
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + EPS) * dsqrtvar
    dsq = 1.0 / N * np.ones((N, D)) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1  # <- wrong
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones((N, D)) * dmu
    dx = dx1 + dx2
    return dx, dgamma, dbeta


def batchnorm_backward_fixed(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var = cache
    N, D = dout.shape
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + EPS) * dsqrtvar
    dsq = 1.0 / N * np.ones((N, D)) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones((N, D)) * dmu
    dx = dx1 + dx2
    return dx, dgamma, dbeta


def grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward(dout, cache)


def grad_fixed(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward_fixed(dout, cache)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (5, 3), "gamma": (3,), "beta": (3,), "dout": (5, 3)})
case = derivation(loss, grad, **SPEC, name="g_norm_02")
CAUSE = "missing-term"
FIX = "xmu feeds both xhat and the variance: dx1 = dxmu1 + dxmu2, the variance path included."
