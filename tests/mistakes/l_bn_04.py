"""Batch normalisation over the batch axis, the short form of the backward pass, in torch.

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
    N = x.shape[1]  # <- wrong
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    istd = torch.rsqrt(var + EPS)
    xhat = (x - mu) * istd
    dxhat = dout * gamma
    dx = istd / N * (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0))
    return dx


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    istd = torch.rsqrt(var + EPS)
    xhat = (x - mu) * istd
    dxhat = dout * gamma
    dx = istd / N * (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0))
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 3), "gamma": (3,), "beta": (3,), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="l_bn_04")
CAUSE = "wrong-divisor"
FIX = "Take N from the batch axis, x.shape[0], not the feature axis."
