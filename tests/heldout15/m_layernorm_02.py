"""Layer normalisation over the features of each row, numpy:
y = gamma * xhat + beta, xhat = (x - mean_d x) / sqrt(var_d x + eps), L = sum(dout * y);
x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    return (dout * F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)).sum()


def grad(x, gamma, beta, dout):
    D = x.shape[1]
    mu = np.mean(x, axis=1, keepdims=True)
    xc = x - mu
    var = np.mean(xc ** 2, axis=1, keepdims=True)
    rstd = 1 / np.sqrt(var + EPS)
    xhat = xc * rstd
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=1)  # <- wrong
    g = dout * gamma
    dx = rstd / D * (D * g - np.sum(g, axis=1, keepdims=True) - xhat * np.sum(g * xhat, axis=1, keepdims=True))
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    D = x.shape[1]
    mu = np.mean(x, axis=1, keepdims=True)
    xc = x - mu
    var = np.mean(xc ** 2, axis=1, keepdims=True)
    rstd = 1 / np.sqrt(var + EPS)
    xhat = xc * rstd
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    g = dout * gamma
    dx = rstd / D * (D * g - np.sum(g, axis=1, keepdims=True) - xhat * np.sum(g * xhat, axis=1, keepdims=True))
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_layernorm_02")
CAUSE = "reduction-axis"
FIX = "gamma is shared by every row, so dgamma sums dout * xhat over the batch axis 0."
