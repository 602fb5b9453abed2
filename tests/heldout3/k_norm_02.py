"""Batch normalisation (training mode) in torch (no autograd):
xhat = (x - mean_n x) / sqrt(var_n x + eps), y = gamma xhat + beta, L = sum(dout * y);
x (N, C) = (8, 3), gamma (3,), beta (3,), dout (8, 3).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, gamma, beta, dout):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)
    return (dout * y).sum()


def grad(x, gamma, beta, dout):
    N = x.shape[0]
    eps = 1e-5
    mu = x.mean(dim=0)
    xc = x - mu
    var = (xc ** 2).mean(dim=0)
    std = torch.sqrt(var + eps)
    xhat = xc / std
    dbeta = dout.sum(dim=0)
    dgamma = (dout * x).sum(dim=0)  # <- wrong
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
    return dx, dgamma, dbeta


def grad_fixed(x, gamma, beta, dout):
    N = x.shape[0]
    eps = 1e-5
    mu = x.mean(dim=0)
    xc = x - mu
    var = (xc ** 2).mean(dim=0)
    std = torch.sqrt(var + eps)
    xhat = xc / std
    dbeta = dout.sum(dim=0)
    dgamma = (dout * xhat).sum(dim=0)
    dxhat = dout * gamma
    dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
    return dx, dgamma, dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "C"), "gamma": ("C",), "beta": ("C",), "dout": ("N", "C")},
            sizes={"N": 8, "C": 3})
case = derivation(loss, grad, **SPEC, name="k_norm_02")
CAUSE = "wrong-operand"
FIX = "gamma multiplies the normalised xhat, so dgamma = (dout * xhat).sum(dim=0), not dout * x."
