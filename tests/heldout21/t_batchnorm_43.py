"""Batch normalisation (training mode), numpy, step-by-step computational-graph backward.

xhat = (x - mean_batch) / sqrt(var_batch + eps), y = gamma * xhat + beta, L = sum(G * y);
x (3, 4), gamma (4,), beta (4,), G (3, 4); eps = 1e-5.  Gradients wrt x, gamma, beta.
Mistake: the function returns dx, dbeta, dgamma although wrt is (x, gamma, beta);
gamma and beta have the same shape, so nothing crashes.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def grad(x, gamma, beta, G):
    N = x.shape[0]
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    sq = xmu ** 2
    var = 1.0 / N * np.sum(sq, axis=0)
    sqrtvar = np.sqrt(var + EPS)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    dbeta = np.sum(G, axis=0)
    dgamma = np.sum(G * xhat, axis=0)
    dxhat = G * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + EPS) * dsqrtvar
    dsq = 1.0 / N * np.ones_like(x) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones_like(x) * dmu
    dx = dx1 + dx2
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, G):
    N = x.shape[0]
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    sq = xmu ** 2
    var = 1.0 / N * np.sum(sq, axis=0)
    sqrtvar = np.sqrt(var + EPS)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    dbeta = np.sum(G, axis=0)
    dgamma = np.sum(G * xhat, axis=0)
    dxhat = G * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + EPS) * dsqrtvar
    dsq = 1.0 / N * np.ones_like(x) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones_like(x) * dmu
    dx = dx1 + dx2
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (3, 4), "gamma": (4,), "beta": (4,), "G": (3, 4)})
case = derivation(loss, grad, **SPEC, name="t_batchnorm_43")
CAUSE = "return-order"
FIX = "Gradients are returned in the order of wrt: dx, dgamma, dbeta."
