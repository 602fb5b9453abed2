"""Batch normalisation in training mode, torch backward in the compact form:
xhat = (x - mean) / sqrt(var + eps) over the batch, y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma and beta (D,), dout (N, D) with N = 8, D = 3, eps = 1e-5.
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    return (dout * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    inv_std = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dx = gamma * inv_std / N * (N * dout - dbeta - xhat * dgamma)
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    var = ((x - mu) ** 2).mean(0)
    inv_std = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dx = gamma * inv_std / N * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 8, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_bn_02")
CAUSE = "return-order"
FIX = "wrt is (x, gamma, beta), so the gradients are returned as dx, dgamma, dbeta."
