"""Layer normalisation over the features of each example, numpy:
xhat = (x - mean_d x) / sqrt(var_d x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D) with N = 4, D = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), gamma, beta, EPS)).sum()


def grad(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxhat = dout * gamma
    mean_dxhat = dxhat.sum(axis=1, keepdims=True) / D
    mean_dxhat_xhat = (dxhat * xhat).sum(axis=1, keepdims=True) / N  # <- wrong
    dx = inv * (dxhat - mean_dxhat - xhat * mean_dxhat_xhat)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxhat = dout * gamma
    mean_dxhat = dxhat.sum(axis=1, keepdims=True) / D
    mean_dxhat_xhat = (dxhat * xhat).sum(axis=1, keepdims=True) / D
    dx = inv * (dxhat - mean_dxhat - xhat * mean_dxhat_xhat)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_layernorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so the second mean divides by D, not N."
