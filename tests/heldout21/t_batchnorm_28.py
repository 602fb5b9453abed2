"""Batch normalisation (training mode), numpy, the compact one-line dx formula.

xhat = (x - mean_batch) / sqrt(var_batch + eps), y = gamma * xhat + beta, L = sum(G * y);
x (4, 3), gamma (3,), beta (3,), G (4, 3); eps = 1e-5.  Gradients wrt x, gamma, beta.
Mistake: the last mean of the compact formula, mean(dxhat * xhat), is taken over axis 1
(features, keepdims) instead of axis 0 (the batch); broadcasting hides it.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def batchnorm_backward(dout, cache):
    xhat, gamma, inv = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dx = inv * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=1, keepdims=True))  # <- wrong
    return dx, dgamma, dbeta


def batchnorm_backward_fixed(dout, cache):
    xhat, gamma, inv = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dx = inv * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0))
    return dx, dgamma, dbeta


def forward(x, gamma, beta):
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    return gamma * xhat + beta, (xhat, gamma, inv)


def grad(x, gamma, beta, G):
    _, cache = forward(x, gamma, beta)
    return batchnorm_backward(G, cache)


def grad_fixed(x, gamma, beta, G):
    _, cache = forward(x, gamma, beta)
    return batchnorm_backward_fixed(G, cache)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (4, 3), "gamma": (3,), "beta": (3,), "G": (4, 3)})
case = derivation(loss, grad, **SPEC, name="t_batchnorm_28")
CAUSE = "reduction-axis"
FIX = "Batch statistics are per feature over the batch, so mean(dxhat * xhat) is over axis 0."
