"""Batch normalisation (training mode) with the compact backward formula, torch:
xhat = (x - mu) / sqrt(var + eps) per feature over the batch, y = gamma xhat + beta,
L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D).
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
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dx = gamma * rstd / N * (N * dout - dbeta)  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    rstd = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dx = gamma * rstd / N * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="w_batchnorm_02")
CAUSE = "missing-term"
FIX = "The variance depends on x too, which adds the term -xhat sum(dout xhat) inside the bracket."
