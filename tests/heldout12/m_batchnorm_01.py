"""Batch normalisation as a numpy layer class with a staged backward, through an upstream gradient:
mu = mean_n x, var = mean_n (x - mu)^2, xhat = (x - mu) / sqrt(var + eps), y = gamma xhat + beta, E = sum(G * y);
x (N, D), gamma (D,), beta (D,), G (N, D), with N = 4, D = 3.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


def loss(x, gamma, beta, G):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    return (G * (gamma * (x - mu) / torch.sqrt(var + EPS) + beta)).sum()


class BatchNorm:
    def __init__(self, gamma, beta):
        self.gamma = gamma
        self.beta = beta

    def forward(self, x):
        mu = x.mean(axis=0)
        xmu = x - mu
        var = (xmu ** 2).mean(axis=0)
        ivar = 1.0 / np.sqrt(var + EPS)
        xhat = xmu * ivar
        self.cache = (xhat, xmu, ivar, var)
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        xhat, xmu, ivar, var = self.cache
        N = dout.shape[0]
        self.dgamma = (dout * xhat).sum(axis=0)
        self.dbeta = dout.sum(axis=0)
        dxhat = dout * self.gamma
        dvar = (dxhat * xmu).sum(axis=0) * -0.5 * (var + EPS) ** -1.5
        dmu = -(dxhat * ivar).sum(axis=0) + dvar * (-2.0 * xmu).mean(axis=0)
        dx = dxhat * ivar + dmu / N  # <- wrong
        return dx


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        xhat, xmu, ivar, var = self.cache
        N = dout.shape[0]
        self.dgamma = (dout * xhat).sum(axis=0)
        self.dbeta = dout.sum(axis=0)
        dxhat = dout * self.gamma
        dvar = (dxhat * xmu).sum(axis=0) * -0.5 * (var + EPS) ** -1.5
        dmu = -(dxhat * ivar).sum(axis=0) + dvar * (-2.0 * xmu).mean(axis=0)
        dx = dxhat * ivar + dvar * 2.0 * xmu / N + dmu / N
        return dx


def grad(x, gamma, beta, G):
    bn = BatchNorm(np.asarray(gamma), np.asarray(beta))
    bn.forward(np.asarray(x))
    dx = bn.backward(np.asarray(G))
    return dx, bn.dgamma, bn.dbeta


def grad_fixed(x, gamma, beta, G):
    bn = BatchNormFixed(np.asarray(gamma), np.asarray(beta))
    bn.forward(np.asarray(x))
    dx = bn.backward(np.asarray(G))
    return dx, bn.dgamma, bn.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": ("N", "D"), "gamma": ("D",), "beta": ("D",), "G": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_batchnorm_01")
CAUSE = "missing-term"
FIX = "x reaches the loss through the variance too, so dx needs the term dvar * 2 (x - mu) / N."
