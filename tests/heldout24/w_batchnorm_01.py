"""Batch normalisation in training mode, backpropagated stage by stage through its graph:
xhat = (x - mu) / sqrt(var + eps) with batch statistics per feature, y = gamma xhat + beta,
L = sum(dout * y); x (4, 4), gamma (4,), beta (4,), dout (4, 4).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    y = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N, D = x.shape
    mu = np.mean(x, axis=0)
    xmu = x - mu
    var = np.mean(xmu ** 2, axis=0)
    ivar = 1.0 / np.sqrt(var + EPS)
    xhat = xmu * ivar
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dvar = -0.5 * ivar ** 3 * divar
    dsq = np.ones((N, D)) * dvar / N
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=1)  # <- wrong
    dx2 = np.ones((N, D)) * dmu / N
    dx = dx1 + dx2
    return dx, dgamma


def grad_fixed(x, gamma, beta, dout):
    N, D = x.shape
    mu = np.mean(x, axis=0)
    xmu = x - mu
    var = np.mean(xmu ** 2, axis=0)
    ivar = 1.0 / np.sqrt(var + EPS)
    xhat = xmu * ivar
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dvar = -0.5 * ivar ** 3 * divar
    dsq = np.ones((N, D)) * dvar / N
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = np.ones((N, D)) * dmu / N
    dx = dx1 + dx2
    return dx, dgamma


SPEC = dict(wrt=("x", "gamma"), shapes={"x": (4, 4), "gamma": (4,), "beta": (4,), "dout": (4, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_batchnorm_01")
CAUSE = "reduction-axis"
FIX = "The mean is taken over the batch for each feature, so dmu sums over axis 0."
