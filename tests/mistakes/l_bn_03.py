"""A BatchNorm layer class in numpy (training mode), checked through L = sum(dout * out).

x (N, D), gamma (D,), beta (D,), xhat = (x - mean) / sqrt(var + eps), out = gamma xhat + beta.
"""

import numpy as np
import torch

from verify import derivation

EPS = 1e-5


class BatchNorm:
    def __init__(self, gamma, beta):
        self.gamma = gamma
        self.beta = beta

    def forward(self, x):
        self.x = x
        self.xc = x - x.mean(axis=0)
        self.std = np.sqrt(np.mean(self.xc**2, axis=0) + EPS)
        self.xn = self.xc / self.std
        return self.gamma * self.xn + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.x * dout, axis=0)  # <- wrong
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.x.shape[0]) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        return dxc - dmu / self.x.shape[0]


class BatchNormFixed(BatchNorm):
    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.x.shape[0]) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        return dxc - dmu / self.x.shape[0]


def loss(x, gamma, beta, dout):
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    xhat = (x - mu) / torch.sqrt(var + EPS)
    return (dout * (gamma * xhat + beta)).sum()


def grad(x, gamma, beta, dout):
    layer = BatchNorm(gamma, beta)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dgamma, layer.dbeta


def grad_fixed(x, gamma, beta, dout):
    layer = BatchNormFixed(gamma, beta)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dgamma, layer.dbeta


SPEC = dict(wrt=("x", "gamma", "beta"),
            shapes={"x": (5, 3), "gamma": (3,), "beta": (3,), "dout": (5, 3)})
case = derivation(loss, grad, **SPEC, name="l_bn_03")
CAUSE = "wrong-operand"
FIX = "Use the normalised input self.xn in dgamma, not the raw input self.x."
