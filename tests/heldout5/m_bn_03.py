"""Batch norm in numpy with the staged backward through the computational graph (the
well-known blog post's version): xmu, sq, var, sqrtvar, ivar, xhat, then back node by node;
loss = sum(dout * out); x (8, 5), gamma (5,), beta (5,), dout (8, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def batchnorm_forward(x, gamma, beta, eps=EPS):
    N = x.shape[0]
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    sq = xmu ** 2
    var = 1.0 / N * np.sum(sq, axis=0)
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    out = gamma * xhat + beta
    return out, (xhat, gamma, xmu, ivar, sqrtvar, var, eps)


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 / np.sqrt(var + eps) * dsqrtvar
    dsq = 1.0 / N * np.ones_like(dout) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=1, keepdims=True)  # <- wrong
    dx2 = 1.0 / N * np.ones_like(dout) * dmu
    dx = dx1 + dx2
    return dx, dgamma, dbeta


def batchnorm_backward_fixed(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 / np.sqrt(var + eps) * dsqrtvar
    dsq = 1.0 / N * np.ones_like(dout) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = 1.0 / N * np.ones_like(dout) * dmu
    dx = dx1 + dx2
    return dx, dgamma, dbeta


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    out, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward(dout, cache)


def grad_fixed(x, gamma, beta, dout):
    out, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward_fixed(dout, cache)


SPEC = dict(numpy=True, wrt=("x", "gamma", "beta"),
            shapes={"x": (8, 5), "gamma": (5,), "beta": (5,), "dout": (8, 5)})
case = derivation(loss, grad, **SPEC, name="m_bn_03")
CAUSE = "reduction-axis"
FIX = "mu is a mean over the batch axis, so its gradient sums dx1 over axis 0, not over the features."
