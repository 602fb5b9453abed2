"""Batch normalisation in torch, all three gradients, the short form of the backward pass.

x (N, D), gamma (D,), beta (D,), xhat = (x - mean_0 x) / sqrt(var_0 x + eps),
out = gamma xhat + beta, L = sum(dout * out) with dout (N, D) the upstream gradient.
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    istd = 1.0 / torch.sqrt(x.var(dim=0, unbiased=False) + EPS)
    xhat = (x - x.mean(dim=0)) * istd
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dx = gamma * istd / N * (N * dout - dbeta - xhat * dgamma)
    return dx, dbeta, dgamma  # <- wrong


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    istd = 1.0 / torch.sqrt(x.var(dim=0, unbiased=False) + EPS)
    xhat = (x - x.mean(dim=0)) * istd
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dx = gamma * istd / N * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_bn_06")
CAUSE = "return-order"
FIX = "Return (dx, dgamma, dbeta), the order of wrt."
