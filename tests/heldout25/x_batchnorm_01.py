"""Batch normalisation layer (training mode) with its backward pass, under an upstream gradient:
mu = mean_n x, var = mean_n (x - mu)^2, y = gamma (x - mu) / sqrt(var + eps) + beta,
L = sum(dout * y); x (N, D), gamma (D,), beta (D,), dout (N, D).
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    return (dout * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


class BatchNorm:
    def __init__(self, gamma, beta, eps=EPS):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        mu = np.mean(x, axis=0)
        xc = x - mu
        var = np.mean(xc ** 2, axis=0)
        std = np.sqrt(var + self.eps)
        xhat = xc / std
        self.cache = (xc, var, std, xhat)
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        xc, var, std, xhat = self.cache
        N = dout.shape[0]
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * xhat, axis=0)
        dxhat = dout * self.gamma
        dvar = np.sum(dxhat * xc, axis=0) * -0.5 * (var + self.eps) ** -1.5
        dmu = -np.sum(dxhat, axis=0) / std
        dx = dxhat / std + dvar * 2 * xc / (N - 1) + dmu / N  # <- wrong
        return dx


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        xc, var, std, xhat = self.cache
        N = dout.shape[0]
        self.dbeta = np.sum(dout, axis=0)
        self.dgamma = np.sum(dout * xhat, axis=0)
        dxhat = dout * self.gamma
        dvar = np.sum(dxhat * xc, axis=0) * -0.5 * (var + self.eps) ** -1.5
        dmu = -np.sum(dxhat, axis=0) / std
        dx = dxhat / std + dvar * 2 * xc / N + dmu / N
        return dx


def grad(x, gamma, beta, dout):
    bn = BatchNorm(gamma, beta)
    bn.forward(x)
    dx = bn.backward(dout)
    return dx, bn.dgamma, bn.dbeta


def grad_fixed(x, gamma, beta, dout):
    bn = BatchNormFixed(gamma, beta)
    bn.forward(x)
    dx = bn.backward(dout)
    return dx, bn.dgamma, bn.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "dout": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 4})
case = derivation(loss, grad, **SPEC, name="x_batchnorm_01")
CAUSE = "wrong-divisor"
FIX = "The forward pass uses the biased variance (1/N), so d var / d x = 2 (x - mu) / N."
