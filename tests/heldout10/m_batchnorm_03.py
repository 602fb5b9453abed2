"""Batch normalisation, the compact backward of the course solution, numpy:
y = gamma xhat + beta with xhat = (x - mu) / sqrt(var + eps) over the batch, L = sum(dout * y);
x (N, D), gamma, beta (D,), dout (N, D) with N = 8, D = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N = x.shape[0]
    inv = 1.0 / np.sqrt(x.var(axis=0) + EPS)
    xhat = (x - x.mean(axis=0)) * inv
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = inv / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N = x.shape[0]
    inv = 1.0 / np.sqrt(x.var(axis=0) + EPS)
    xhat = (x - x.mean(axis=0)) * inv
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = inv / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 8, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_03")
CAUSE = "return-order"
FIX = "wrt is (x, gamma, beta): return dx, dgamma, dbeta."
