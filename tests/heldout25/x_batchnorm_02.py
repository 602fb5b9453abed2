"""Batch normalisation (training mode) with a learned scale, backward in the compact form,
under an upstream gradient: xhat = (x - mean_n x) / sqrt(var_n x + eps), y = gamma xhat,
L = sum(dout * y); x (N, D), gamma (D,), dout (N, D).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, dout):
    mu = x.mean(dim=0)
    var = x.var(dim=0, unbiased=False)
    return (dout * gamma * (x - mu) / torch.sqrt(var + EPS)).sum()


def grad(x, gamma, dout):
    N = x.shape[0]
    mu = np.mean(x, axis=0)
    std = np.sqrt(np.var(x, axis=0) + EPS)
    xhat = (x - mu) / std
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    sum_d = np.sum(dxhat, axis=0)
    sum_dx = np.sum(dxhat * xhat, axis=1)  # <- wrong
    dx = (N * dxhat - sum_d - xhat * sum_dx) / (N * std)
    return dx, dgamma


def grad_fixed(x, gamma, dout):
    N = x.shape[0]
    mu = np.mean(x, axis=0)
    std = np.sqrt(np.var(x, axis=0) + EPS)
    xhat = (x - mu) / std
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    sum_d = np.sum(dxhat, axis=0)
    sum_dx = np.sum(dxhat * xhat, axis=0)
    dx = (N * dxhat - sum_d - xhat * sum_dx) / (N * std)
    return dx, dgamma


SPEC = dict(wrt=("x", "gamma"), shapes={"x": ("N", "D"), "gamma": ("D",), "dout": ("N", "D")}, draws={},
            sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="x_batchnorm_02")
CAUSE = "reduction-axis"
FIX = "Batch statistics are taken over the examples, so sum dxhat * xhat over axis 0."
