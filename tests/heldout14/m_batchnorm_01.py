"""Batch normalisation in training mode under an upstream gradient, torch:
mu = mean_n x, var = mean_n (x - mu)^2, xhat = (x - mu) / sqrt(var + eps),
y = gamma xhat + beta, L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0)  # <- wrong
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, correction=0)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dgamma = (dout * xhat).sum(dim=0)
    dbeta = dout.sum(dim=0)
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_01")
CAUSE = "wrong-divisor"
FIX = "Batch norm normalises with the biased variance, the mean of squares over N, not over N - 1."
