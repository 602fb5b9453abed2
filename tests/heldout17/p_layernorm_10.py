"""Layer normalisation over the features of each row, numpy:
xhat = (x - mean_row) / sqrt(var_row + eps), y = gamma * xhat + beta, L = sum(G * y);
x (N, D), gamma (D,), beta (D,), G (N, D); N = 4, D = 6, eps = 1e-5.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=1, keepdim=True)
    var = ((x - mu) ** 2).mean(dim=1, keepdim=True)
    y = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return (G * y).sum()


def grad(x, gamma, beta, G):
    D = x.shape[0]  # <- wrong
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dxhat = G * gamma
    dx = inv / D * (D * dxhat - dxhat.sum(axis=1, keepdims=True)
                    - xhat * (dxhat * xhat).sum(axis=1, keepdims=True))
    dgamma = (G * xhat).sum(axis=0)
    return dx, dgamma


def grad_fixed(x, gamma, beta, G):
    D = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dxhat = G * gamma
    dx = inv / D * (D * dxhat - dxhat.sum(axis=1, keepdims=True)
                    - xhat * (dxhat * xhat).sum(axis=1, keepdims=True))
    dgamma = (G * xhat).sum(axis=0)
    return dx, dgamma


SPEC = dict(wrt=("x", "gamma"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "G": ("N", "D")},
            sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="p_layernorm_10")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the features, so the count is D = x.shape[1], not x.shape[0]."
