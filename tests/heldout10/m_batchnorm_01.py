"""Batch normalisation in training mode, torch backward:
y = gamma (x - mu) / sqrt(var + eps) + beta, mu and var over the batch, L = sum(dout * y);
x (N, D), gamma, beta (D,), dout (N, D) with N = 4, D = 4 (a batch as wide as the layer).
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
    mu = x.mean(0)
    var = x.var(0, correction=0)
    inv = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(1)  # <- wrong
    dxhat = dout * gamma
    dx = inv / N * (N * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    var = x.var(0, correction=0)
    inv = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dxhat = dout * gamma
    dx = inv / N * (N * dxhat - dxhat.sum(0) - xhat * (dxhat * xhat).sum(0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_01")
CAUSE = "reduction-axis"
FIX = "gamma is per feature and shared by the batch: dgamma = (dout * xhat).sum(0)."
