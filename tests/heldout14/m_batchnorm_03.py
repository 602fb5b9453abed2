"""Batch normalisation in training mode, backward derived through the mean and the variance,
torch: xhat = (x - mu) / sqrt(var + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D).
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
    xmu = x - mu
    var = (xmu ** 2).mean(0)
    istd = 1.0 / torch.sqrt(var + EPS)
    xhat = xmu * istd
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(0) * -0.5 * istd ** 3
    dmu = -(dxhat * istd).sum(0) + dvar * (-2.0 * xmu).mean(0)
    dx = dxhat * istd + dvar * 2.0 * xmu / N  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(0)
    xmu = x - mu
    var = (xmu ** 2).mean(0)
    istd = 1.0 / torch.sqrt(var + EPS)
    xhat = xmu * istd
    dgamma = (dout * xhat).sum(0)
    dbeta = dout.sum(0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(0) * -0.5 * istd ** 3
    dmu = -(dxhat * istd).sum(0) + dvar * (-2.0 * xmu).mean(0)
    dx = dxhat * istd + dvar * 2.0 * xmu / N + dmu / N
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_03")
CAUSE = "missing-term"
FIX = "x also reaches the output through the batch mean, so dx gets the extra term dmu / N."
