"""CS231n's batchnorm_backward_alt (training mode), checked through L = sum(dout * out):
out = gamma (x - mu) / sqrt(var + eps) + beta over the batch axis; x (N, D), gamma, beta (D,).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    out = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return (dout * out).sum()


def batchnorm_forward(x, gamma, beta):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + EPS)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, std)
    return out, cache


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (N * std)
    return dx, dbeta, dgamma  # <- wrong


def batchnorm_backward_alt_fixed(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta


def grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward_alt(dout, cache)


def grad_fixed(x, gamma, beta, dout):
    _, cache = batchnorm_forward(x, gamma, beta)
    return batchnorm_backward_alt_fixed(dout, cache)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="g_norm_01")
CAUSE = "return-order"
FIX = "The caller unpacks dx, dgamma, dbeta: return them in that order."
