"""Layer norm over the features of each row, then a squared error, numpy (adapted from a batch-norm backward):
xhat = (x - mean_d x) / sqrt(var_d x + eps), y = gamma xhat + beta, L = 1/2 sum (y - T)^2;
x (N, D), gamma, beta (D,), T (N, D), N = 4, D = 6, eps = 1e-5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 1e-5


def loss(x, T, gamma, beta):
    y = F.layer_norm(x, (x.shape[1],), gamma, beta, eps=EPS)
    return 0.5 * ((y - T) ** 2).sum()


def grad(x, T, gamma, beta):
    x, T = np.asarray(x), np.asarray(T)
    gamma, beta = np.asarray(gamma), np.asarray(beta)
    n = x.shape[0]  # <- wrong
    mu = x.mean(axis=1, keepdims=True)
    std = np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    xhat = (x - mu) / std
    dy = gamma * xhat + beta - T
    dgamma = (dy * xhat).sum(axis=0)
    dbeta = dy.sum(axis=0)
    dxhat = dy * gamma
    dx = (n * dxhat - dxhat.sum(axis=1, keepdims=True)
          - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)) / (n * std)
    return dx, dgamma, dbeta


def grad_fixed(x, T, gamma, beta):
    x, T = np.asarray(x), np.asarray(T)
    gamma, beta = np.asarray(gamma), np.asarray(beta)
    n = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)
    std = np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    xhat = (x - mu) / std
    dy = gamma * xhat + beta - T
    dgamma = (dy * xhat).sum(axis=0)
    dbeta = dy.sum(axis=0)
    dxhat = dy * gamma
    dx = (n * dxhat - dxhat.sum(axis=1, keepdims=True)
          - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)) / (n * std)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "T": ("N", "D"), "gamma": ("D",), "beta": ("D",)},
            draws={}, sizes={"N": 4, "D": 6})
case = derivation(loss, grad, **SPEC, name="m_lnorm_01")
CAUSE = "wrong-divisor"
FIX = "Layer norm averages over the D features of a row, so n = x.shape[1], not the batch size."
