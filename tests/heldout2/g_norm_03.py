"""Layer normalization backward adapted from a batchnorm solution (numpy): statistics over
the features of each example, out = gamma (x - mu_n) / sqrt(var_n + eps) + beta;
x (N, D) = (3, 5), gamma, beta (D,), checked through L = sum(dout * out).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=1, keepdim=True)
    var = x.var(dim=1, unbiased=False, keepdim=True)
    return (dout * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


def layernorm_forward(x, gamma, beta):
    mu = x.mean(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    xhat = (x - mu) * rstd
    return gamma * xhat + beta, (xhat, rstd, gamma)


def layernorm_backward(dout, cache):
    xhat, rstd, gamma = cache
    D = dout.shape[1]
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * gamma
    s1 = dxhat.sum(axis=1, keepdims=True)
    s2 = (dxhat * xhat).sum(axis=1, keepdims=True)
    dx = (1.0 / len(dout)) * rstd * (D * dxhat - s1 - xhat * s2)  # <- wrong
    return dx, dgamma, dbeta


def layernorm_backward_fixed(dout, cache):
    xhat, rstd, gamma = cache
    D = dout.shape[1]
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * gamma
    s1 = dxhat.sum(axis=1, keepdims=True)
    s2 = (dxhat * xhat).sum(axis=1, keepdims=True)
    dx = (1.0 / D) * rstd * (D * dxhat - s1 - xhat * s2)
    return dx, dgamma, dbeta


def grad(x, gamma, beta, dout):
    _, cache = layernorm_forward(x, gamma, beta)
    return layernorm_backward(dout, cache)


def grad_fixed(x, gamma, beta, dout):
    _, cache = layernorm_forward(x, gamma, beta)
    return layernorm_backward_fixed(dout, cache)


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (3, 5), "gamma": (5,), "beta": (5,), "dout": (3, 5)})
case = derivation(loss, grad, **SPEC, name="g_norm_03")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of an example: the prefactor is 1/D, not 1/N."
