"""Layer normalization over the features with a gain and a bias, in numpy:
out = gamma (x - mu) / sqrt(var + eps) + beta, mu and var per row;
checked through L = sum(dout * out); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), gamma, beta, EPS)).sum()


def grad(x, gamma, beta, dout):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    std = np.sqrt(var + EPS)
    xhat = (x - mu) / std
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * gamma
    proj = xhat * (dxhat * xhat).mean(axis=1, keepdims=True)
    dx = (dxhat - dxhat.mean(axis=1, keepdims=True) + proj) / std  # <- wrong
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    std = np.sqrt(var + EPS)
    xhat = (x - mu) / std
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * gamma
    proj = xhat * (dxhat * xhat).mean(axis=1, keepdims=True)
    dx = (dxhat - dxhat.mean(axis=1, keepdims=True) - proj) / std
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="h_norm_01")
CAUSE = "sign"
FIX = "The variance path enters with a minus: dx = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / std."
