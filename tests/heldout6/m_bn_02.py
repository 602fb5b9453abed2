"""Batch normalisation in training mode, numpy flat function with the compact backward,
L = sum(dout * out); x (12, 4), gamma, beta (4,), dout (12, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

eps = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=eps)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = inv_std / N * (N * dxhat - xhat * np.sum(dxhat * xhat, axis=0))  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = inv_std / N * (N * dxhat - np.sum(dxhat, axis=0) - xhat * np.sum(dxhat * xhat, axis=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (12, 4), "gamma": (4,), "beta": (4,), "dout": (12, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_bn_02")
CAUSE = "missing-term"
FIX = "The mean's path contributes -sum(dxhat) / N to dx, which must be kept."
