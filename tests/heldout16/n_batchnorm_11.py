"""Batch normalisation (training mode) followed by an upstream gradient, numpy:
xhat = (x - mean_0 x) / sqrt(var_0 x + eps) with the biased batch variance,
y = gamma * xhat + beta, L = sum(G * y);
x (8, 3), gamma (3,), beta (3,), G (8, 3).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (G * y).sum()


def grad(x, gamma, beta, G):
    N = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0, ddof=1)  # <- wrong
    inv_std = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = np.sum(G * xhat, axis=0)
    dbeta = np.sum(G, axis=0)
    dxhat = G * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, G):
    N = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    dgamma = np.sum(G * xhat, axis=0)
    dbeta = np.sum(G, axis=0)
    dxhat = G * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (8, 3), "gamma": (3,), "beta": (3,), "G": (8, 3)})
case = derivation(loss, grad, **SPEC, name="n_batchnorm_11")
CAUSE = "wrong-divisor"
FIX = "Batch norm normalises with the biased variance (divided by N), so var = x.var(axis=0) without ddof=1."
