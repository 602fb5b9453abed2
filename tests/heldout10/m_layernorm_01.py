"""Layer normalisation over the features, numpy backward:
y = gamma (x - mu) / sqrt(var + eps) + beta, mu and var over the D features of each row,
L = sum(dout * y); x (N, D), gamma, beta (D,), dout (N, D) with N = 6, D = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N, D = x.shape
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dxhat = dout * gamma
    inner = D * dxhat - dxhat.sum(axis=1, keepdims=True)
    inner -= xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    dx = inv * inner / N  # <- wrong
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N, D = x.shape
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv = 1.0 / np.sqrt(var + EPS)
    xhat = (x - mu) * inv
    dxhat = dout * gamma
    inner = D * dxhat - dxhat.sum(axis=1, keepdims=True)
    inner -= xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    dx = inv * inner / D
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 6, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_layernorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm's statistics run over the D features, so the count that divides is D, not N."
