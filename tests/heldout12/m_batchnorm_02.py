"""Batch normalisation in training mode, checked through an upstream gradient, torch:
xhat = (x - mu) / sqrt(var + eps) with batch mean and biased variance, y = gamma xhat + beta, E = sum(G * y);
x (3, 3), gamma (3,), beta (3,), G (3, 3) (as many examples as features).
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def grad(x, gamma, beta, G):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    inv_std = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = (G * xhat).sum(dim=1)  # <- wrong
    dbeta = G.sum(dim=0)
    dxhat = G * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, G):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    inv_std = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = (G * xhat).sum(dim=0)
    dbeta = G.sum(dim=0)
    dxhat = G * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (3, 3), "gamma": (3,), "beta": (3,), "G": (3, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_02")
CAUSE = "reduction-axis"
FIX = "gamma is shared by every example, so dgamma sums G * xhat over the batch axis, dim=0."
