"""Batch normalisation in training mode, torch, backward by the staged computational graph
(mean, centred input, variance, inverse std): y = gamma (x - mu) / sqrt(var + eps) + beta, eps = 1e-5,
checked through L = sum(dout * y); x (10, 3), gamma (3,), beta (3,), dout (10, 3).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    xmu = x - mu
    var = (xmu ** 2).mean(0)
    ivar = 1.0 / torch.sqrt(var + EPS)
    xhat = xmu * ivar
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(0) * -0.5 * (var + EPS) ** -1.5
    dmu = -(dxhat * ivar).sum(0) + dvar * (-2.0 * xmu).mean(0)
    dx = dxhat * ivar + dvar * 2.0 * xmu / N  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    xmu = x - mu
    var = (xmu ** 2).mean(0)
    ivar = 1.0 / torch.sqrt(var + EPS)
    xhat = xmu * ivar
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(0) * -0.5 * (var + EPS) ** -1.5
    dmu = -(dxhat * ivar).sum(0) + dvar * (-2.0 * xmu).mean(0)
    dx = dxhat * ivar + dvar * 2.0 * xmu / N + dmu / N
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (10, 3), "gamma": (3,), "beta": (3,), "dout": (10, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_bn_01")
CAUSE = "missing-term"
FIX = "x also reaches the output through the batch mean: dx needs the third path, + dmu / N."
