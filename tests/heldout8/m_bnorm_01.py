"""Batch norm in training mode with an upstream gradient, numpy forward/backward helpers:
xhat = (x - mean_n x) / sqrt(var_n x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D), N = 6, D = 3, eps = 1e-5.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    y = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return (dout * y).sum()


def bn_forward(x, gamma, beta):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    return gamma * xhat + beta, (xhat, inv_std, gamma)


def bn_backward(dout, cache):
    xhat, inv_std, gamma = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(axis=1, keepdims=True) - xhat * (dxhat * xhat).sum(axis=0))  # <- wrong
    return dx, dgamma, dbeta


def bn_backward_fixed(dout, cache):
    xhat, inv_std, gamma = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


def grad(x, gamma, beta, dout):
    _, cache = bn_forward(np.asarray(x), np.asarray(gamma), np.asarray(beta))
    return bn_backward(np.asarray(dout), cache)


def grad_fixed(x, gamma, beta, dout):
    _, cache = bn_forward(np.asarray(x), np.asarray(gamma), np.asarray(beta))
    return bn_backward_fixed(np.asarray(dout), cache)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_bnorm_01")
CAUSE = "reduction-axis"
FIX = "Batch norm's statistics run over the batch, so the sum of dxhat is over axis=0 (per feature), not axis=1."
