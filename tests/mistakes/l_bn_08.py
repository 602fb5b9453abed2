"""Layer normalisation over the feature axis, the short form of the backward pass, in numpy.

x (N, D), gamma (D,), beta (D,), each ROW normalised: xhat = (x - mean_1 x) / sqrt(var_1 x + eps),
out = gamma xhat + beta, L = sum(dout * out) with dout (N, D) the upstream gradient.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    D = x.shape[0]  # <- wrong
    mu = x.mean(axis=1, keepdims=True)
    istd = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    xhat = (x - mu) * istd
    dxhat = dout * gamma
    total = dxhat.sum(axis=1, keepdims=True)
    dx = istd / D * (D * dxhat - total - xhat * (dxhat * xhat).sum(axis=1, keepdims=True))
    return dx


def grad_fixed(x, gamma, beta, dout):
    D = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)
    istd = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    xhat = (x - mu) * istd
    dxhat = dout * gamma
    total = dxhat.sum(axis=1, keepdims=True)
    dx = istd / D * (D * dxhat - total - xhat * (dxhat * xhat).sum(axis=1, keepdims=True))
    return dx


SPEC = dict(wrt="x", shapes={"x": (4, 3), "gamma": (3,), "beta": (3,), "dout": (4, 3)})
case = derivation(loss, grad, **SPEC, name="l_bn_08")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the features: divide by D = x.shape[1], not by N."
