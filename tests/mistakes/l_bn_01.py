"""Batch normalisation over the batch axis, the long form of the backward pass, in numpy.

x (N, D), gamma (D,), beta (D,), mu and var over axis 0, xhat = (x - mu) / sqrt(var + eps),
out = gamma xhat + beta, L = sum(dout * out) with dout (N, D) the upstream gradient.
"""

import numpy as np
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
    mu = np.mean(x, axis=0)
    xmu = x - mu
    var = np.mean(xmu**2, axis=0)
    istd = 1.0 / np.sqrt(var + EPS)
    dxhat = dout * gamma
    dvar = np.sum(dxhat * xmu, axis=0) * -0.5 * istd**3
    dmu = -np.sum(dxhat * istd, axis=0) + dvar * np.mean(-2.0 * xmu, axis=0)
    dx = dxhat * istd + dmu / N  # <- wrong
    return dx


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    mu = np.mean(x, axis=0)
    xmu = x - mu
    var = np.mean(xmu**2, axis=0)
    istd = 1.0 / np.sqrt(var + EPS)
    dxhat = dout * gamma
    dvar = np.sum(dxhat * xmu, axis=0) * -0.5 * istd**3
    dmu = -np.sum(dxhat * istd, axis=0) + dvar * np.mean(-2.0 * xmu, axis=0)
    dx = dxhat * istd + dvar * 2.0 * xmu / N + dmu / N
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 3), "gamma": (3,), "beta": (3,), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="l_bn_01")
CAUSE = "missing-term"
FIX = "Add the variance path dvar * 2 * xmu / N to dx."
