"""Batch normalisation in training mode, written like the course's batchnorm_forward /
batchnorm_backward_alt, numpy: xhat = (x - mean) / sqrt(var + eps) over the batch,
out = gamma xhat + beta, L = sum(dout * out); x (N, D), gamma, beta (D,); N = 6, D = 4.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    return (dout * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def batchnorm_forward(x, gamma, beta, eps):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    std = np.sqrt(var + eps)
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
    dx = (N * dx_hat - dx_hat.sum(axis=0)) / (N * std)  # <- wrong
    return dx, dgamma, dbeta


def batchnorm_backward_alt_fixed(dout, cache):
    x_hat, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (N * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0)) / (N * std)
    return dx, dgamma, dbeta


def grad(x, gamma, beta, dout):
    _, cache = batchnorm_forward(np.asarray(x), np.asarray(gamma), np.asarray(beta), EPS)
    return batchnorm_backward_alt(np.asarray(dout), cache)


def grad_fixed(x, gamma, beta, dout):
    _, cache = batchnorm_forward(np.asarray(x), np.asarray(gamma), np.asarray(beta), EPS)
    return batchnorm_backward_alt_fixed(np.asarray(dout), cache)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_bn_01")
CAUSE = "missing-term"
FIX = "The variance depends on x too, which adds the term - x_hat * sum(dx_hat * x_hat) to N dx_hat - sum(dx_hat)."
