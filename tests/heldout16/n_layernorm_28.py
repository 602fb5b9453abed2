"""Layer normalisation over the features with an upstream gradient, a square batch, numpy:
xhat = (x - mean_1 x) / sqrt(var_1 x + eps), y = gamma * xhat + beta, L = sum(G * y);
x (5, 5), gamma (5,), beta (5,), G (5, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    y = F.layer_norm(x, (x.shape[-1],), gamma, beta, eps=EPS)
    return (G * y).sum()


def grad(x, gamma, beta, G):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dgamma = (G * xhat).sum(axis=0)
    dbeta = G.sum(axis=0)
    dxhat = G * gamma
    m1 = dxhat.mean(axis=1)  # <- wrong
    m2 = (dxhat * xhat).mean(axis=1, keepdims=True)
    dx = inv * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, G):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dgamma = (G * xhat).sum(axis=0)
    dbeta = G.sum(axis=0)
    dxhat = G * gamma
    m1 = dxhat.mean(axis=1, keepdims=True)
    m2 = (dxhat * xhat).mean(axis=1, keepdims=True)
    dx = inv * (dxhat - m1 - xhat * m2)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"), shapes={"x": (5, 5), "gamma": (5,), "beta": (5,), "G": (5, 5)})
case = derivation(loss, grad, **SPEC, name="n_layernorm_28")
CAUSE = "reduction-axis"
FIX = "The row means must keep their axis, m1 = dxhat.mean(axis=1, keepdims=True), or they broadcast along the features instead of the rows."
