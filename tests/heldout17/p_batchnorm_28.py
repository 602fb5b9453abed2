"""Batch normalisation (training mode) as a numpy layer class with a cache:
xhat = (x - mean_batch) / sqrt(var_batch + eps), y = gamma * xhat + beta, L = sum(G * y);
x (4, 4), gamma (4,), beta (4,), G (4, 4); eps = 1e-5.
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
        self.gamma, self.beta = gamma, beta

    def forward(self, x):
        self.mu = x.mean(axis=0)
        self.xc = x - self.mu
        self.std = np.sqrt((self.xc ** 2).mean(axis=0) + EPS)
        self.xhat = self.xc / self.std
        return self.gamma * self.xhat + self.beta

    def backward(self, dout):
        n = dout.shape[0]
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=1)  # <- wrong
        dxhat = dout * self.gamma
        dxc = dxhat / self.std
        dstd = -np.sum(dxhat * self.xc / self.std ** 2, axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += 2.0 * self.xc * dvar / n
        return dxc - dxc.mean(axis=0)


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        n = dout.shape[0]
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        dxhat = dout * self.gamma
        dxc = dxhat / self.std
        dstd = -np.sum(dxhat * self.xc / self.std ** 2, axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += 2.0 * self.xc * dvar / n
        return dxc - dxc.mean(axis=0)


def grad(x, gamma, beta, G):
    bn = BatchNorm(gamma, beta)
    bn.forward(x)
    dx = bn.backward(G)
    return dx, bn.dgamma, bn.dbeta


def grad_fixed(x, gamma, beta, G):
    bn = BatchNormFixed(gamma, beta)
    bn.forward(x)
    dx = bn.backward(G)
    return dx, bn.dgamma, bn.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"), shapes={"x": (4, 4), "gamma": (4,), "beta": (4,), "G": (4, 4)})
case = derivation(loss, grad, **SPEC, name="p_batchnorm_28")
CAUSE = "reduction-axis"
FIX = "gamma is per feature, so dgamma sums dout * xhat over the batch axis 0, not over the features."
