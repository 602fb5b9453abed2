"""Batch norm followed by a linear read-out and a squared error, torch:
xhat = (x - mu) / sqrt(var + eps), y = gamma xhat + beta, out = y w, L = 1/2 mean_n (out_n - t_n)^2;
x (N, D), gamma, beta, w (D,), t (N,), N = 8, D = 4, eps = 1e-5, biased variance.
"""

import torch

from verify import derivation

EPS = 1e-5


def loss(x, t, gamma, beta, w):
    mu = x.mean(0)
    var = x.var(0, unbiased=False)
    y = gamma * (x - mu) / torch.sqrt(var + EPS) + beta
    return 0.5 * ((y @ w - t) ** 2).mean()


def grad(x, t, gamma, beta, w):
    N = x.shape[0]
    mu = x.mean(0)
    var = x.var(0, unbiased=False)
    inv_std = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    y = gamma * xhat + beta
    g_out = (y @ w - t) / N
    dw = y.T @ g_out
    dy = g_out[:, None] * w[None, :]
    dgamma = (dy * xhat).sum(0)
    dbeta = dy.sum(0)
    dxhat = dy * gamma
    dx = inv_std * (dxhat - dxhat.mean(0))  # <- wrong
    return dx, dgamma, dbeta, dw


def grad_fixed(x, t, gamma, beta, w):
    N = x.shape[0]
    mu = x.mean(0)
    var = x.var(0, unbiased=False)
    inv_std = 1.0 / torch.sqrt(var + EPS)
    xhat = (x - mu) * inv_std
    y = gamma * xhat + beta
    g_out = (y @ w - t) / N
    dw = y.T @ g_out
    dy = g_out[:, None] * w[None, :]
    dgamma = (dy * xhat).sum(0)
    dbeta = dy.sum(0)
    dxhat = dy * gamma
    dx = inv_std * (dxhat - dxhat.mean(0) - xhat * (dxhat * xhat).mean(0))
    return dx, dgamma, dbeta, dw


SPEC = dict(wrt=("x", "gamma", "beta", "w"),
            shapes={"x": ("N", "D"), "t": ("N",), "gamma": ("D",), "beta": ("D",), "w": ("D",)},
            draws={}, sizes={"N": 8, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_bnorm_02")
CAUSE = "missing-term"
FIX = "The variance also depends on x, which adds the term - xhat * mean_n(dxhat * xhat) to dx."
