"""Batch normalisation in training mode under an upstream gradient, numpy:
xhat = (x - mean_n x) / sqrt(var_n x + eps), out = gamma xhat + beta, L = sum(dout * out);
x (3, 3), gamma (3,), beta (3,), dout (3, 3), eps = 1e-5.
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
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    istd = 1.0 / np.sqrt(var + EPS)
    xhat = xc * istd
    dbeta = dout.sum(axis=1)  # <- wrong
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = istd / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    istd = 1.0 / np.sqrt(var + EPS)
    xhat = xc * istd
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = istd / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (3, 3), "gamma": (3,), "beta": (3,), "dout": (3, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_01")
CAUSE = "reduction-axis"
FIX = "beta is shared by the examples, so dbeta sums dout over the batch axis 0."
