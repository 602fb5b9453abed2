"""Batch normalisation (training mode, biased variance) under an upstream gradient:
xhat = (x - mean_0(x)) / sqrt(var_0(x) + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D); N = 4, D = 3.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    xhat = (x - x.mean(0)) / torch.sqrt(x.var(0, unbiased=False) + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = (inv_std / D) * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = (inv_std / N) * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="v_batchnorm_01")
CAUSE = "wrong-divisor"
FIX = "The statistics are taken over the N examples of the batch, so the factor is inv_std / N."
