"""Batch normalization (training mode) in torch, the one-line backward formula;
checked through L = sum(dout * out); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import torch
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    out = F.batch_norm(x, None, None, gamma, beta, training=True, eps=EPS)
    return (dout * out).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dsum = dout.sum(dim=0)
    dproj = (dout * xhat).sum(dim=0)
    dx = gamma / (var + EPS) / N * (N * dout - dsum - xhat * dproj)  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dsum = dout.sum(dim=0)
    dproj = (dout * xhat).sum(dim=0)
    dx = gamma / torch.sqrt(var + EPS) / N * (N * dout - dsum - xhat * dproj)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 7, "D": 3})
case = derivation(loss, grad, **SPEC, name="h_norm_06")
CAUSE = "wrong-operand"
FIX = "Divide by the standard deviation sqrt(var + eps), not by the variance."
