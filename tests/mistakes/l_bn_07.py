"""Batch normalisation over the batch axis, the long form of the backward pass, in torch.

x (N, D), gamma (D,), beta (D,), xhat = (x - mu) / sqrt(var + eps) with mu, var over axis 0,
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
    xmu = x - x.mean(dim=0)
    var = (xmu**2).mean(dim=0)
    sqrtvar = torch.sqrt(var + EPS)
    dxhat = dout * gamma
    dvar = -1.0 * (dxhat * xmu).sum(dim=0) / sqrtvar**3  # <- wrong
    dxmu = dxhat / sqrtvar + dvar * 2.0 * xmu / N
    dx = dxmu - dxmu.mean(dim=0)
    return dx


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    xmu = x - x.mean(dim=0)
    var = (xmu**2).mean(dim=0)
    sqrtvar = torch.sqrt(var + EPS)
    dxhat = dout * gamma
    dvar = -0.5 * (dxhat * xmu).sum(dim=0) / sqrtvar**3
    dxmu = dxhat / sqrtvar + dvar * 2.0 * xmu / N
    dx = dxmu - dxmu.mean(dim=0)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",),
                             "dout": ("N", "D")},
            sizes={"N": 5, "D": 2})
case = derivation(loss, grad, **SPEC, name="l_bn_07")
CAUSE = "wrong-coefficient"
FIX = "d(var + eps)^(-1/2) carries -1/2: use -0.5, not -1.0, in dvar."
