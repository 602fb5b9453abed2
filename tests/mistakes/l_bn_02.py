"""Batch normalisation over the batch axis, the long form of the backward pass, in torch.

x (N, D), gamma (D,), beta (D,), mu and var over axis 0, xhat = (x - mu) / sqrt(var + eps),
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
    mu = x.mean(dim=0)
    xmu = x - mu
    var = (xmu**2).mean(dim=0)
    istd = 1.0 / torch.sqrt(var + EPS)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(dim=0) * -0.5 * istd**3
    dmu = dvar * (-2.0 * xmu).mean(dim=0)  # <- wrong
    dx = dxhat * istd + dvar * 2.0 * xmu / N + dmu / N
    return dx


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = x.mean(dim=0)
    xmu = x - mu
    var = (xmu**2).mean(dim=0)
    istd = 1.0 / torch.sqrt(var + EPS)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(dim=0) * -0.5 * istd**3
    dmu = -(dxhat * istd).sum(dim=0) + dvar * (-2.0 * xmu).mean(dim=0)
    dx = dxhat * istd + dvar * 2.0 * xmu / N + dmu / N
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",),
                             "dout": ("N", "D")},
            sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="l_bn_02")
CAUSE = "missing-term"
FIX = "Add the direct path -sum(dxhat * istd) to dmu."
