"""Batch normalisation, staged backward through the computational graph (training mode):
mu = mean_0(x), xc = x - mu, var = mean_0(xc^2), xhat = xc / sqrt(var + eps),
y = gamma xhat + beta, L = sum(dout * y); x (5, 3), gamma (3,), beta (3,), dout (5, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(axis=0, keepdims=True)
    xc = x - mu
    var = (xc ** 2).mean(axis=0, keepdims=True)
    std = np.sqrt(var + EPS)
    xhat = xc / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * xc).sum(axis=0, keepdims=True) * -0.5 * std ** -3
    dxc = dxhat / std + dvar * 2 * xc / N
    dmu = -dxc.sum(axis=1, keepdims=True)  # <- wrong
    dx = dxc + dmu / N
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(axis=0, keepdims=True)
    xc = x - mu
    var = (xc ** 2).mean(axis=0, keepdims=True)
    std = np.sqrt(var + EPS)
    xhat = xc / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * xc).sum(axis=0, keepdims=True) * -0.5 * std ** -3
    dxc = dxhat / std + dvar * 2 * xc / N
    dmu = -dxc.sum(axis=0, keepdims=True)
    dx = dxc + dmu / N
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (5, 3), "gamma": (3,), "beta": (3,), "dout": (5, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_batchnorm_02")
CAUSE = "reduction-axis"
FIX = "mu is a mean over the batch, so its gradient sums dxc over axis 0."
