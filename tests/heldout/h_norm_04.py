"""Batch normalization (training mode) in torch, a batch as large as the feature count:
out = gamma xhat + beta, xhat = (x - mu) / sqrt(var + eps) over the batch;
checked through L = sum(dout * out); x (4, 4), gamma (4,), beta (4,), dout (4, 4).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=1)  # <- wrong
    g = dout * gamma
    dx = (g - g.mean(dim=0) - xhat * (g * xhat).mean(dim=0)) / std
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    std = torch.sqrt(var + EPS)
    xhat = (x - mu) / std
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    g = dout * gamma
    dx = (g - g.mean(dim=0) - xhat * (g * xhat).mean(dim=0)) / std
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (4, 4), "gamma": (4,), "beta": (4,), "dout": (4, 4)})
case = derivation(loss, grad, **SPEC, name="h_norm_04")
CAUSE = "reduction-axis"
FIX = "gamma is shared by the examples of a feature: sum dout * xhat over the batch, dim=0."
