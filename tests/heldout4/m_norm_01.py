"""Batch normalisation in training mode with the staged CS231n backward, numpy:
xhat = (x - mu) / sqrt(var + eps) with the batch mean and biased variance, out = gamma xhat
+ beta, loss = sum(dout * out); x (N, D), gamma (D,), beta (D,), dout (N, D), N = 6, D = 3,
eps = 1e-5. Gradients of x, gamma, beta.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    out = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    std = np.sqrt(var + EPS)
    xhat = xc / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = np.sum(dxhat * xc, axis=0) * -0.5 * std ** -3
    dmu = np.sum(-dxhat / std, axis=0) + dvar * np.mean(-2 * xc, axis=0)
    dx = dxhat / std + dvar * 2 * xc / N  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    std = np.sqrt(var + EPS)
    xhat = xc / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = np.sum(dxhat * xc, axis=0) * -0.5 * std ** -3
    dmu = np.sum(-dxhat / std, axis=0) + dvar * np.mean(-2 * xc, axis=0)
    dx = dxhat / std + dvar * 2 * xc / N + dmu / N
    return dx, dgamma, dbeta


SPEC = dict(numpy=True, wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_norm_01")
CAUSE = "missing-term"
FIX = "x also reaches the loss through the batch mean, so dx gets the further term dmu / N."
