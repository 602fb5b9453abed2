"""Layer normalisation over the features of each row, with a gain and a bias, numpy:
xhat = (x - mean_d x) / sqrt(var_d x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    y = F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dxhat = dout * gamma
    sum1 = dxhat.sum(axis=1, keepdims=True)
    sum2 = (dxhat * xhat).sum(axis=1, keepdims=True)
    dx = rstd / N * (D * dxhat - sum1 - xhat * sum2)  # <- wrong
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N, D = x.shape
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * rstd
    dxhat = dout * gamma
    sum1 = dxhat.sum(axis=1, keepdims=True)
    sum2 = (dxhat * xhat).sum(axis=1, keepdims=True)
    dx = rstd / D * (D * dxhat - sum1 - xhat * sum2)
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 3, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_layernorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so the prefactor is rstd / D, not rstd / N."
