"""Batch normalisation in training mode, torch, with the compact backward formula:
xhat = (x - mean_batch) / sqrt(var_batch + eps) (biased var, eps = 1e-5), y = gamma xhat + beta,
checked through L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 6, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dxhat = dout * gamma
    dx = rstd * (dxhat - dxhat.mean(dim=1, keepdim=True) - xhat * (dxhat * xhat).mean(dim=0))  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dxhat = dout * gamma
    dx = rstd * (dxhat - dxhat.mean(dim=0, keepdim=True) - xhat * (dxhat * xhat).mean(dim=0))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 6, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_bn_03")
CAUSE = "reduction-axis"
FIX = "Batch norm averages over the batch, so the mean of dxhat is taken over dim 0, not over the features."
