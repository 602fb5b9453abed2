"""Group normalisation of a 1-d feature map, numpy backward: the C = 6 channels split into
G = 3 groups, each normalised over its channels and positions, then scaled per channel;
x (N, C, L) = (2, 6, 4), gamma and beta (C,), dout like x; eps = 1e-5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

GROUPS = 3
EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.group_norm(x, GROUPS, gamma, beta, EPS)).sum()


def grad(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N, C, L = x.shape
    xg = x.reshape(N, GROUPS, -1)
    mu = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    rstd = 1.0 / np.sqrt(var + EPS)
    xhat = (xg - mu) * rstd
    dgamma = (dout * xhat.reshape(N, C, L)).sum(axis=(0, 2))
    dbeta = dout.sum(axis=(0, 2))
    dxhat = (dout * gamma[None, :, None]).reshape(N, GROUPS, -1)
    dxg = rstd * (dxhat - dxhat.mean(axis=1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=2, keepdims=True))  # <- wrong
    dx = dxg.reshape(N, C, L)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    x, gamma, dout = np.asarray(x), np.asarray(gamma), np.asarray(dout)
    N, C, L = x.shape
    xg = x.reshape(N, GROUPS, -1)
    mu = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    rstd = 1.0 / np.sqrt(var + EPS)
    xhat = (xg - mu) * rstd
    dgamma = (dout * xhat.reshape(N, C, L)).sum(axis=(0, 2))
    dbeta = dout.sum(axis=(0, 2))
    dxhat = (dout * gamma[None, :, None]).reshape(N, GROUPS, -1)
    dxg = rstd * (dxhat - dxhat.mean(axis=2, keepdims=True) - xhat * (dxhat * xhat).mean(axis=2, keepdims=True))
    dx = dxg.reshape(N, C, L)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (2, 6, 4), "gamma": (6,), "beta": (6,), "dout": (2, 6, 4)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_gn_01")
CAUSE = "reduction-axis"
FIX = "Each group's mean runs over its own elements, axis 2 of the (N, G, C/G * L) view, not over the groups."
