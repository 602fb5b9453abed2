"""Batch normalisation in training mode on a square batch (as many examples as features), numpy:
xhat = (x - mean_n x) / sqrt(var_n x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D) with N = D = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    std = np.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=1)  # <- wrong
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    std = np.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_01")
CAUSE = "reduction-axis"
FIX = "gamma is shared by every example, so dgamma sums dout * xhat over the batch axis 0."
